import type { JsonValue } from './json.ts';
import { notFound } from './scim-error.ts';
import { applyPatch, parsePatchRequest } from './scim-patch.ts';
import { userFieldsFromScim, writableScimUser } from './scim-user-resource.ts';
import type { StoredUser, Tenant, TenantStore } from './tenant-store.ts';

/**
 * The three user writes, shared by the single endpoints and /Bulk so that both apply the same rules.
 * Each throws a ScimError on refusal and changes nothing then.
 */

export function createUserFromScim(store: TenantStore, tenant: Tenant, body: JsonValue): StoredUser {
  const fields = userFieldsFromScim(body, { kind: 'create', defaultLanguage: tenant.defaultLanguage });
  return store.createUser(tenant.id, fields);
}

function existingUser(store: TenantStore, tenant: Tenant, id: string): StoredUser {
  const user = store.getUser(tenant.id, id);
  if (user === undefined) throw notFound(`user ${id} does not exist`);
  return user;
}

export function replaceUserFromScim(
  store: TenantStore,
  tenant: Tenant,
  id: string,
  body: JsonValue,
): StoredUser {
  const existing = existingUser(store, tenant, id);
  return store.updateUser(tenant.id, id, userFieldsFromScim(body, { kind: 'replace', existing }));
}

export function patchUserFromScim(
  store: TenantStore,
  tenant: Tenant,
  id: string,
  body: JsonValue,
): StoredUser {
  const operations = parsePatchRequest(body);
  const existing = existingUser(store, tenant, id);
  const patched = applyPatch(writableScimUser(existing), operations);
  return store.updateUser(
    tenant.id,
    id,
    userFieldsFromScim(patched, { kind: 'replace', existing }, { requireSchemas: false }),
  );
}
