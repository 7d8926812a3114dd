// Every /api/v1/tenants/{t} request passes here first (docs/api-guide.md#endpoints): the caller's Authorization header is
// forwarded to the user API, which decides who is an administrator of which company; the proxy adds the
// company-level refusal (company-refusal.ts) for everything but the tenant summary itself.
import { createMiddleware } from 'hono/factory';
import { PATH_ID } from '../shared/api/path-id.ts';
import { importExportRefusal } from './company-refusal.ts';
import { ProblemError } from './problem.ts';
import { ScimUserDirectory, UpstreamError, type TenantInfo } from './user-api/scim-client.ts';

export interface TenantAccess {
  tenant: TenantInfo;
  directory: ScimUserDirectory;
}

export type TenantEnv = { Variables: { access: TenantAccess } };

/**
 * Maps a failure of the user API to the problem the caller sees; never passes the upstream body on. `notFound`:
 * what a 404 means for this call (the company for most, the user for a call about one user).
 */
export function problemFromUpstream(error: unknown, notFound = 'There is no such company.'): ProblemError {
  if (error instanceof ProblemError) return error;
  if (!(error instanceof UpstreamError)) throw error;
  if (error.status === 401)
    return new ProblemError('unauthorized', 'The token is missing, unknown or expired.');
  if (error.status === 403)
    return new ProblemError('forbidden', 'This token does not belong to an administrator of this company.');
  if (error.status === 404) return new ProblemError('not-found', notFound);
  if (error.status === 429)
    return new ProblemError('rate-limited', 'The user API is busy; try again shortly.', {
      headers:
        error.retryAfterSeconds !== undefined
          ? { 'retry-after': String(error.retryAfterSeconds) }
          : undefined,
    });
  // The user API's own words may name its internals (hosts, queries, stack traces): they go to the log, not to the
  // caller. Status 0 means no answer at all, and its message is the proxy's own.
  return new ProblemError(
    'upstream-unavailable',
    error.status === 0 ? error.message : `The user API answered ${error.status}; try again later.`,
    { status: 502, upstreamDetail: error.message },
  );
}

export function tenantAccess(options: {
  userApiUrl: string;
  timeoutMs: number;
  /** false only for GET /api/v1/tenants/{t}, which explains instead of refusing. */
  requireImportExport: boolean;
}) {
  return createMiddleware<TenantEnv>(async (c, next) => {
    const authorization = c.req.header('authorization');
    if (!authorization || !/^(Bearer|Basic)\s+\S+/i.test(authorization)) {
      throw new ProblemError(
        'unauthorized',
        'Send the API token of a company administrator as "Authorization: Bearer …".',
      );
    }
    const tenantId = c.req.param('tenant');
    if (!tenantId || !PATH_ID.test(tenantId))
      throw new ProblemError('not-found', 'There is no such company.');
    const directory = new ScimUserDirectory({
      baseUrl: options.userApiUrl,
      tenant: tenantId,
      authorization,
      timeoutMs: options.timeoutMs,
    });
    let tenant: TenantInfo;
    try {
      tenant = await directory.tenantInfo();
    } catch (error) {
      throw problemFromUpstream(error);
    }
    if (options.requireImportExport) {
      const refusal = importExportRefusal(tenant);
      if (refusal) throw refusal;
    }
    c.set('access', { tenant, directory });
    await next();
  });
}
