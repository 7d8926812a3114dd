// Every runtime message the background answers, after checking who sent it. A message counts only when
// it comes from this extension (`sender.id`) and from a tab whose page is one the extension works on
// (the content script's match patterns of the built manifest). Content-script messages must come from
// the top frame of such a page, for the page's own tenant; ticket redemptions from our dialog page
// inside such a tab; a request to open the options page from such a content script only. Anything else is left unanswered.
import type { DialogView } from '../common/dialog-link.ts';
import { matchesAnyPattern } from '../common/match-pattern.ts';
import {
  isDialogTicketRedemption,
  isDialogTicketRequest,
  isOpenOptionsRequest,
  isTenantLookupRequest,
  type DialogTicketRedeemed,
  type DialogTicketResponse,
  type TenantLookupRequest,
  type TenantLookupResponse,
} from '../common/runtime-messages.ts';
import { tenantIdFromUrl } from '../content/host-page.ts';
import type { DialogTickets } from './dialog-tickets.ts';

/** What the browser tells about a message's sender (runtime.MessageSender), as far as we use it. */
export interface MessageSender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export interface MessageRouterDeps {
  extensionId: string;
  /** Where the content script runs: the built manifest's `content_scripts[].matches`. */
  pagePatterns: readonly string[];
  tickets: DialogTickets;
  lookupTenant: (request: TenantLookupRequest, pageUrl: string) => Promise<TenantLookupResponse>;
  /** The content script cannot open the options page itself (the unreachable-proxy line's link). */
  openOptions: () => Promise<void>;
}

export const DIALOG_PAGE_PATH = '/src/dialog/dialog.html';
const EXTENSION_PROTOCOLS = new Set(['chrome-extension:', 'moz-extension:']);

/** The sender's tab, when the message is ours and the tab shows a page the extension works on. */
function trustedTab(sender: MessageSender, deps: MessageRouterDeps): { id: number; url: string } | null {
  if (sender.id !== deps.extensionId) return null;
  const { id, url } = sender.tab ?? {};
  if (typeof id !== 'number' || typeof url !== 'string') return null;
  return matchesAnyPattern(url, deps.pagePatterns) ? { id, url } : null;
}

/** The content script's page and tenant: the top frame of a trusted tab, on a user management page. */
function contentScriptPage(
  sender: MessageSender,
  deps: MessageRouterDeps,
): { tabId: number; pageUrl: string; tenantId: string } | null {
  const tab = trustedTab(sender, deps);
  if (!tab || sender.frameId !== 0 || typeof sender.url !== 'string') return null;
  if (!matchesAnyPattern(sender.url, deps.pagePatterns)) return null;
  const tenantId = tenantIdFromUrl(new URL(sender.url));
  return tenantId === null ? null : { tabId: tab.id, pageUrl: sender.url, tenantId };
}

function isDialogPage(url: string | undefined): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return EXTENSION_PROTOCOLS.has(parsed.protocol) && parsed.pathname === DIALOG_PAGE_PATH;
  } catch {
    return false;
  }
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/** The answer to `message`, or undefined when it is not ours to answer (unknown, or sender not trusted). */
export function routeMessage(
  message: unknown,
  sender: MessageSender,
  deps: MessageRouterDeps,
): Promise<TenantLookupResponse | DialogTicketResponse | DialogTicketRedeemed | void> | undefined {
  if (isTenantLookupRequest(message)) {
    const page = contentScriptPage(sender, deps);
    if (!page || page.tenantId !== message.tenantId) return undefined;
    return deps.lookupTenant(message, page.pageUrl);
  }
  if (isOpenOptionsRequest(message)) {
    if (!contentScriptPage(sender, deps)) return undefined;
    return deps.openOptions();
  }
  if (isDialogTicketRequest(message)) {
    const page = contentScriptPage(sender, deps);
    if (!page) return undefined;
    const view: DialogView = message.view;
    return Promise.resolve({ ok: true, ticket: deps.tickets.issue({ ...page, view }) });
  }
  if (isDialogTicketRedemption(message)) {
    const tab = trustedTab(sender, deps);
    if (!tab || !isDialogPage(sender.url)) return undefined;
    const record = deps.tickets.redeem(message.ticket, {
      tabId: tab.id,
      tenantId: message.tenantId,
      view: message.view,
    });
    // The parent that handed over the ticket must be the page it was issued to.
    if (!record || originOf(record.pageUrl) !== message.parentOrigin) return Promise.resolve({ ok: false });
    return Promise.resolve({ ok: true, pageUrl: record.pageUrl });
  }
  return undefined;
}
