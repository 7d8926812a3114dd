// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIALOG_MESSAGE_SOURCE, type DialogConnect } from '../../extension/src/common/dialog-link.ts';
import { openInPageDialog } from '../../extension/src/content/in-page-dialog.ts';

// Chrome's per-session host of a `use_dynamic_url` resource; the page it loads has the extension's origin.
const DIALOG_URL = 'chrome-extension://d86afa09-4df4-402c-bbeb-dd0f728bbe52/src/dialog/dialog.html';
const EXTENSION_ORIGIN = 'chrome-extension://bogfcckjjhhghjalkkonnpicfbjmdebe';
const CONNECT: DialogConnect = {
  source: DIALOG_MESSAGE_SOURCE,
  type: 'connect',
  ticket: 'ticket-1',
  context: { view: 'import', tenantId: 'demo', language: 'en', pageToken: 'demo-admin-token' },
};

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
    src: DIALOG_URL,
    extensionOrigin: EXTENSION_ORIGIN,
    connect: CONNECT,
    width: 760,
    container,
    returnFocusTo: opener,
    onClosed,
  });
  const frame = dialog.querySelector('iframe');
  if (!frame) throw new Error('no iframe');
  // happy-dom does not load iframes; stand in for the dialog page's window.
  const postMessage = vi.fn<(message: unknown, targetOrigin: string, transfer: Transferable[]) => void>();
  Object.defineProperty(frame, 'contentWindow', { value: { postMessage } });
  return { dialog, frame, opener, onClosed, postMessage };
}

/** Loads the frame and returns the port the dialog page would get. */
function load(frame: HTMLIFrameElement, postMessage: ReturnType<typeof open>['postMessage']): MessagePort {
  frame.dispatchEvent(new Event('load'));
  // Node's MessagePort, not happy-dom's: checked by shape.
  const port = postMessage.mock.calls[0]?.[2]?.[0] as MessagePort | undefined;
  if (typeof port?.postMessage !== 'function') throw new Error('no port transferred');
  return port;
}

const delivered = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('in-page dialog', () => {
  it('opens a modal named like its dialog page, with the page in an iframe, and nothing in its URL', () => {
    const { dialog, frame } = open();
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute('aria-label')).toBe('Import users');
    expect(frame.title).toBe('Import users');
    expect(frame.getAttribute('src')).toBe(DIALOG_URL);
  });

  it('hands the loaded dialog page its ticket and context, only to the extension origin, with a port', () => {
    const { frame, postMessage } = open();
    expect(postMessage).not.toHaveBeenCalled();
    load(frame, postMessage);
    expect(postMessage).toHaveBeenCalledTimes(1);
    expect(postMessage.mock.calls[0]?.[0]).toEqual(CONNECT);
    expect(postMessage.mock.calls[0]?.[1]).toBe(EXTENSION_ORIGIN);
    // A second load (the page navigated the frame) gets nothing.
    frame.dispatchEvent(new Event('load'));
    expect(postMessage).toHaveBeenCalledTimes(1);
  });

  it('follows the height the dialog page reports over the port', async () => {
    const { dialog, frame, postMessage } = open();
    const port = load(frame, postMessage);
    port.postMessage({ source: DIALOG_MESSAGE_SOURCE, type: 'resize', height: 412.4 });
    await delivered();
    expect(dialog.style.getPropertyValue('--frame-height')).toBe('413px');
    port.close();
  });

  it("closes on the dialog page's request, reports changed users and gives focus back", async () => {
    const { dialog, frame, opener, onClosed, postMessage } = open();
    const port = load(frame, postMessage);
    port.postMessage({ source: DIALOG_MESSAGE_SOURCE, type: 'close', usersChanged: true });
    await delivered();
    expect(onClosed).toHaveBeenCalledWith(true);
    expect(dialog.isConnected).toBe(false);
    expect(document.activeElement).toBe(opener);
    port.close();
  });

  it('ignores window messages, even from the frame, and malformed port messages', async () => {
    const { dialog, frame, onClosed, postMessage } = open();
    const port = load(frame, postMessage);
    const close = { source: DIALOG_MESSAGE_SOURCE, type: 'close', usersChanged: true };
    window.dispatchEvent(
      new MessageEvent('message', {
        source: frame.contentWindow,
        origin: 'chrome-extension://bogfcckjjhhghjalkkonnpicfbjmdebe',
        data: close,
      }),
    );
    window.dispatchEvent(
      new MessageEvent('message', { source: window, origin: location.origin, data: close }),
    );
    port.postMessage({ source: DIALOG_MESSAGE_SOURCE, type: 'close' });
    await delivered();
    expect(onClosed).not.toHaveBeenCalled();
    expect(dialog.open).toBe(true);
    port.close();
  });

  it('closes on Escape (the cancel event) without changes', () => {
    const { dialog, onClosed } = open();
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(onClosed).toHaveBeenCalledWith(false);
  });
});
