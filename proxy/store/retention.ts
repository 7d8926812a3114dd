// Personal data is kept only as long as needed: after the retention period a job's per-row report (the
// uploaded cells, names and e-mail addresses) is deleted, its counts and summary stay; audit entries keep who,
// when, which user and which fields changed, and lose the values; a preview's record of user versions goes
// when it expires (preview-store.ts). Both engines, the same SQL.
import type { SqlDatabase } from './sql-database.ts';

export interface PurgeResult {
  /** Jobs whose rows were deleted now. */
  jobs: number;
  rows: number;
  /** Audit entries whose values were dropped now. */
  auditEntries: number;
  /** Expired preview records deleted now. */
  previews: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export async function purgeExpired(
  db: SqlDatabase,
  retentionDays: number,
  now = new Date(),
): Promise<PurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  const stamp = now.toISOString();
  return db.transaction(async (tx) => {
    await tx.run(
      `DELETE FROM import_row_cells WHERE job_id IN
         (SELECT id FROM import_jobs WHERE finished_at < ? AND rows_deleted_at IS NULL)`,
      [cutoff],
    );
    const rows = await tx.run(
      `DELETE FROM import_rows WHERE job_id IN
         (SELECT id FROM import_jobs WHERE finished_at < ? AND rows_deleted_at IS NULL)`,
      [cutoff],
    );
    const jobs = await tx.run(
      `UPDATE import_jobs SET rows_deleted_at = ? WHERE finished_at < ? AND rows_deleted_at IS NULL`,
      [stamp, cutoff],
    );
    const auditEntries = await tx.run(
      `UPDATE audit_log SET changes = '[]', values_deleted_at = ? WHERE at < ? AND values_deleted_at IS NULL`,
      [stamp, cutoff],
    );
    const previews = await tx.run(`DELETE FROM import_previews WHERE expires_at <= ?`, [stamp]);
    return { jobs, rows, auditEntries, previews };
  });
}
