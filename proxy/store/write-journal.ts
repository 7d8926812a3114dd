// What an import job journals beside its rows: the writes it has sent and not yet seen answered (so a proxy that
// stopped mid-import can later check them against the user API instead of calling them "not attempted"), and
// the notices that say what the proxy fell back on for this user API. No credentials are stored.
import type { PlannedWrite, RowAction } from '../../shared/import/plan-types.ts';
import type { SqliteDatabase } from './proxy-database.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS import_writes_in_flight (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    tenant TEXT NOT NULL,
    action TEXT NOT NULL,
    write TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS import_writes_in_flight_tenant ON import_writes_in_flight (tenant);
  CREATE TABLE IF NOT EXISTS import_job_notices (
    job_id TEXT NOT NULL,
    notice TEXT NOT NULL,
    UNIQUE (job_id, notice)
  );
`;

export interface JournaledWrite {
  seq: number;
  action: RowAction;
  write: PlannedWrite;
  ifMatch?: string;
}

export class WriteJournal {
  constructor(private readonly db: SqliteDatabase) {
    db.exec(SCHEMA);
  }

  /** Before a batch is sent: these writes may be applied from now on. */
  sending(jobId: string, tenant: string, items: readonly JournaledWrite[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO import_writes_in_flight (job_id, seq, tenant, action, write) VALUES (?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const item of items)
        insert.run(
          jobId,
          item.seq,
          tenant,
          item.action,
          JSON.stringify({ write: item.write, ifMatch: item.ifMatch }),
        );
    })();
  }

  /** Their outcomes are recorded: nothing about them is open any more. */
  settled(jobId: string, seqs: readonly number[]): void {
    const remove = this.db.prepare(`DELETE FROM import_writes_in_flight WHERE job_id = ? AND seq = ?`);
    this.db.transaction(() => {
      for (const seq of seqs) remove.run(jobId, seq);
    })();
  }

  /** Writes of this company's jobs that were sent and never settled, per job. */
  open(tenant: string): Map<string, JournaledWrite[]> {
    const rows = this.db
      .prepare(`SELECT job_id, seq, action, write FROM import_writes_in_flight WHERE tenant = ? ORDER BY seq`)
      .all(tenant) as { job_id: string; seq: number; action: RowAction; write: string }[];
    const byJob = new Map<string, JournaledWrite[]>();
    for (const row of rows) {
      const { write, ifMatch } = JSON.parse(row.write) as { write: PlannedWrite; ifMatch?: string };
      const list = byJob.get(row.job_id) ?? [];
      list.push({ seq: row.seq, action: row.action, write, ifMatch });
      byJob.set(row.job_id, list);
    }
    return byJob;
  }

  notice(jobId: string, text: string): void {
    this.db
      .prepare(`INSERT OR IGNORE INTO import_job_notices (job_id, notice) VALUES (?, ?)`)
      .run(jobId, text);
  }

  notices(jobId: string): string[] {
    return (
      this.db.prepare(`SELECT notice FROM import_job_notices WHERE job_id = ? ORDER BY rowid`).all(jobId) as {
        notice: string;
      }[]
    ).map((row) => row.notice);
  }
}
