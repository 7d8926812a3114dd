// Answers the content script's tenant lookup (docs/api-guide.md#endpoints `GET /api/v1/tenants/{t}`). Runs in the
// background worker because its fetch follows the extension's host permissions, not the page's CORS.
import { problemName, problemSentence, readProblem } from '../common/problem.ts';
import { authorizationHeaders, proxyEndpoint, tenantPath } from '../common/proxy-request.ts';
import type { TenantLookupRequest, TenantLookupResponse } from '../common/runtime-messages.ts';
import { chooseToken, type ExtensionSettings } from '../common/settings.ts';
import { parseTenantInfo } from '../common/tenant-info.ts';
import { createTranslator } from '../common/translate.ts';

export interface TenantLookupDeps {
  settings: () => Promise<ExtensionSettings>;
  fetch: typeof fetch;
}

/** `pageUrl`: the sending page as the browser reported it; the support token is bound to one page. */
export async function lookupTenant(
  request: TenantLookupRequest,
  pageUrl: string,
  deps: TenantLookupDeps,
): Promise<TenantLookupResponse> {
  const settings = await deps.settings();
  const { proxyUrl } = settings;
  const token = chooseToken(settings, pageUrl, request.pageToken);
  if (!token) return { ok: false, failure: 'no-token' };

  let response: Response;
  try {
    response = await deps.fetch(proxyEndpoint(proxyUrl, tenantPath(request.tenantId)), {
      headers: { Accept: 'application/json', ...authorizationHeaders(token) },
    });
  } catch {
    return { ok: false, failure: 'unreachable', proxyUrl };
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    const hostSystem =
      problem.hostSystem === 'salesforce' || problem.hostSystem === 'dynamics'
        ? problem.hostSystem
        : undefined;
    return {
      ok: false,
      failure: 'problem',
      status: response.status,
      // The proxy's (English) detail; the content script wraps it in the page's language.
      sentence: problemSentence(problem, createTranslator('en')),
      problemType: problemName(problem),
      ...(hostSystem ? { hostSystem } : {}),
    };
  }
  const tenant = parseTenantInfo(await response.json().catch(() => null));
  if (!tenant) {
    return {
      ok: false,
      failure: 'problem',
      status: 502,
      sentence: 'The proxy answered with an unexpected tenant description.',
    };
  }
  return { ok: true, tenant };
}
