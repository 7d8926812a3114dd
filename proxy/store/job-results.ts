// What a job has really done, counted from its rows, and the end of a job whose instance stopped.
import type { JobResults, RowOutcome } from './job-records.ts';
import type { SqlClient } from './sql-database.ts';

export const INTERRUPTED_MESSAGE =
  'The import was interrupted because the proxy running it stopped. The changes made before that are kept; rows the report marks "may have been applied" were being written when it stopped. Run the same file again to finish the rest.';

/** Counts the job's rows by outcome; `ended` decides where rows sent without an answer belong. */
export async function countResults(client: SqlClient, id: string, ended: boolean): Promise<JobResults> {
  const counted = await client.all<{ outcome: RowOutcome; count: number | string }>(
    `SELECT outcome, COUNT(*) AS count FROM import_rows WHERE job_id = ? GROUP BY outcome`,
    [id],
  );
  const count = (...outcomes: RowOutcome[]) =>
    counted.filter((c) => outcomes.includes(c.outcome)).reduce((sum, c) => sum + Number(c.count), 0);
  return {
    created: count('created'),
    updated: count('updated'),
    deactivated: count('deactivated'),
    unchanged: count('unchanged'),
    skipped: count('skipped'),
    invalid: count('invalid'),
    failed: ended ? count('failed', 'conflict', 'in_flight') : count('failed', 'conflict'),
    notAttempted: ended ? count('pending', 'not_attempted') : count('pending', 'in_flight', 'not_attempted'),
  };
}

/** Keeps an ended job's results with the job, so they stay when retention deletes its rows. */
export async function keepResults(tx: SqlClient, id: string): Promise<void> {
  const results = await countResults(tx, id, true);
  await tx.run(`UPDATE import_jobs SET results = ? WHERE id = ?`, [JSON.stringify(results), id]);
}

/**
 * Ends a job that nobody runs any more (its instance stopped): rows not yet sent are not attempted, rows sent
 * without an answer stay `in_flight` and count as failed, since nobody knows whether they were applied.
 */
export async function interruptJob(tx: SqlClient, id: string, now: Date): Promise<boolean> {
  await tx.run(`UPDATE import_rows SET outcome = 'not_attempted' WHERE job_id = ? AND outcome = 'pending'`, [
    id,
  ]);
  const changed = await tx.run(
    `UPDATE import_jobs SET status = 'failed', finished_at = ?, message = ?,
       done = done + (SELECT COUNT(*) FROM import_rows WHERE job_id = ? AND outcome = 'in_flight'),
       failed = failed + (SELECT COUNT(*) FROM import_rows WHERE job_id = ? AND outcome = 'in_flight')
     WHERE id = ? AND status IN ('queued', 'running')`,
    [now.toISOString(), INTERRUPTED_MESSAGE, id, id, id],
  );
  if (changed > 0) await keepResults(tx, id);
  return changed > 0;
}
