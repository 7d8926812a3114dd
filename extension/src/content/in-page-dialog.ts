// The modal that hosts a dialog page (an extension page in an iframe, see the top of main.ts).
// A native <dialog> opened with showModal(): the browser makes the rest of the page inert, which
// traps focus, and turns Escape into a `cancel` event. Escape pressed inside the iframe never reaches
// this document, so the dialog page reports it as a `close` message instead.
import { isDialogMessage } from '../common/dialog-link.ts';

export interface InPageDialogOptions {
  /** Accessible name, e.g. "Import users" (docs/administrators.md#the-import-wizard). */
  label: string;
  /** URL of the dialog page, context in its fragment. */
  src: string;
  /** Origin of the extension's pages: the only origin whose messages we accept. */
  extensionOrigin: string;
  width: number;
  /** Where the <dialog> lives (our shadow root). */
  container: ParentNode & Node;
  /** Gets the focus back when the dialog closes: the button that opened it. */
  returnFocusTo?: HTMLElement;
  /** Called once, after the dialog closed. */
  onClosed: (usersChanged: boolean) => void;
}

export function openInPageDialog(options: InPageDialogOptions): HTMLDialogElement {
  const ownerDocument = options.container.ownerDocument ?? document;
  const view = ownerDocument.defaultView ?? window;

  const dialog = ownerDocument.createElement('dialog');
  dialog.setAttribute('aria-label', options.label);
  dialog.style.setProperty('--dialog-width', `${options.width}px`);
  const frame = ownerDocument.createElement('iframe');
  frame.title = options.label;
  frame.src = options.src;
  dialog.append(frame);

  let usersChanged = false;
  const onMessage = (event: MessageEvent): void => {
    if (!frame.contentWindow || event.source !== frame.contentWindow) return;
    if (event.origin !== options.extensionOrigin) return;
    if (!isDialogMessage(event.data)) return;
    if (event.data.type === 'resize') {
      dialog.style.setProperty('--frame-height', `${Math.ceil(event.data.height)}px`);
    } else {
      usersChanged ||= event.data.usersChanged;
      dialog.close();
    }
  };
  view.addEventListener('message', onMessage);
  dialog.addEventListener('close', () => {
    view.removeEventListener('message', onMessage);
    dialog.remove();
    options.returnFocusTo?.focus();
    options.onClosed(usersChanged);
  });
  // Escape while focus is on the dialog itself (not inside the iframe): close it.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    dialog.close();
  });

  // Focus moves into the dialog page once it is there; it then focuses its first control.
  frame.addEventListener('load', () => frame.focus(), { once: true });
  options.container.append(dialog);
  dialog.showModal();
  frame.focus();
  return dialog;
}
