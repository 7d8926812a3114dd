// Versioned schema of the proxy's database, applied in order on start by every instance (the first one to get
// there applies them; the others wait and find them done). A version once released is never edited: a change
// is a new version. Where the dialects differ a step names both.
import type { SqlClient, SqlDatabase, SqlDialect } from './sql-database.ts';

type Step = string | Record<SqlDialect, string | null>;

interface Migration {
  version: number;
  name: string;
  steps: Step[];
}

const INTERRUPTED_BY_UPGRADE =
  'The import was interrupted (the proxy stopped). Rows marked applied were written; run the same file again to finish the rest.';

export const MIGRATIONS: Migration[] = [
  {
    // The tables as the single-instance proxy created them; IF NOT EXISTS adopts an existing DATA_DIR.
    version: 1,
    name: 'jobs, rows, settings, audit',
    steps: [
      `CREATE TABLE IF NOT EXISTS import_settings (
        tenant TEXT PRIMARY KEY, settings TEXT NOT NULL, saved_at TEXT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS import_jobs (
        id TEXT PRIMARY KEY, tenant TEXT NOT NULL, status TEXT NOT NULL, file_name TEXT NOT NULL,
        total INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
        summary TEXT NOT NULL, header TEXT NOT NULL, message TEXT,
        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT)`,
      `CREATE INDEX IF NOT EXISTS import_jobs_tenant ON import_jobs (tenant, created_at)`,
      {
        sqlite: `CREATE TABLE IF NOT EXISTS import_rows (
          job_id TEXT NOT NULL, seq INTEGER NOT NULL, row INTEGER, action TEXT NOT NULL, outcome TEXT NOT NULL,
          message TEXT, user_id TEXT, name TEXT NOT NULL, email TEXT NOT NULL, cells TEXT,
          PRIMARY KEY (job_id, seq)) WITHOUT ROWID`,
        postgres: `CREATE TABLE IF NOT EXISTS import_rows (
          job_id TEXT NOT NULL, seq INTEGER NOT NULL, row INTEGER, action TEXT NOT NULL, outcome TEXT NOT NULL,
          message TEXT, user_id TEXT, name TEXT NOT NULL, email TEXT NOT NULL, cells TEXT,
          PRIMARY KEY (job_id, seq))`,
      },
      {
        sqlite: `CREATE TABLE IF NOT EXISTS audit_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, tenant TEXT NOT NULL, actor TEXT NOT NULL,
          job_id TEXT, user_id TEXT, action TEXT NOT NULL, changes TEXT NOT NULL)`,
        postgres: `CREATE TABLE IF NOT EXISTS audit_log (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, tenant TEXT NOT NULL,
          actor TEXT NOT NULL, job_id TEXT, user_id TEXT, action TEXT NOT NULL, changes TEXT NOT NULL)`,
      },
      `CREATE INDEX IF NOT EXISTS audit_log_tenant ON audit_log (tenant, id)`,
    ],
  },
  {
    version: 2,
    name: 'leases across instances, cancel flag, retention',
    steps: [
      // Jobs left running by a proxy from before leases: nobody runs them any more.
      `UPDATE import_rows SET outcome = 'not_attempted' WHERE outcome = 'pending'
        AND job_id IN (SELECT id FROM import_jobs WHERE status IN ('queued', 'running'))`,
      `UPDATE import_jobs SET status = 'failed', finished_at = created_at, message = '${INTERRUPTED_BY_UPGRADE}'
        WHERE status IN ('queued', 'running')`,
      // One running import per company, held by the instance that runs it while it renews its lease.
      `CREATE TABLE import_locks (
        tenant TEXT PRIMARY KEY, job_id TEXT NOT NULL, owner TEXT NOT NULL, lease_until BIGINT NOT NULL)`,
      // And the same rule on the jobs themselves, should a lock ever be lost.
      `CREATE UNIQUE INDEX import_jobs_one_running ON import_jobs (tenant) WHERE status IN ('queued', 'running')`,
      `ALTER TABLE import_jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE import_jobs ADD COLUMN rows_deleted_at TEXT`,
      `CREATE INDEX import_jobs_finished ON import_jobs (finished_at)`,
      // Which fields an entry changed, kept when the values are dropped after the retention period.
      `ALTER TABLE audit_log ADD COLUMN fields TEXT NOT NULL DEFAULT '[]'`,
      `ALTER TABLE audit_log ADD COLUMN values_deleted_at TEXT`,
      {
        sqlite: `UPDATE audit_log SET fields =
          (SELECT json_group_array(json_extract(value, '$.field')) FROM json_each(audit_log.changes))`,
        // PostgreSQL databases start at this code: no entry predates the column.
        postgres: null,
      },
      `CREATE INDEX audit_log_at ON audit_log (at)`,
    ],
  },
  {
    version: 3,
    name: 'results of ended jobs',
    steps: [
      // Counted from the rows when a job ends, so the real outcome counts outlive the per-row report.
      `ALTER TABLE import_jobs ADD COLUMN results TEXT`,
    ],
  },
  {
    version: 4,
    name: 'writes in flight, job notices',
    steps: [
      // The write a row sent while it is in flight (JSON, with the version it expects), so that after a crash
      // another instance, or the restarted one, can ask the user API whether it was applied. Cleared once
      // the row has its outcome.
      `ALTER TABLE import_rows ADD COLUMN sent_write TEXT`,
      // What the proxy fell back on for this user API (no /Bulk, no PATCH, …) and what it found out afterwards.
      `CREATE TABLE import_notices (
        job_id TEXT NOT NULL, position INTEGER NOT NULL, notice TEXT NOT NULL, PRIMARY KEY (job_id, notice))`,
    ],
  },
  {
    version: 5,
    name: 'previews an import can name, who started a job',
    steps: [
      // What a preview saw of the users it may write (ids and versions only, no cells), so that an import naming
      // it can tell who changed since; deleted when it expires (docs/import-semantics.md).
      `CREATE TABLE import_previews (
        id TEXT PRIMARY KEY, tenant TEXT NOT NULL, previewed_at TEXT NOT NULL, expires_at TEXT NOT NULL,
        versions TEXT NOT NULL)`,
      `CREATE INDEX import_previews_expires ON import_previews (expires_at)`,
      // The token fingerprint of whoever started the job: writes found applied after a crash are audited as theirs.
      `ALTER TABLE import_jobs ADD COLUMN actor TEXT`,
    ],
  },
  {
    version: 6,
    name: 'row cells in compressed blocks',
    steps: [
      // A job's uploaded cells for its report, ROW_CELL_BLOCK rows (by seq) per deflated block instead of JSON
      // in every row: a tenth of the space (100,000 rows: ~4 MB, not ~40 MB), which with SQLite in memory was
      // resident memory of the proxy. Rows of older jobs keep their cells in import_rows.cells.
      {
        sqlite: `CREATE TABLE import_row_cells (
          job_id TEXT NOT NULL, block INTEGER NOT NULL, cells BLOB NOT NULL, PRIMARY KEY (job_id, block)) WITHOUT ROWID`,
        postgres: `CREATE TABLE import_row_cells (
          job_id TEXT NOT NULL, block INTEGER NOT NULL, cells BYTEA NOT NULL, PRIMARY KEY (job_id, block))`,
      },
    ],
  },
  {
    version: 7,
    name: 'the rows a preview planned to create',
    steps: [
      // Keyed hashes of the keys of the rows a preview planned to create and of those that named a user, so that
      // an import naming it overwrites no account created since and re-creates none deleted since
      // (docs/import-semantics.md#no-lost-update). Empty in records kept before: their imports check versions only.
      `ALTER TABLE import_previews ADD COLUMN row_keys TEXT`,
    ],
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

async function appliedVersion(tx: SqlClient): Promise<number> {
  const [row] = await tx.all<{ version: number | null }>(
    `SELECT MAX(version) AS version FROM schema_migrations`,
  );
  return row?.version ?? 0;
}

/** Applies the versions the database lacks, in one transaction; resolves to the version it is at. */
export async function migrate(db: SqlDatabase, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    // Instances starting together: one migrates, the others wait here and then find nothing left to do.
    if (db.dialect === 'postgres') await tx.all(`SELECT pg_advisory_xact_lock(727274201)`);
    await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const from = await appliedVersion(tx);
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      for (const step of migration.steps) {
        const sql = typeof step === 'string' ? step : step[db.dialect];
        if (sql) await tx.run(sql);
      }
      await tx.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, [
        migration.version,
        migration.name,
        now.toISOString(),
      ]);
    }
    return appliedVersion(tx);
  });
}

/** The database answers and has every version this code needs (/readyz). */
export async function schemaReady(db: SqlDatabase): Promise<boolean> {
  try {
    const [row] = await db.all<{ version: number | null }>(
      `SELECT MAX(version) AS version FROM schema_migrations`,
    );
    return (row?.version ?? 0) >= LATEST_VERSION;
  } catch {
    return false;
  }
}
