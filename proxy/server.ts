// Node entry for the proxy app: the store (SQLite or PostgreSQL), files and the HTTP listener. Used by main.ts,
// `npm start` and tests.
import { serve } from '@hono/node-server';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDependencies } from './app.ts';
import { openProxyStore, type ProxyStore } from './store/proxy-store.ts';
import { startStoreMaintenance } from './store/store-maintenance.ts';
import {
  DEFAULT_LIMITS,
  DEFAULT_SHEETJS_WORKER,
  DEFAULT_UPLOAD_POLICY,
  type ImportLimits,
  type SheetJsWorkerLimits,
  type UploadPolicy,
} from './config.ts';
import { Fingerprints } from './token-fingerprint.ts';
import type { RateLimit } from './rate-limit.ts';
import { DEFAULT_LEASE_MS, ImportRunner, type RunnerOptions } from './import/import-runner.ts';

export interface ProxyOptions {
  port?: number;
  host?: string;
  userApiUrl: string;
  /** Where proxy.sqlite lives; ':memory:' (the default) for tests. Unused with a PostgreSQL databaseUrl. */
  dataDir?: string;
  /** postgres://… shares the state with every instance that names it. */
  databaseUrl?: string;
  /** Days per-row reports and audit values are kept (default 30). */
  retentionDays?: number;
  limits?: ImportLimits;
  allowedOrigins?: string[];
  /** See AppDependencies.allowedExtensionOrigins. */
  allowedExtensionOrigins?: string[];
  userApiTimeoutMs?: number;
  /** See AppDependencies.inFlightGraceMs. */
  inFlightGraceMs?: number;
  log?: AppDependencies['log'];
  /** leaseMs here is LEASE_MS. */
  runner?: RunnerOptions;
  uploadRateLimit?: RateLimit;
  /** Parts of the upload policy to change (the rest are the defaults). */
  uploads?: Partial<UploadPolicy>;
  sheetJsWorker?: Partial<SheetJsWorkerLimits>;
  /** FINGERPRINT_SECRET; a random one per process when absent. */
  fingerprintSecret?: string;
}

export interface RunningProxy {
  url: string;
  /**
   * Graceful stop (SIGTERM): no new uploads, running imports finish their batches in flight and free their
   * slots, open answers are sent, then the database is closed.
   */
  close(): Promise<void>;
}

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export const DEFAULT_RETENTION_DAYS = 30;

export async function buildProxyApp(options: ProxyOptions) {
  const store: ProxyStore = await openProxyStore({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? ':memory:',
  });
  const runner = new ImportRunner(store, { log: options.log, ...options.runner });
  const app = createApp({
    store,
    runner,
    uploadRateLimit: options.uploadRateLimit,
    uploads: { ...DEFAULT_UPLOAD_POLICY, ...options.uploads },
    sheetJsWorker: { ...DEFAULT_SHEETJS_WORKER, ...options.sheetJsWorker },
    fingerprints: new Fingerprints(options.fingerprintSecret),
    userApiUrl: options.userApiUrl,
    userApiTimeoutMs: options.userApiTimeoutMs,
    inFlightGraceMs: options.inFlightGraceMs,
    limits: options.limits ?? DEFAULT_LIMITS,
    allowedOrigins: options.allowedOrigins,
    allowedExtensionOrigins: options.allowedExtensionOrigins,
    readDocsAsset: async (name) => new Uint8Array(await readFile(join(swaggerUiDir, name))),
    log: options.log,
  });
  return { app, store, runner };
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { app, store, runner } = await buildProxyApp(options);
  const maintenance = startStoreMaintenance(store, {
    leaseMs: options.runner?.leaseMs ?? DEFAULT_LEASE_MS,
    retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
    log: options.log,
  });
  const host = options.host ?? '127.0.0.1';
  // A port already taken must fail the start at once (e.g. a second `npm start`), not leave it waiting.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => {
      started.off('error', reject);
      resolve(started);
    });
    started.once('error', reject);
  }).catch(async (error: unknown) => {
    maintenance.stop();
    await store.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const connections = server as unknown as { closeAllConnections(): void; closeIdleConnections(): void };
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      maintenance.stop();
      // Running imports stop after their batches in flight (a job would otherwise write into a closed
      // database); answers waiting for them (wait=true) are still sent.
      await runner.stopAll();
      connections.closeIdleConnections();
      // Keep-alive connections from browsers would otherwise hold close() open.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      connections.closeAllConnections();
      await closed;
      await store.close();
    },
  };
}
