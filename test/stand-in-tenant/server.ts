import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStandInTenantApp } from './app.ts';
import { FaultInjector } from './fault-injection.ts';
import { TenantStore } from './tenant-store.ts';

export interface StandInTenantOptions {
  /** 0 = a random free port (the default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default ':memory:'. A new or empty database is seeded with the tenants of test/stand-in-tenant/README.md. */
  databaseFile?: string;
  /** Enables the /__test endpoints (faults, stats, reset); default false. */
  faultInjection?: boolean;
  /** false: no /Bulk (ServiceProviderConfig says so), like a plain SCIM server. Default true. */
  bulk?: boolean;
}

export interface StandInTenant {
  /** e.g. http://127.0.0.1:8788 — the USER_API_URL of the proxy. */
  url: string;
  /** Closes connections (also hanging ones) and the database; calling it twice is harmless. */
  close(): Promise<void>;
  /** The database, for tests and benchmarks to arrange and to check. */
  store: TenantStore;
}

/** Starts the stand-in portatour user API (test/stand-in-tenant/README.md) and resolves once it accepts requests. */
export async function startStandInTenant(options: StandInTenantOptions = {}): Promise<StandInTenant> {
  const store = new TenantStore({ databaseFile: options.databaseFile ?? ':memory:' });
  store.seedIfEmpty();
  const shutdown = new AbortController();
  const app = createStandInTenantApp({
    store,
    faults: options.faultInjection === true ? new FaultInjector() : undefined,
    shutdown: shutdown.signal,
    bulk: options.bulk,
  });
  const host = options.host ?? '127.0.0.1';
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const listening = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () =>
        resolve(listening as Server),
      );
      listening.once('error', reject);
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    store,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      })),
  };
}
