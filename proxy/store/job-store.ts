// Import jobs and the outcome of every row, in the proxy's database (SQLite or PostgreSQL), so that any
// instance answers for any job and a restarted proxy still reports a finished or interrupted one. The
// caller's token is never stored.
// Over 400 lines on purpose: every statement on the job tables is here, for both engines side by side, so that a
// change of the schema is made in one file (records and results live in job-records.ts and job-results.ts).
import type { PlanSummary, RowAction } from '../../shared/import/plan-types.ts';
import {
  FINISHED,
  type InFlightRow,
  type JobRecord,
  type JobResults,
  type JobRow,
  type JobRowWithCells,
  type JobStatus,
  type NewJobRow,
  type RowOutcome,
  type RowOutcomeUpdate,
  type StoredRow,
} from './job-records.ts';
import { countResults, keepResults } from './job-results.ts';
import { deflateRowTexts, inflateRowTexts, ROW_TEXT_BLOCK } from './row-text-blocks.ts';
import { chunks, valueRows, type SqlClient, type SqlDatabase, type SqlValue } from './sql-database.ts';
import { TimeSlices } from '../../shared/time-slices.ts';

// The records and the results have files of their own; callers import them from here as before.
export {
  FINISHED,
  type InFlightRow,
  type JobRecord,
  type JobResults,
  type JobRowInput,
  type JobRowWithCells,
  type JobStatus,
  type NewJobRow,
  type RowOutcome,
  type RowOutcomeUpdate,
} from './job-records.ts';
export { INTERRUPTED_MESSAGE, interruptJob } from './job-results.ts';

const ROW_COLUMNS = 10;
const OUTCOME_COLUMNS = 4;
const REPORT_PAGE = 5000;

/**
 * Sets each row's outcome (and forgets what it sent); with `onlyInFlight` only rows still in flight change.
 * Resolves to the rows changed, with their new outcomes. SQLite runs one prepared single-row statement per row: it costs a
 * third of one UPDATE … FROM (VALUES …) over the same rows, which SQLite materialises and casts value by value.
 * PostgreSQL gets that one statement per chunk: a round trip per row would cost more than the write it records.
 */
async function updateOutcomes(
  tx: SqlClient,
  id: string,
  outcomes: readonly RowOutcomeUpdate[],
  onlyInFlight: boolean,
): Promise<{ outcome: RowOutcome; seq: number }[]> {
  const changed: { outcome: RowOutcome; seq: number }[] = [];
  const inFlight = onlyInFlight ? ` AND outcome = 'in_flight'` : '';
  if (tx.dialect === 'sqlite') {
    for (const o of outcomes)
      if (
        await tx.run(
          `UPDATE import_rows SET outcome = ?, message = ?, user_id = COALESCE(?, user_id), sent_write = NULL
           WHERE job_id = ? AND seq = ?${inFlight}`,
          [o.outcome, o.message, o.userId, id, o.seq],
        )
      )
        changed.push({ outcome: o.outcome, seq: o.seq });
    return changed;
  }
  for (const part of chunks(outcomes, OUTCOME_COLUMNS)) {
    const values: SqlValue[] = [];
    for (const o of part) values.push(o.seq, o.outcome, o.message, o.userId);
    const rows = await tx.all<{ outcome: RowOutcome; seq: number }>(
      `UPDATE import_rows SET outcome = v.column2, message = v.column3,
         user_id = COALESCE(v.column4, import_rows.user_id), sent_write = NULL
       FROM (VALUES ${valueRows(part.length, OUTCOME_COLUMNS, ['INTEGER', 'TEXT', 'TEXT', 'TEXT'])}) AS v
       WHERE import_rows.job_id = ? AND import_rows.seq = v.column1${inFlight.replace('outcome', 'import_rows.outcome')}
       RETURNING import_rows.outcome, import_rows.seq`,
      [...values, id],
    );
    for (const row of rows) changed.push({ outcome: row.outcome, seq: Number(row.seq) });
  }
  return changed;
}

