// Node entry for the proxy app: SQLite, files and the HTTP listener. Used by main.ts, `npm start` and tests.
import { serve } from '@hono/node-server';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDependencies } from './app.ts';
import { DEFAULT_LIMITS, type ImportLimits } from './config.ts';
import { openProxyDatabase } from './store/proxy-database.ts';
import { SqliteSettingsStore } from './store/settings-store.ts';
import { JobStore } from './store/job-store.ts';
import { AuditStore } from './store/audit-store.ts';
import { WriteJournal } from './store/write-journal.ts';
import type { RateLimit } from './rate-limit.ts';
import { ImportRunner, type RunnerOptions } from './import/import-runner.ts';

export interface ProxyOptions {
  port?: number;
  host?: string;
  userApiUrl: string;
  /** Where proxy.sqlite lives; ':memory:' (the default) for tests. */
  dataDir?: string;
  limits?: ImportLimits;
  allowedOrigins?: string[];
  userApiTimeoutMs?: number;
  log?: AppDependencies['log'];
  runner?: RunnerOptions;
  uploadRateLimit?: RateLimit;
}

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export function buildProxyApp(options: ProxyOptions) {
  const db = openProxyDatabase(options.dataDir ?? ':memory:');
  const jobs = new JobStore(db);
  jobs.markInterrupted();
  const audit = new AuditStore(db);
  const journal = new WriteJournal(db);
  const runner = new ImportRunner(jobs, { log: options.log, audit, journal, ...options.runner });
  const app = createApp({
    jobs,
    journal,
    runner,
    audit,
    uploadRateLimit: options.uploadRateLimit,
    userApiUrl: options.userApiUrl,
    userApiTimeoutMs: options.userApiTimeoutMs,
    limits: options.limits ?? DEFAULT_LIMITS,
    allowedOrigins: options.allowedOrigins,
    settingsStore: new SqliteSettingsStore(db),
    readDocsAsset: async (name) => new Uint8Array(await readFile(join(swaggerUiDir, name))),
    log: options.log,
  });
  return { app, db, runner };
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { app, db, runner } = buildProxyApp(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      // Keep-alive connections from browsers would otherwise hold close() open.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      // A running import would otherwise go on writing into a closed database; it ends as cancelled instead.
      await runner.stopAll();
      db.close();
      await closed;
    },
  };
}
