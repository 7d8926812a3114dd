// The proxy's own state: import jobs with every row's outcome, each company's most recently used settings, and
// the audit log. No credentials are ever stored. Without DATABASE_URL it is one SQLite file in DATA_DIR (one
// instance); with DATABASE_URL=postgres://… it is shared by every instance that names it. Migrations run here.
import { AuditStore } from './audit-store.ts';
import { ImportLocks } from './import-locks.ts';
import { JobStore } from './job-store.ts';
import { migrate, schemaReady } from './migrations.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import { PreviewStore } from './preview-store.ts';
import { purgeExpired, type PurgeResult } from './retention.ts';
import { SettingsStore } from './settings-store.ts';
import type { SqlDatabase, SqlDialect } from './sql-database.ts';
import { openSqliteDatabase } from './sqlite-database.ts';

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string;
  /** Where proxy.sqlite lives; ':memory:' for tests. */
  dataDir?: string;
}

export interface ProxyStore {
  readonly engine: SqlDialect;
  readonly jobs: JobStore;
  readonly locks: ImportLocks;
  readonly audit: AuditStore;
  readonly settings: SettingsStore;
  readonly previews: PreviewStore;
  /** The database answers and has every migration (/readyz). */
  ready(): Promise<boolean>;
  /** Deletes what the retention period no longer allows keeping. */
  purgeExpired(retentionDays: number, now?: Date): Promise<PurgeResult>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

export async function openProxyStore(options: StoreOptions): Promise<ProxyStore> {
  const db: SqlDatabase = isPostgresUrl(options.databaseUrl)
    ? await openPostgresDatabase(options.databaseUrl)
    : openSqliteDatabase(options.dataDir ?? ':memory:');
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    // Said once at start, without the URL (it may hold a password).
    const where =
      db.dialect === 'postgres'
        ? 'The PostgreSQL database of DATABASE_URL'
        : 'The SQLite database in DATA_DIR';
    throw new Error(`${where} is not reachable or could not be migrated: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let closed = false;
  return {
    engine: db.dialect,
    jobs: new JobStore(db),
    locks: new ImportLocks(db),
    audit: new AuditStore(db),
    settings: new SettingsStore(db),
    previews: new PreviewStore(db),
    ready: () => (closed ? Promise.resolve(false) : schemaReady(db)),
    purgeExpired: (days, now) => purgeExpired(db, days, now),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
