// Test support (not a test): the proxy's store on each of its engines, so that one test suite proves both.
// SQLite in a fresh temporary DATA_DIR; PostgreSQL as a real server started for the file (postgres-server.ts),
// a fresh database per store.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openProxyStore, type ProxyStore } from '../../proxy/store/proxy-store.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export interface StoreEngine {
  /** A new empty store: its own DATA_DIR or database. */
  open(): Promise<ProxyStore>;
  /** Another instance's store on the data of the last `open()`. */
  openAgain(): Promise<ProxyStore>;
  /** Where the last `open()` keeps its data: `{dataDir}` or `{databaseUrl}`. */
  lastLocation(): { dataDir?: string; databaseUrl?: string };
}

export function useStoreEngine(engine: Engine): StoreEngine {
  let server: PostgresServer | undefined;
  const opened: ProxyStore[] = [];
  const dirs: string[] = [];
  let location: { dataDir?: string; databaseUrl?: string } = {};
  beforeAll(async () => {
    if (engine === 'postgres') server = await startPostgres();
  }, 60_000);
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(async () => {
    await server?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    open: async () => {
      if (engine === 'postgres') location = { databaseUrl: await server!.createDatabase() };
      else {
        const dir = mkdtempSync(join(tmpdir(), 'proxy-store-'));
        dirs.push(dir);
        location = { dataDir: join(dir, 'data') };
      }
      const store = await openProxyStore(location);
      opened.push(store);
      return store;
    },
    openAgain: async () => {
      const store = await openProxyStore(location);
      opened.push(store);
      return store;
    },
    lastLocation: () => location,
  };
}
