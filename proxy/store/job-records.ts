// What the proxy's database keeps of an import job and its rows, as the store hands them out, and the rows of
// its tables they are read from.
import { FINISHED_JOB_STATUSES, type JobStatus } from '../../shared/api/job-status.ts';
import type { PlanSummary, RowAction } from '../../shared/import/plan-types.ts';

export type { JobStatus };
export type RowOutcome =
  | 'pending'
  /** Sent to the user API, no answer yet: after a crash it may or may not have been applied. */
  | 'in_flight'
  | 'created'
  | 'updated'
  | 'deactivated'
  | 'unchanged'
  | 'skipped'
  | 'invalid'
  | 'failed'
  /** The user API refused the write because the user changed meanwhile (or already exists). */
  | 'conflict'
  | 'not_attempted';

/**
 * What the job has really done so far, row by row: the plan's `summary` says what was planned, and a cancelled
 * or failed job must not report planned counts as done. `notAttempted` counts the rows that still wait while the
 * job runs (also those sent and not yet answered), and those it never reached once it has ended; rows sent
 * without an answer by a job that ended count as failed, as in the report.
 */
export interface JobResults {
  created: number;
  updated: number;
  deactivated: number;
  unchanged: number;
  skipped: number;
  invalid: number;
  failed: number;
  notAttempted: number;
}

export interface JobRecord {
  id: string;
  tenant: string;
  status: JobStatus;
  fileName: string;
  progress: { total: number; done: number; failed: number };
  summary: PlanSummary;
  results: JobResults;
  /** Cancel was asked for (on any instance) and the job has not ended yet: the writes in flight are finishing. */
  cancelling: boolean;
  createdUserIds: string[];
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** When the per-row report was deleted (retention); the counts stay. */
  rowsDeletedAt: string | null;
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

export type JobRowWithCells = JobRowInput & { cells: string[] | null };
/** A new job's row: its cells, or already the JSON text that is stored (what an import keeps of each row). */
export type NewJobRow = JobRowInput & ({ cellsJson: string | null } | { cells: string[] | null });

/** A row sent without an answer before its instance stopped: `sentWrite` is the JSON markInFlight kept. */
export interface InFlightRow {
  seq: number;
  action: RowAction;
  sentWrite: string;
}

export interface RowOutcomeUpdate {
  seq: number;
  outcome: RowOutcome;
  message: string | null;
  userId: string | null;
}

export const FINISHED = FINISHED_JOB_STATUSES;

export interface JobRow {
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
  rows_deleted_at: string | null;
  cancel_requested: number;
  /** The results as counted when the job ended; they outlive the rows (retention). */
  results: string | null;
}

export interface StoredRow {
  seq: number;
  row: number | null;
  action: RowAction;
  outcome: RowOutcome;
  message: string | null;
  user_id: string | null;
  name: string;
  email: string;
  cells: string | null;
}
