// The modal that hosts a dialog page (an extension page in an iframe, see the top of main.ts).
// A native <dialog> opened with showModal(): the browser makes the rest of the page inert, which
// traps focus, and turns Escape into a `cancel` event. Escape pressed inside the iframe never reaches
// this document, so the dialog page reports it as a `close` message instead. The dialog gets its
// context and answers over a MessageChannel (common/dialog-link.ts).
import { isDialogMessage, type DialogConnect } from '../common/dialog-link.ts';

export interface InPageDialogOptions {
  /** Accessible name, e.g. "Import users" (docs/administrators.md#the-import-wizard). */
  label: string;
  /** URL of the dialog page (runtime.getURL). */
  src: string;
  /** Origin of the dialog page's document: the only one that gets the connect message. */
  extensionOrigin: string;
  /** The ticket and context handed to the dialog page once it has loaded. */
  connect: DialogConnect;
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

  const dialog = ownerDocument.createElement('dialog');
  dialog.setAttribute('aria-label', options.label);
  dialog.style.setProperty('--dialog-width', `${options.width}px`);
  const frame = ownerDocument.createElement('iframe');
  frame.title = options.label;
  frame.src = options.src;
  dialog.append(frame);

  let usersChanged = false;
  // Only the dialog page gets the other end of this channel, so whatever arrives here is its.
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent): void => {
    if (!isDialogMessage(event.data)) return;
    if (event.data.type === 'resize') {
      dialog.style.setProperty('--frame-height', `${Math.ceil(event.data.height)}px`);
    } else {
      usersChanged ||= event.data.usersChanged;
      dialog.close();
    }
  };
  dialog.addEventListener('close', () => {
    channel.port1.close();
    dialog.remove();
    options.returnFocusTo?.focus();
    options.onClosed(usersChanged);
  });
  // Escape while focus is on the dialog itself (not inside the iframe): close it.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    dialog.close();
  });

  // Once the dialog page is there: its context, to the extension's origin only (a frame the page
  // navigated elsewhere gets nothing), and focus, which it passes on to its first control.
  frame.addEventListener(
    'load',
    () => {
      frame.contentWindow?.postMessage(options.connect, options.extensionOrigin, [channel.port2]);
      frame.focus();
    },
    { once: true },
  );
  options.container.append(dialog);
  dialog.showModal();
  frame.focus();
  return dialog;
}
