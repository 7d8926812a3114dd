// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIALOG_MESSAGE_SOURCE } from '../../extension/src/common/dialog-link.ts';
import { openInPageDialog } from '../../extension/src/content/in-page-dialog.ts';

const EXTENSION_ORIGIN = 'chrome-extension://bogfcckjjhhghjalkkonnpicfbjmdebe';

afterEach(() => {
  document.body.innerHTML = '';
});

function open() {
  const opener = document.createElement('button');
  document.body.append(opener);
  const container = document.createElement('div');
  document.body.append(container);
  const onClosed = vi.fn<(usersChanged: boolean) => void>();
  const dialog = openInPageDialog({
    label: 'Import users',
    src: 'about:blank#view=import',
    extensionOrigin: EXTENSION_ORIGIN,
    width: 760,
    container,
    returnFocusTo: opener,
    onClosed,
  });
  const frame = dialog.querySelector('iframe');
  if (!frame) throw new Error('no iframe');
  // happy-dom does not load iframes; stand in for the dialog page's window.
  const pageWindow = new EventTarget() as unknown as Window;
  Object.defineProperty(frame, 'contentWindow', { value: pageWindow });
  return { dialog, frame, opener, onClosed };
}

function post(source: MessageEventSource | null, origin: string, data: unknown): void {
  window.dispatchEvent(new MessageEvent('message', { source, origin, data }));
}

describe('in-page dialog', () => {
  it('opens a modal named like its dialog page, with the page in an iframe', () => {
    const { dialog, frame } = open();
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute('aria-label')).toBe('Import users');
    expect(frame.title).toBe('Import users');
    expect(frame.getAttribute('src')).toBe('about:blank#view=import');
  });

  it('follows the height the dialog page reports', () => {
    const { dialog, frame } = open();
    post(frame.contentWindow, EXTENSION_ORIGIN, {
      source: DIALOG_MESSAGE_SOURCE,
      type: 'resize',
      height: 412.4,
    });
    expect(dialog.style.getPropertyValue('--frame-height')).toBe('413px');
  });

  it("closes on the dialog page's request, reports changed users and gives focus back", () => {
    const { dialog, frame, opener, onClosed } = open();
    post(frame.contentWindow, EXTENSION_ORIGIN, {
      source: DIALOG_MESSAGE_SOURCE,
      type: 'close',
      usersChanged: true,
    });
    expect(onClosed).toHaveBeenCalledWith(true);
    expect(dialog.isConnected).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it('ignores messages from another origin or another window', () => {
    const { dialog, frame, onClosed } = open();
    const close = { source: DIALOG_MESSAGE_SOURCE, type: 'close', usersChanged: true };
    post(frame.contentWindow, 'http://127.0.0.1:8788', close);
    post(window, EXTENSION_ORIGIN, close);
    expect(onClosed).not.toHaveBeenCalled();
    expect(dialog.open).toBe(true);
  });

  it('closes on Escape (the cancel event) without changes', () => {
    const { dialog, onClosed } = open();
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(onClosed).toHaveBeenCalledWith(false);
  });
});
