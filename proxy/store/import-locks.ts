// One running import per company across every proxy instance: a row per company in import_locks, whose primary
// key the database itself keeps unique. The instance that holds it renews a lease; once the lease has ended
// (the instance died), whichever instance looks first ends the job as interrupted and frees the company.
import { interruptJob } from './job-store.ts';
import type { SqlDatabase } from './sql-database.ts';

export type ClaimResult = { claimed: true } | { claimed: false; jobId: string };

export class ImportLocks {
  constructor(private readonly db: SqlDatabase) {}

  /** Takes the company's import slot for `jobId`; when it is taken, says by which job. */
  async claim(tenant: string, jobId: string, owner: string, leaseMs: number): Promise<ClaimResult> {
    // A slot whose holder died is freed first, so a re-run does not have to wait for the next sweep.
    await this.expire(tenant);
    const inserted = await this.db.run(
      `INSERT INTO import_locks (tenant, job_id, owner, lease_until) VALUES (?, ?, ?, ${this.db.nowMs} + ?)
       ON CONFLICT (tenant) DO NOTHING`,
      [tenant, jobId, owner, leaseMs],
    );
    if (inserted) return { claimed: true };
    const [holder] = await this.db.all<{ job_id: string }>(
      `SELECT job_id FROM import_locks WHERE tenant = ?`,
      [tenant],
    );
    // Freed between the two statements: try once more rather than refuse for a job that has ended.
    if (!holder) return this.claim(tenant, jobId, owner, leaseMs);
    return { claimed: false, jobId: holder.job_id };
  }

  /** The holder's heartbeat; false when the lease was lost (it ended and another instance took the job over). */
  async renew(tenant: string, jobId: string, owner: string, leaseMs: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE import_locks SET lease_until = ${this.db.nowMs} + ? WHERE tenant = ? AND job_id = ? AND owner = ?`,
      [leaseMs, tenant, jobId, owner],
    );
    return changed > 0;
  }

  async release(tenant: string, jobId: string): Promise<void> {
    await this.db.run(`DELETE FROM import_locks WHERE tenant = ? AND job_id = ?`, [tenant, jobId]);
  }

  /**
   * Ends the jobs whose lease has run out (of one company, or all) as interrupted and frees their companies.
   * Resolves to the ids of the jobs it ended. Safe to run on every instance at once: each lock is deleted by
   * exactly one of them, and only while its lease is still over.
   */
  async expire(tenant?: string, now = new Date()): Promise<string[]> {
    const expired = await this.db.all<{ tenant: string; job_id: string }>(
      `SELECT tenant, job_id FROM import_locks WHERE lease_until < ${this.db.nowMs}${tenant === undefined ? '' : ' AND tenant = ?'}`,
      tenant === undefined ? [] : [tenant],
    );
    const ended: string[] = [];
    for (const lock of expired) {
      const interrupted = await this.db.transaction(async (tx) => {
        const deleted = await tx.run(
          `DELETE FROM import_locks WHERE tenant = ? AND job_id = ? AND lease_until < ${this.db.nowMs}`,
          [lock.tenant, lock.job_id],
        );
        return deleted > 0 && (await interruptJob(tx, lock.job_id, now));
      });
      if (interrupted) ended.push(lock.job_id);
    }
    return ended;
  }

  /** The job holding the company's slot, if any (whether or not its lease has ended). */
  async holder(tenant: string): Promise<string | undefined> {
    const [row] = await this.db.all<{ job_id: string }>(`SELECT job_id FROM import_locks WHERE tenant = ?`, [
      tenant,
    ]);
    return row?.job_id;
  }
}
