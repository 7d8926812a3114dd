import { ScimError } from './scim-error.ts';
import type { Tenant, TenantStore } from './tenant-store.ts';

/** The ETag of a user version, as `meta.version` renders it. */
export const etagOf = (version: number) => `W/"${version}"`;

/**
 * If-Match (RFC 7644 section 3.14) for a stand-in started with `etag: true`: a write that names another version than the
 * user has now is refused with 412, and nothing is written. Without If-Match the write goes ahead.
 */
export function checkIfMatch(
  store: TenantStore,
  tenant: Tenant,
  id: string,
  ifMatch: string | undefined,
): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  const user = store.getUser(tenant.id, id);
  if (user !== undefined && etagOf(user.version) !== ifMatch.trim())
    throw new ScimError(412, `user ${id} changed: it is at version ${etagOf(user.version)}, not ${ifMatch}`);
}
