// Test support (not a test): a SCIM 2.0 user API this project did not write. SCIMMY (a maintained implementation of
// RFC 7643/7644) parses, validates and formats every request and answer, scimmy-routers serves it over Express;
// only the storage is ours: users in memory, in creation order. It advertises the core User schema only, no
// Bulk and filter maxResults 200, the way a plain directory does, plus the two portatour tenant endpoints the proxy
// needs besides SCIM (tenant info, access link).
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

export const SCIMMY_TENANT = 'acme';
export const SCIMMY_TOKEN = 'acme-admin-token';
export const SCIMMY_MAX_RESULTS = 200;

type StoredUser = Record<string, unknown> & { id: string; userName: string };

export interface ScimmyDirectory {
  url: string;
  /** The users as stored, in creation order. */
  users(): StoredUser[];
  /** Creates, replaces and patches applied since the start or the last reset. */
  writes(): number;
  /** Deletes a user as the directory's own administration would (its SCIM API refuses DELETE). */
  remove(id: string): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startScimmyDirectory(licenses = 10_000): Promise<ScimmyDirectory> {
  const users = new Map<string, StoredUser>();
  let writes = 0;
  let nextId = 1;

  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    egress: (resource: InstanceType<typeof SCIMMY.Resources.User>) => {
      if (resource.id) {
        const user = users.get(resource.id);
        if (!user) throw new SCIMMY.Types.Error(404, '', `Resource ${resource.id} not found`);
        return user;
      }
      // filter.maxResults: no page is longer, whatever count asks for.
      const constraints = ((resource as { constraints?: { count?: number } }).constraints ??= {});
      constraints.count = Math.min(constraints.count ?? SCIMMY_MAX_RESULTS, SCIMMY_MAX_RESULTS);
      const all = [...users.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    ingress: (resource: InstanceType<typeof SCIMMY.Resources.User>, instance: unknown) => {
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
      delete data.schemas;
      delete data.meta;
      const userName = String(data.userName ?? '');
      const taken = [...users.values()].find(
        (user) => user.userName.toLowerCase() === userName.toLowerCase() && user.id !== resource.id,
      );
      if (taken) throw new SCIMMY.Types.Error(409, 'uniqueness', `userName ${userName} is taken`);
      const now = new Date().toISOString();
      if (resource.id) {
        const existing = users.get(resource.id);
        if (!existing) throw new SCIMMY.Types.Error(404, '', `Resource ${resource.id} not found`);
        const meta = { ...(existing.meta as object), lastModified: now };
        const updated = { ...data, id: existing.id, meta } as unknown as StoredUser;
        users.set(existing.id, updated);
        writes++;
        return updated;
      }
      const id = `scimmy-${String(nextId++).padStart(6, '0')}`;
      const created = { ...data, id, meta: { created: now, lastModified: now } } as unknown as StoredUser;
      users.set(id, created);
      writes++;
      return created;
    },
    degress: () => {
      throw new SCIMMY.Types.Error(405, '', 'users are not deleted here');
    },
  });

  const authorized = (header: string | undefined) => header === `Bearer ${SCIMMY_TOKEN}`;
  const app = express();
  app.get('/t/:tenant/tenant', (request, response) => {
    if (!authorized(request.header('authorization'))) return void response.status(401).json({});
    if (request.params.tenant !== SCIMMY_TENANT) return void response.status(404).json({});
    response.json({ id: SCIMMY_TENANT, name: 'Acme Directory Inc.', licenses, hostSystem: null });
  });
  app.post('/t/:tenant/users/:id/access-link', (request, response) => {
    if (!authorized(request.header('authorization'))) return void response.status(401).json({});
    response.json({ sent: true, accessLinkSentAt: new Date().toISOString() });
  });
  app.use(
    `/t/${SCIMMY_TENANT}/scim/v2`,
    new SCIMMYRouters({
      type: 'bearer',
      handler: (request: express.Request) => {
        if (!authorized(request.header('authorization'))) throw new Error('Unknown token');
        return 'admin';
      },
    }),
  );
  // After the routers: they switch bulk, filter, patch and sort on; a plain directory has less.
  SCIMMY.Config.set({
    bulk: { supported: false },
    filter: { supported: true, maxResults: SCIMMY_MAX_RESULTS },
    patch: { supported: true },
    sort: { supported: false },
    etag: { supported: false },
  });

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    users: () => [...users.values()],
    writes: () => writes,
    remove: (id) => {
      users.delete(id);
    },
    reset: () => {
      users.clear();
      writes = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
