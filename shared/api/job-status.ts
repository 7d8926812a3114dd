// An import job's status and a report row's outcome as plain values: the proxy's job store, the API schemas and
// the wizard all read them from here. No zod (the wizard imports this file at run time).

export const JOB_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'partially_failed',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job in one of these states writes nothing more. */
export const FINISHED_JOB_STATUSES: ReadonlySet<JobStatus> = new Set([
  'succeeded',
  'partially_failed',
  'failed',
  'cancelled',
]);

export function isFinishedStatus(status: JobStatus): boolean {
  return FINISHED_JOB_STATUSES.has(status);
}

/** The Outcome column of the per-row report (docs/import-semantics.md#the-report). */
export const REPORT_OUTCOMES = [
  'created',
  'updated',
  'deactivated',
  'unchanged',
  'skipped',
  'failed',
  'not attempted',
] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];
