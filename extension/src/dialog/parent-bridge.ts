// The dialog page's side of the conversation with the content script (see common/dialog-link.ts):
// answers go only to the host page's exact origin, never to "*".
import { DIALOG_MESSAGE_SOURCE, type DialogMessage } from '../common/dialog-link.ts';

export interface ParentBridge {
  /** Asks the content script to close the modal; `usersChanged` makes it reload the user list. */
  close(usersChanged: boolean): void;
  /** Keeps the iframe as tall as `element`; returns a function that stops it. */
  followHeight(element: Element): () => void;
}

export function createParentBridge(view: Window, parentOrigin: string): ParentBridge {
  const post = (message: DialogMessage): void => {
    if (view.parent === view) {
      // Opened in a tab of its own (e.g. while debugging): there is no modal to talk to.
      if (message.type === 'close') view.close();
      return;
    }
    view.parent.postMessage(message, parentOrigin);
  };
  return {
    close: (usersChanged) => post({ source: DIALOG_MESSAGE_SOURCE, type: 'close', usersChanged }),
    followHeight(element) {
      const observer = new ResizeObserver(() => {
        const height = element.getBoundingClientRect().height;
        if (height > 0) post({ source: DIALOG_MESSAGE_SOURCE, type: 'resize', height });
      });
      observer.observe(element);
      return () => observer.disconnect();
    },
  };
}
