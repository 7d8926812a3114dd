// How the content script hands a dialog its context, and how the dialog answers.
//
// The dialog page is web-accessible, so a page the manifest allows could frame it too, and its URL is
// the framer's to choose: the dialog believes nothing in it. Instead:
// 1. A button click asks the background for a one-time ticket, bound to the tab, the page, its tenant
//    and the view (background/dialog-tickets.ts). Only the extension's own scripts can ask.
// 2. Once the iframe has loaded, the content script posts a `connect` message with the ticket and the
//    context to the frame's window — to the extension's origin only — and transfers one end of a
//    MessageChannel with it.
// 3. The dialog takes only its parent window's first `connect`, and redeems the ticket with the
//    background together with the origin the browser reports for that message. Only then does it read
//    the settings or show a view; anything else gets a refusal (dialog/parent-bridge.ts).
// 4. Answers (resize, close) go back over the port, whose other end only the content script holds:
//    never to the host page's window, never to "*".
import { languageFromTag, type Language } from './message-format.ts';

export type DialogView = 'import' | 'export' | 'import-settings';

export interface DialogContext {
  view: DialogView;
  tenantId: string;
  language: Language;
  /** The signed-in person's token from the page's meta tag, if the page has one. */
  pageToken: string | null;
}

export const DIALOG_MESSAGE_SOURCE = 'portatour-user-admin-dialog';

export interface DialogConnect {
  source: typeof DIALOG_MESSAGE_SOURCE;
  type: 'connect';
  ticket: string;
  context: DialogContext;
}

const views: readonly unknown[] = ['import', 'export', 'import-settings'] satisfies DialogView[];

export function isDialogView(value: unknown): value is DialogView {
  return views.includes(value);
}

/** The connect message with its context checked field by field (it crosses from another window). */
export function readDialogConnect(data: unknown): DialogConnect | null {
  if (typeof data !== 'object' || data === null) return null;
  const candidate = data as Record<string, unknown>;
  if (candidate.source !== DIALOG_MESSAGE_SOURCE || candidate.type !== 'connect') return null;
  const context = candidate.context as Record<string, unknown> | null | undefined;
  if (typeof candidate.ticket !== 'string' || typeof context !== 'object' || context === null) return null;
  const { view, tenantId, language, pageToken } = context;
  if (!isDialogView(view) || typeof tenantId !== 'string' || !tenantId) return null;
  if (pageToken !== null && typeof pageToken !== 'string') return null;
  return {
    source: DIALOG_MESSAGE_SOURCE,
    type: 'connect',
    ticket: candidate.ticket,
    context: {
      view,
      tenantId,
      language: languageFromTag(typeof language === 'string' ? language : null),
      pageToken,
    },
  };
}

export type DialogMessage =
  | { source: typeof DIALOG_MESSAGE_SOURCE; type: 'close'; usersChanged: boolean }
  | { source: typeof DIALOG_MESSAGE_SOURCE; type: 'resize'; height: number };

export function isDialogMessage(data: unknown): data is DialogMessage {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as Record<string, unknown>;
  if (candidate.source !== DIALOG_MESSAGE_SOURCE) return false;
  if (candidate.type === 'close') return typeof candidate.usersChanged === 'boolean';
  if (candidate.type === 'resize') return typeof candidate.height === 'number' && candidate.height > 0;
  return false;
}
