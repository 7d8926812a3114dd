// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { elementReady } from '../../extension/src/content/element-ready.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('elementReady', () => {
  it('resolves at once with an element that is already there', async () => {
    document.body.innerHTML = '<table id="user-list"></table>';
    const element = await elementReady('#user-list', new AbortController().signal);
    expect(element?.id).toBe('user-list');
  });

  it('resolves when the element is added later', async () => {
    const waiting = elementReady('#user-list', new AbortController().signal);
    const wrapper = document.createElement('section');
    wrapper.innerHTML = '<table id="user-list"></table>';
    document.body.append(wrapper);
    expect((await waiting)?.id).toBe('user-list');
  });

  it('resolves with null when the signal aborts first, and stops observing', async () => {
    const controller = new AbortController();
    const waiting = elementReady('#user-list', controller.signal);
    controller.abort();
    expect(await waiting).toBeNull();
    expect(await elementReady('#user-list', controller.signal)).toBeNull();
  });
});
