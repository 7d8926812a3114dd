// Import jobs and the outcome of every row (issue #3), in the proxy's SQLite database, so that a restarted
// proxy still answers for a finished or interrupted job. The caller's token is never stored.
import type { PlanSummary, RowAction } from '../../shared/import/plan-types.ts';
import type { SqliteDatabase } from './proxy-database.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partially_failed' | 'failed' | 'cancelled';
export type RowOutcome =
  | 'pending'
  | 'created'
  | 'updated'
  | 'deactivated'
  | 'unchanged'
  | 'skipped'
  | 'invalid'
  | 'failed'
  | 'not_attempted'
  /** The user changed since the import read it (412 to If-Match): not overwritten. */
  | 'conflict';

export interface JobRecord {
  id: string;
  tenant: string;
  status: JobStatus;
  fileName: string;
  progress: { total: number; done: number; failed: number };
  summary: PlanSummary;
  createdUserIds: string[];
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobRowInput {
  seq: number;
  row: number | null;
  action: RowAction;
  outcome: RowOutcome;
  message: string | null;
  userId: string | null;
  name: string;
  email: string;
}

export const FINISHED: ReadonlySet<JobStatus> = new Set([
  'succeeded',
  'partially_failed',
  'failed',
  'cancelled',
]);

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS import_jobs (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    status TEXT NOT NULL,
    file_name TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL,
    header TEXT NOT NULL,
    message TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  );
  CREATE INDEX IF NOT EXISTS import_jobs_tenant ON import_jobs (tenant, created_at);
  CREATE TABLE IF NOT EXISTS import_rows (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    row INTEGER,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    message TEXT,
    user_id TEXT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    cells TEXT,
    PRIMARY KEY (job_id, seq)
  ) WITHOUT ROWID;
`;

interface JobRow {
  id: string;
  tenant: string;
  status: JobStatus;
  file_name: string;
  total: number;
  done: number;
  failed: number;
  summary: string;
  message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export class JobStore {
  constructor(private readonly db: SqliteDatabase) {
    db.exec(SCHEMA);
  }

  /** A proxy that stopped mid-import reports those jobs as failed with what they applied (issue #3). */
  markInterrupted(now = new Date()): number {
    const interrupted = this.db
      .prepare(`SELECT id FROM import_jobs WHERE status IN ('queued', 'running')`)
      .all() as { id: string }[];
    const finish = this.db.transaction((id: string) => {
      this.db
        .prepare(`UPDATE import_rows SET outcome = 'not_attempted' WHERE job_id = ? AND outcome = 'pending'`)
        .run(id);
      this.db
        .prepare(`UPDATE import_jobs SET status = 'failed', finished_at = ?, message = ? WHERE id = ?`)
        .run(
          now.toISOString(),
          'The import was interrupted (the proxy stopped). Rows marked applied were written; run the same file again to finish the rest.',
          id,
        );
    });
    for (const { id } of interrupted) finish(id);
    return interrupted.length;
  }

  create(
    job: {
      id: string;
      tenant: string;
      fileName: string;
      total: number;
      summary: PlanSummary;
      header: string[];
    },
    rows: (JobRowInput & { cells: string[] | null })[],
  ): void {
    const insertRow = this.db.prepare(
      `INSERT INTO import_rows (job_id, seq, row, action, outcome, message, user_id, name, email, cells) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO import_jobs (id, tenant, status, file_name, total, summary, header, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`,
        )
        .run(
          job.id,
          job.tenant,
          job.fileName,
          job.total,
          JSON.stringify(job.summary),
          JSON.stringify(job.header),
          new Date().toISOString(),
        );
      for (const row of rows) {
        insertRow.run(
          job.id,
          row.seq,
          row.row,
          row.action,
          row.outcome,
          row.message,
          row.userId,
          row.name,
          row.email,
          row.cells ? JSON.stringify(row.cells) : null,
        );
      }
    })();
  }

  start(id: string): void {
    this.db
      .prepare(`UPDATE import_jobs SET status = 'running', started_at = ? WHERE id = ?`)
      .run(new Date().toISOString(), id);
  }

  /** Records outcomes of a batch of writes in one transaction, with the job's counters. */
  recordOutcomes(
    id: string,
    outcomes: { seq: number; outcome: RowOutcome; message: string | null; userId: string | null }[],
  ): void {
    const update = this.db.prepare(
      `UPDATE import_rows SET outcome = ?, message = ?, user_id = COALESCE(?, user_id) WHERE job_id = ? AND seq = ?`,
    );
    const failed = outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'conflict').length;
    this.db.transaction(() => {
      for (const o of outcomes) update.run(o.outcome, o.message, o.userId, id, o.seq);
      this.db
        .prepare(`UPDATE import_jobs SET done = done + ?, failed = failed + ? WHERE id = ?`)
        .run(outcomes.length, failed, id);
    })();
  }

  finish(id: string, status: JobStatus, message: string | null): void {
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE import_rows SET outcome = 'not_attempted' WHERE job_id = ? AND outcome = 'pending'`)
        .run(id);
      this.db
        .prepare(`UPDATE import_jobs SET status = ?, message = ?, finished_at = ? WHERE id = ?`)
        .run(status, message, new Date().toISOString(), id);
    })();
  }

  get(id: string): JobRecord | undefined {
    const row = this.db.prepare(`SELECT * FROM import_jobs WHERE id = ?`).get(id) as JobRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  latest(tenant: string): JobRecord | undefined {
    const row = this.db
      .prepare(`SELECT * FROM import_jobs WHERE tenant = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`)
      .get(tenant) as JobRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  header(id: string): string[] {
    const row = this.db.prepare(`SELECT header FROM import_jobs WHERE id = ?`).get(id) as
      { header: string } | undefined;
    return row ? (JSON.parse(row.header) as string[]) : [];
  }

  *reportRows(id: string): Generator<JobRowInput & { cells: string[] | null }> {
    const statement = this.db.prepare(`SELECT * FROM import_rows WHERE job_id = ? ORDER BY seq`);
    for (const r of statement.iterate(id) as Iterable<{
      seq: number;
      row: number | null;
      action: RowAction;
      outcome: RowOutcome;
      message: string | null;
      user_id: string | null;
      name: string;
      email: string;
      cells: string | null;
    }>) {
      yield {
        seq: r.seq,
        row: r.row,
        action: r.action,
        outcome: r.outcome,
        message: r.message,
        userId: r.user_id,
        name: r.name,
        email: r.email,
        cells: r.cells ? (JSON.parse(r.cells) as string[]) : null,
      };
    }
  }

  private toRecord(row: JobRow): JobRecord {
    const created = this.db
      .prepare(
        `SELECT user_id FROM import_rows WHERE job_id = ? AND outcome = 'created' AND user_id IS NOT NULL ORDER BY seq`,
      )
      .all(row.id) as { user_id: string }[];
    return {
      id: row.id,
      tenant: row.tenant,
      status: row.status,
      fileName: row.file_name,
      progress: { total: row.total, done: row.done, failed: row.failed },
      summary: JSON.parse(row.summary) as PlanSummary,
      createdUserIds: created.map((c) => c.user_id),
      message: row.message,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }
}
