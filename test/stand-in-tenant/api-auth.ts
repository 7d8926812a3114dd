import { createMiddleware } from 'hono/factory';
import type { StandInEnv } from './app-env.ts';
import { ScimError } from './scim-error.ts';
import type { TenantStore } from './tenant-store.ts';

/**
 * Every API path of the stand-in is for company administrators only (test/stand-in-tenant/README.md):
 * no or unknown token → 401, unknown tenant → 404, a token that is not an administrator of this
 * tenant (a member, or another company's administrator) → 403. Tokens arrive as
 * `Authorization: Bearer <token>` or, as portatour's own API accepts, `Basic base64(anything:<token>)`.
 */

export function tokenFromAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme = '', credentials = ''] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') return credentials || undefined;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    return separator < 0 ? undefined : decoded.slice(separator + 1) || undefined;
  }
  return undefined;
}

const CHALLENGE = 'Bearer realm="portatour", Basic realm="portatour", charset="UTF-8"';

export function requireTenantAdministrator(store: TenantStore) {
  return createMiddleware<StandInEnv>(async (c, next) => {
    const token = tokenFromAuthorization(c.req.header('Authorization'));
    const identity = token === undefined ? undefined : store.authenticate(token);
    if (identity === undefined) {
      throw new ScimError(401, 'a valid API token is required (Authorization: Bearer <token>)', undefined, {
        'WWW-Authenticate': CHALLENGE,
      });
    }
    const tenantId = c.req.param('tenant') ?? '';
    const tenant = store.getTenant(tenantId);
    if (tenant === undefined) throw new ScimError(404, `tenant "${tenantId}" does not exist`);
    if (identity.tenantId !== tenant.id || !identity.isAdministrator) {
      throw new ScimError(403, `this token is not an administrator of "${tenant.id}"`);
    }
    c.set('tenant', tenant);
    await next();
  });
}
