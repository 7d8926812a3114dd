// The dialog page's side of the conversation with the content script (see common/dialog-link.ts): it
// waits for its parent's `connect`, has the background vouch for the ticket in it, and then answers
// only over the port that came with it.
import {
  DIALOG_MESSAGE_SOURCE,
  readDialogConnect,
  type DialogContext,
  type DialogMessage,
} from '../common/dialog-link.ts';
import type { DialogTicketRedeemed, DialogTicketRedemption } from '../common/runtime-messages.ts';

export interface ParentBridge {
  /** Asks the content script to close the modal; `usersChanged` makes it reload the user list. */
  close(usersChanged: boolean): void;
  /** Keeps the iframe as tall as `element`; returns a function that stops it. */
  followHeight(element: Element): () => void;
}

export function createParentBridge(port: MessagePort): ParentBridge {
  const post = (message: DialogMessage): void => port.postMessage(message);
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

export type ParentConnection =
  | { ok: true; context: DialogContext; pageUrl: string; bridge: ParentBridge }
  /** `not-framed`: opened as a page of its own; `refused`: its parent is not our content script. */
  | { ok: false; reason: 'not-framed' | 'refused' };

/**
 * Resolves once the parent window's first message has been judged. `redeem` asks the background; a
 * rejected or missing answer counts as a refusal.
 */
export function connectToParent(
  view: Window,
  redeem: (redemption: DialogTicketRedemption) => Promise<DialogTicketRedeemed | undefined>,
): Promise<ParentConnection> {
  if (view.parent === view) return Promise.resolve({ ok: false, reason: 'not-framed' });
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      // Other frames (the dialog's own, an extension's) may message us too; only the parent counts.
      if (event.source !== view.parent) return;
      view.removeEventListener('message', onMessage);
      const connect = readDialogConnect(event.data);
      const port = event.ports[0];
      if (!connect || !port) {
        port?.close();
        resolve({ ok: false, reason: 'refused' });
        return;
      }
      const { ticket, context } = connect;
      void redeem({
        type: 'portatour:redeem-dialog-ticket',
        ticket,
        tenantId: context.tenantId,
        view: context.view,
        parentOrigin: event.origin,
      })
        .catch(() => undefined)
        .then((answer) => {
          if (answer?.ok) {
            resolve({ ok: true, context, pageUrl: answer.pageUrl, bridge: createParentBridge(port) });
          } else {
            port.close();
            resolve({ ok: false, reason: 'refused' });
          }
        });
    };
    view.addEventListener('message', onMessage);
  });
}
