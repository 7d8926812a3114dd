// Messages to the background worker: from the content script (tenant lookup, a ticket for a dialog it
// opens) and from the dialog page (redeeming that ticket). Runtime messaging carries JSON only, so only
// small things go this way; files go from the dialog page straight to the proxy. The background trusts
// none of them blindly: it checks who sent each one (background/message-router.ts).
import { isDialogView, type DialogView } from './dialog-link.ts';
import type { HostSystem, TenantInfo } from './tenant-info.ts';

export interface TenantLookupRequest {
  type: 'portatour:lookup-tenant';
  tenantId: string;
  /** The signed-in admin's token from the page's meta tag, if the page has one. */
  pageToken: string | null;
}

export type TenantLookupResponse =
  | { ok: true; tenant: TenantInfo }
  /**
   * The proxy answered with a problem (docs/api-guide.md#endpoints), e.g. 401/403 for a non-admin. `problemType` is
   * the last segment of its `type` (`forbidden`, `single-license`, …); `hostSystem` is set when the
   * problem names the connected CRM.
   */
  | {
      ok: false;
      failure: 'problem';
      status: number;
      sentence: string;
      problemType?: string;
      hostSystem?: HostSystem;
    }
  /** No token at all: the page is not an admin's and no support token is set. */
  | { ok: false; failure: 'no-token' }
  /** The proxy did not answer (not running, wrong URL, missing host permission). */
  | { ok: false; failure: 'unreachable'; proxyUrl: string };

export function isTenantLookupRequest(message: unknown): message is TenantLookupRequest {
  const candidate = asRecord(message);
  if (!candidate) return false;
  return (
    candidate.type === 'portatour:lookup-tenant' &&
    typeof candidate.tenantId === 'string' &&
    (candidate.pageToken === null || typeof candidate.pageToken === 'string')
  );
}

/** Content script → background: the user opens a dialog of this view on the page that sends it. */
export interface DialogTicketRequest {
  type: 'portatour:dialog-ticket';
  view: DialogView;
}

export type DialogTicketResponse = { ok: true; ticket: string } | { ok: false };

/**
 * Dialog page → background: the context its parent handed it, with the parent's ticket and the origin
 * the browser says the parent's message came from.
 */
export interface DialogTicketRedemption {
  type: 'portatour:redeem-dialog-ticket';
  ticket: string;
  tenantId: string;
  view: DialogView;
  parentOrigin: string;
}

/** `pageUrl`: the page the dialog was opened from, as the browser reported it to the background. */
export type DialogTicketRedeemed = { ok: true; pageUrl: string } | { ok: false };

export function isDialogTicketRequest(message: unknown): message is DialogTicketRequest {
  const candidate = asRecord(message);
  if (!candidate) return false;
  return candidate.type === 'portatour:dialog-ticket' && isDialogView(candidate.view);
}

export function isDialogTicketRedemption(message: unknown): message is DialogTicketRedemption {
  const candidate = asRecord(message);
  if (!candidate) return false;
  return (
    candidate.type === 'portatour:redeem-dialog-ticket' &&
    typeof candidate.ticket === 'string' &&
    typeof candidate.tenantId === 'string' &&
    typeof candidate.parentOrigin === 'string' &&
    isDialogView(candidate.view)
  );
}

/** The content script cannot open the options page itself; the background does (the unreachable-proxy line). */
export const OPEN_OPTIONS = 'portatour:open-options';

export function isOpenOptionsRequest(message: unknown): boolean {
  return asRecord(message)?.type === OPEN_OPTIONS;
}

/** A message's members, or null when it is no object: messages come from other contexts and are checked. */
function asRecord(message: unknown): Record<string, unknown> | null {
  return typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : null;
}