/** Collects a new job's row cells (JSON) into deflated blocks of ROW_TEXT_BLOCK rows (by seq) as its rows are stored. */
class RowCellBlocks {
  private block = -1;
  private texts: string[] = [];
  /** The block being filled was handed over deflated: its rows' own cells are not stored. */
  private given = false;

  constructor(
    private readonly tx: SqlClient,
    private readonly jobId: string,
    private readonly deflated: ReadonlyMap<number, Buffer>,
  ) {}

  /** A row's cells (not read when its block was handed over deflated). */
  async add(row: NewJobRow): Promise<void> {
    const block = Math.floor(row.seq / ROW_TEXT_BLOCK);
    if (block !== this.block) {
      await this.flush();
      this.block = block;
      this.given = this.deflated.has(block);
    }
    if (!this.given)
      this.texts[row.seq % ROW_TEXT_BLOCK] =
        ('cellsJson' in row ? row.cellsJson : row.cells && JSON.stringify(row.cells)) ?? '';
  }

  async flush(): Promise<void> {
    const texts = this.texts;
    this.texts = [];
    const cells = this.given ? this.deflated.get(this.block) : texts.some(Boolean) && deflateRowTexts(texts);
    if (!cells) return;
    await this.tx.run(`INSERT INTO import_row_cells (job_id, block, cells) VALUES (?, ?, ?)`, [
      this.jobId,
      this.block,
      cells,
    ]);
  }
}

/** A row's cells from the job's blocks, inflating one block at a time as the report reaches it. */
function rowCellsReader(blocks: ReadonlyMap<number, Buffer>): (seq: number) => string[] | null {
  let cached: { block: number; texts: string[] } | undefined;
  return (seq) => {
    const block = Math.floor(seq / ROW_TEXT_BLOCK);
    if (cached?.block !== block) {
      const bytes = blocks.get(block);
      cached = { block, texts: bytes ? inflateRowTexts(bytes) : [] };
    }
    const text = cached.texts[seq % ROW_TEXT_BLOCK];
    return text ? (JSON.parse(text) as string[]) : null;
  };
}

