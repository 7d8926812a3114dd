// How the content script hands a dialog its context, and how the dialog answers.
//
// Context travels in the iframe URL's *fragment*, not by postMessage: the fragment exists before the
// page's first script runs (no handshake, no race with `load`), is never sent to a server, a log or a
// Referer, and holds nothing the host page does not already know (its own tenant id, language and the
// token from its own meta tag). The support staff's token is never put there: the dialog, an extension
// page, reads it from `browser.storage` itself.
//
// Answers go back with `postMessage` to the exact origin of the host page (never "*"), and the content
// script accepts them only from its own iframe's window with the extension's origin.
import { languageFromTag, type Language } from './translate.ts';

export type DialogView = 'import' | 'export' | 'import-settings';

export interface DialogContext {
  view: DialogView;
  tenantId: string;
  language: Language;
  pageToken: string | null;
  /** Origin of the host page, the only target of the dialog's answers. */
  parentOrigin: string;
}

const views: readonly DialogView[] = ['import', 'export', 'import-settings'];

export function dialogFragment(context: DialogContext): string {
  const params = new URLSearchParams({
    view: context.view,
    tenant: context.tenantId,
    lang: context.language,
    parent: context.parentOrigin,
  });
  if (context.pageToken) params.set('token', context.pageToken);
  return `#${params.toString()}`;
}

export function readDialogFragment(hash: string): DialogContext | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view = params.get('view');
  const tenantId = params.get('tenant');
  const parentOrigin = params.get('parent');
  if (!view || !views.includes(view as DialogView) || !tenantId || !parentOrigin) return null;
  return {
    view: view as DialogView,
    tenantId,
    language: languageFromTag(params.get('lang')),
    pageToken: params.get('token'),
    parentOrigin,
  };
}

export const DIALOG_MESSAGE_SOURCE = 'portatour-user-admin-dialog';

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
