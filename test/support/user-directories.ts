// Test support (not a test): the user APIs the proxy's round trip runs against, behind one small interface — the
// stand-in portatour tenant (Bulk, every field, userName assigned) and a SCIM 2.0 server this project did not write
// (SCIMMY: core User only, no Bulk, filter maxResults 200).
import { startStandInTenant } from '../stand-in-tenant/server.ts';
import { SCIMMY_TENANT, SCIMMY_TOKEN, startScimmyDirectory } from './scimmy-directory.ts';

export interface DirectoryUser {
  id: string;
  email: string;
  firstName: string;
  userName: string;
  active: boolean;
}

export interface UserDirectoryUnderTest {
  url: string;
  tenant: string;
  token: string;
  /** Every user as the directory stores it, in creation order. */
  users(): DirectoryUser[];
  /** Creates and updates the directory applied since the last reset. */
  writes(): Promise<number>;
  /** Deletes a user outside the SCIM API (an administrator in the directory's own user management). */
  deleteUser(id: string): void;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface DirectoryKind {
  name: string;
  /** Whether the directory keeps the portatour fields (own schedule, groups, …). */
  portatourFields: boolean;
  start(): Promise<UserDirectoryUnderTest>;
}

/** The stand-in; `etag`: its ServiceProviderConfig says ETags are supported and writes honour If-Match. */
const standIn = (etag: boolean): DirectoryKind => ({
  name: etag ? 'the stand-in portatour tenant with ETags' : 'the stand-in portatour tenant',
  portatourFields: true,
  start: async () => {
    const tenant = await startStandInTenant({ port: 0, faultInjection: true, etag });
    return {
      url: tenant.url,
      tenant: 'demo',
      token: 'demo-admin-token',
      users: () =>
        tenant.store.listUsers('demo').map((u) => ({
          id: u.id,
          email: u.email,
          firstName: u.givenName,
          userName: u.userName,
          active: u.active,
        })),
      writes: async () => tenant.store.statsFor('demo').writes,
      deleteUser: (id) => tenant.store.deleteUser('demo', id),
      reset: async () => {
        await fetch(`${tenant.url}/__test/reset`, { method: 'POST' });
      },
      close: () => tenant.close(),
    };
  },
});

export const STAND_IN = standIn(false);
export const STAND_IN_WITH_ETAGS = standIn(true);

export const SCIMMY_SERVER: DirectoryKind = {
  name: 'SCIMMY (core User only, no Bulk, filter maxResults 200)',
  portatourFields: false,
  start: async () => {
    const directory = await startScimmyDirectory();
    return {
      url: directory.url,
      tenant: SCIMMY_TENANT,
      token: SCIMMY_TOKEN,
      users: () =>
        directory.users().map((u) => ({
          id: u.id,
          email: String((u.emails as { value?: string }[] | undefined)?.[0]?.value ?? ''),
          firstName: String((u.name as { givenName?: string } | undefined)?.givenName ?? ''),
          userName: u.userName,
          active: u.active !== false,
        })),
      writes: async () => directory.writes(),
      deleteUser: (id) => directory.remove(id),
      reset: async () => directory.reset(),
      close: () => directory.close(),
    };
  },
};