export class JobStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(
    job: {
      id: string;
      tenant: string;
      fileName: string;
      total: number;
      summary: PlanSummary;
      header: string[];
      /** Token fingerprint of whoever started it: writes found applied after a crash are audited as theirs. */
      actor?: string;
    },
    /** Read as they are stored, so a 100,000-row job never holds all its row records at once. */
    rows: Iterable<NewJobRow>,
    now = new Date(),
    /**
     * Blocks of cells already in the stored format (row-text-blocks.ts), by block: the rows of such a block have
     * their cells in it, and what they carry themselves is not read.
     */
    cellBlocks: ReadonlyMap<number, Buffer> = new Map(),
  ): Promise<void> {
    const slices = new TimeSlices();
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO import_jobs (id, tenant, status, file_name, total, summary, header, created_at, actor)
         VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
        [
          job.id,
          job.tenant,
          job.fileName,
          job.total,
          JSON.stringify(job.summary),
          JSON.stringify(job.header),
          now.toISOString(),
          job.actor ?? null,
        ],
      );
      const cells = new RowCellBlocks(tx, job.id, cellBlocks);
      for (const part of chunks(rows, ROW_COLUMNS)) {
        const values: SqlValue[] = [];
        for (const r of part) {
          values.push(job.id, r.seq, r.row, r.action, r.outcome, r.message, r.userId, r.name, r.email, null);
          await cells.add(r);
        }
        await tx.run(
          `INSERT INTO import_rows (job_id, seq, row, action, outcome, message, user_id, name, email, cells)
           VALUES ${valueRows(part.length, ROW_COLUMNS)}`,
          values,
        );
        // better-sqlite3 answers at once: without a pause, 100,000 rows would be stored in one turn of the loop.
        if (slices.due) await slices.pause();
      }
      await cells.flush();
    });
  }

  async start(id: string, now = new Date()): Promise<void> {
    await this.db.run(
      `UPDATE import_jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`,
      [now.toISOString(), id],
    );
  }

  /**
   * Before a batch is sent: a crash from here on leaves its rows "may have been applied", not "not attempted".
   * With `sentWrites` (JSON, one per seq) each row keeps what it sent, so that whoever finds the job interrupted
   * can ask the user API whether it was applied (see openInFlight). Resolves to whether someone asked, on any
   * instance, to cancel the job; then nothing is marked and the batch must not be sent.
   */
  async markInFlight(
    id: string,
    seqs: number[],
    sentWrites?: readonly string[],
  ): Promise<{ cancelRequested: boolean }> {
    return this.db.transaction(async (tx) => {
      const [job] = await tx.all<{ cancel_requested: number }>(
        `SELECT cancel_requested FROM import_jobs WHERE id = ?`,
        [id],
      );
      if (job?.cancel_requested) return { cancelRequested: true };
      if (tx.dialect === 'sqlite') {
        // One prepared single-row statement per row: see updateOutcomes.
        for (let index = 0; index < seqs.length; index++)
          await tx.run(
            sentWrites
              ? `UPDATE import_rows SET outcome = 'in_flight', sent_write = ? WHERE job_id = ? AND seq = ?`
              : `UPDATE import_rows SET outcome = 'in_flight' WHERE job_id = ? AND seq = ?`,
            sentWrites ? [sentWrites[index] ?? null, id, seqs[index]!] : [id, seqs[index]!],
          );
      } else if (!sentWrites) {
        for (const part of chunks(seqs, 1))
          await tx.run(
            `UPDATE import_rows SET outcome = 'in_flight' WHERE job_id = ? AND seq IN (${part.map(() => '?').join(', ')})`,
            [id, ...part],
          );
      } else {
        const rows = seqs.map((seq, index) => [seq, sentWrites[index] ?? null] as const);
        for (const part of chunks(rows, 2))
          await tx.run(
            `UPDATE import_rows SET outcome = 'in_flight', sent_write = v.column2
             FROM (VALUES ${valueRows(part.length, 2, ['INTEGER', 'TEXT'])}) AS v
             WHERE import_rows.job_id = ? AND import_rows.seq = v.column1`,
            [...part.flat(), id],
          );
      }
      return { cancelRequested: false };
    });
  }

  /**
   * Records the outcomes of a batch with the job's counters in one transaction. Resolves to whether someone
   * asked, on any instance, to cancel the job: the runner stops before its next batch.
   */
  async recordOutcomes(id: string, outcomes: RowOutcomeUpdate[]): Promise<{ cancelRequested: boolean }> {
    const failed = outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'conflict').length;
    return this.db.transaction(async (tx) => {
      await updateOutcomes(tx, id, outcomes, false);
      const [job] = await tx.all<{ cancel_requested: number }>(
        `UPDATE import_jobs SET done = done + ?, failed = failed + ? WHERE id = ? RETURNING cancel_requested`,
        [outcomes.length, failed, id],
      );
      return { cancelRequested: Boolean(job?.cancel_requested) };
    });
  }

  /**
   * Ends a job its runner has finished. Every batch has an answer by then, so rows still pending or in flight
   * were not written. A job already ended elsewhere (its lease expired) keeps that ending.
   */
  async finish(id: string, status: JobStatus, message: string | null, now = new Date()): Promise<void> {
    await this.db.transaction(async (tx) => {
      const ended = await tx.run(
        `UPDATE import_jobs SET status = ?, message = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
        [status, message, now.toISOString(), id],
      );
      if (ended) {
        await tx.run(
          `UPDATE import_rows SET outcome = 'not_attempted', sent_write = NULL
           WHERE job_id = ? AND outcome IN ('pending', 'in_flight')`,
          [id],
        );
        await keepResults(tx, id);
      }
    });
  }

  /**
   * Rows of this company's jobs ended (by `endedBy`, default now) that were in flight when their instance
   * stopped, with what they sent, per job in seq order.
   */
  async openInFlight(tenant: string, endedBy = new Date()): Promise<Map<string, InFlightRow[]>> {
    const rows = await this.db.all<{ job_id: string; seq: number; action: RowAction; sent_write: string }>(
      `SELECT r.job_id, r.seq, r.action, r.sent_write FROM import_rows r JOIN import_jobs j ON j.id = r.job_id
       WHERE j.tenant = ? AND j.status NOT IN ('queued', 'running') AND j.finished_at <= ?
         AND r.outcome = 'in_flight' AND r.sent_write IS NOT NULL
       ORDER BY r.job_id, r.seq`,
      [tenant, endedBy.toISOString()],
    );
    const byJob = new Map<string, InFlightRow[]>();
    for (const row of rows) {
      const list = byJob.get(row.job_id) ?? [];
      list.push({ seq: row.seq, action: row.action, sentWrite: row.sent_write });
      byJob.set(row.job_id, list);
    }
    return byJob;
  }

  /**
   * An interrupted job's in-flight rows, checked against the user API: the applied ones get their outcome, the
   * others become not attempted. The interruption counted them all done and failed; the counters follow. Only
   * rows still in flight change, so two instances resolving the same job at once count each row once. Says how
   * many rows this call changed and which of `applied` they were (those are audited by the caller).
   */
  async resolveInFlight(
    id: string,
    applied: RowOutcomeUpdate[],
    absent: number[],
  ): Promise<{ changed: number; applied: RowOutcomeUpdate[] }> {
    return this.db.transaction(async (tx) => {
      const changed = await updateOutcomes(tx, id, applied, true);
      const changedSeqs = new Set(changed.map((c) => c.seq));
      const appliedCount = changed.length;
      const appliedFailed = changed.filter((c) => c.outcome === 'failed' || c.outcome === 'conflict').length;
      let absentCount = 0;
      for (const part of chunks(absent, 1))
        absentCount += await tx.run(
          `UPDATE import_rows SET outcome = 'not_attempted', sent_write = NULL
           WHERE job_id = ? AND outcome = 'in_flight' AND seq IN (${part.map(() => '?').join(', ')})`,
          [id, ...part],
        );
      if (appliedCount || absentCount)
        await tx.run(`UPDATE import_jobs SET done = done - ?, failed = failed - ? WHERE id = ?`, [
          absentCount,
          appliedCount - appliedFailed + absentCount,
          id,
        ]);
      return {
        changed: appliedCount + absentCount,
        applied: applied.filter((outcome) => changedSeqs.has(outcome.seq)),
      };
    });
  }

  /** Token fingerprint of whoever started the job; null for jobs from before it was kept. */
  async actor(id: string): Promise<string | null> {
    const [row] = await this.db.all<{ actor: string | null }>(`SELECT actor FROM import_jobs WHERE id = ?`, [
      id,
    ]);
    return row?.actor ?? null;
  }

  /** Says, once per job, what the proxy fell back on or found out; shown with the job. */
  async addNotices(id: string, notices: readonly string[]): Promise<void> {
    if (!notices.length) return;
    await this.db.transaction(async (tx) => {
      const [row] = await tx.all<{ n: number }>(`SELECT COUNT(*) AS n FROM import_notices WHERE job_id = ?`, [
        id,
      ]);
      let position = Number(row?.n ?? 0);
      for (const notice of new Set(notices))
        await tx.run(
          `INSERT INTO import_notices (job_id, position, notice) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
          [id, position++, notice],
        );
    });
  }

  async notices(id: string): Promise<string[]> {
    const rows = await this.db.all<{ notice: string }>(
      `SELECT notice FROM import_notices WHERE job_id = ? ORDER BY position, notice`,
      [id],
    );
    return rows.map((row) => row.notice);
  }

  /** The flag the running instance reads between batches; false when the job has already ended. */
  async requestCancel(id: string): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE import_jobs SET cancel_requested = 1 WHERE id = ? AND status IN ('queued', 'running')`,
      [id],
    );
    return changed > 0;
  }

  async cancelRequested(id: string): Promise<boolean> {
    const [row] = await this.db.all<{ cancel_requested: number }>(
      `SELECT cancel_requested FROM import_jobs WHERE id = ?`,
      [id],
    );
    return Boolean(row?.cancel_requested);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const [row] = await this.db.all<JobRow>(`SELECT * FROM import_jobs WHERE id = ?`, [id]);
    return row ? this.toRecord(row) : undefined;
  }

  /**
   * A job's counts alone: the whole record also lists every created user and counts the rows by outcome, two
   * queries over all of a job's rows that the end of a run does not need.
   */
  async progress(id: string): Promise<JobRecord['progress'] | undefined> {
    const [row] = await this.db.all<{ total: number; done: number; failed: number }>(
      `SELECT total, done, failed FROM import_jobs WHERE id = ?`,
      [id],
    );
    return row ? { total: row.total, done: row.done, failed: row.failed } : undefined;
  }

  async latest(tenant: string): Promise<JobRecord | undefined> {
    const [row] = await this.db.all<JobRow>(
      `SELECT * FROM import_jobs WHERE tenant = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
      [tenant],
    );
    return row ? this.toRecord(row) : undefined;
  }

  async header(id: string): Promise<string[]> {
    const [row] = await this.db.all<{ header: string }>(`SELECT header FROM import_jobs WHERE id = ?`, [id]);
    return row ? (JSON.parse(row.header) as string[]) : [];
  }

  /** Every row in file order, read in pages; each row's cells are parsed only when the report reaches it. */
  async reportRows(id: string): Promise<Iterable<JobRowWithCells>> {
    const blocks = new Map<number, Buffer>();
    for (const block of await this.db.all<{ block: number; cells: Buffer }>(
      `SELECT block, cells FROM import_row_cells WHERE job_id = ? ORDER BY block`,
      [id],
    ))
      blocks.set(Number(block.block), block.cells);
    const cellsOf = rowCellsReader(blocks);
    const pages: StoredRow[][] = [];

    for (let after = -1; ;) {
      const page = await this.db.all<StoredRow>(
        `SELECT seq, row, action, outcome, message, user_id, name, email, cells FROM import_rows
         WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ${REPORT_PAGE}`,
        [id, after],
      );
      if (page.length) pages.push(page);
      if (page.length < REPORT_PAGE) break;
      after = page[page.length - 1]!.seq;
    }
    return (function* () {
      for (const page of pages)
        for (const r of page)
          yield {
            seq: r.seq,
            row: r.row,
            action: r.action,
            outcome: r.outcome,
            message: r.message,
            userId: r.user_id,
            name: r.name,
            email: r.email,
            cells: r.cells ? (JSON.parse(r.cells) as string[]) : cellsOf(r.seq),
          };
    })();
  }

  /** An administrator removes a finished job and its report now; a running one is refused. */
  async delete(tenant: string, id: string): Promise<'deleted' | 'not-found' | 'running'> {
    return this.db.transaction(async (tx) => {
      const [job] = await tx.all<{ status: JobStatus }>(
        `SELECT status FROM import_jobs WHERE id = ? AND tenant = ?`,
        [id, tenant],
      );
      if (!job) return 'not-found';
      if (!FINISHED.has(job.status)) return 'running';
      await tx.run(`DELETE FROM import_rows WHERE job_id = ?`, [id]);
      await tx.run(`DELETE FROM import_row_cells WHERE job_id = ?`, [id]);
      await tx.run(`DELETE FROM import_notices WHERE job_id = ?`, [id]);
      await tx.run(`DELETE FROM import_jobs WHERE id = ?`, [id]);
      return 'deleted';
    });
  }

  private async toRecord(row: JobRow): Promise<JobRecord> {
    const created = await this.db.all<{ user_id: string }>(
      `SELECT user_id FROM import_rows WHERE job_id = ? AND outcome = 'created' AND user_id IS NOT NULL ORDER BY seq`,
      [row.id],
    );
    const ended = FINISHED.has(row.status);
    return {
      id: row.id,
      tenant: row.tenant,
      status: row.status,
      fileName: row.file_name,
      progress: { total: row.total, done: row.done, failed: row.failed },
      summary: JSON.parse(row.summary) as PlanSummary,
      results:
        ended && row.results
          ? (JSON.parse(row.results) as JobResults)
          : await countResults(this.db, row.id, ended),
      cancelling: !ended && Boolean(row.cancel_requested),
      createdUserIds: created.map((c) => c.user_id),
      message: row.message,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      rowsDeletedAt: row.rows_deleted_at,
    };
  }
}
