// Messages between the content script and the background worker. Runtime messaging carries JSON only,
// so only the small tenant lookup goes this way; files go from the dialog page straight to the proxy.
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
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as Record<string, unknown>;
  return (
    candidate.type === 'portatour:lookup-tenant' &&
    typeof candidate.tenantId === 'string' &&
    (candidate.pageToken === null || typeof candidate.pageToken === 'string')
  );
}
