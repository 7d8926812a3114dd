// Runs a planned import against the user API (issue #3): SCIM /Bulk when the server offers it, single requests
// otherwise, bounded concurrency, retries only where repeating is safe, no rollback. Outcomes are recorded per
// row as they happen, so a stop at any point leaves an exact report and a re-run finishes the rest.
import type { PlannedWrite, RowAction, UserChanges } from '../../shared/import/plan-types.ts';
import type { FieldKey, UserRecord } from '../../shared/fields/user-fields.ts';
import { sameValue } from '../../shared/import/planned-row.ts';
import type { JobStatus, JobStore, RowOutcome } from '../store/job-store.ts';
import type { AuditStore, NewAuditEntry } from '../store/audit-store.ts';
import { scimFromUser, scimPatchFor } from '../user-api/scim-user-mapping.ts';
import type { DirectoryCapabilities } from '../user-api/scim-capabilities.ts';
import {
  UpstreamError,
  type BulkOperation,
  type BulkOperationResult,
  type ScimUserDirectory,
} from '../user-api/scim-client.ts';

export interface WriteItem {
  seq: number;
  action: RowAction;
  write: PlannedWrite;
}

export interface RunContext {
  sendAccessLink: boolean;
  /** Token fingerprint of whoever started the import, for the audit log. */
  actor: string;
  tenant: string;
}

export interface RunnerOptions {
  audit?: AuditStore;
  /** Waits between retries; tests pass a fast clock. */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  bulkBatchSize?: number;
  concurrency?: number;
  log?: (entry: { level: 'info' | 'error'; message: string; [key: string]: unknown }) => void;
}

interface ActiveJob {
  id: string;
  cancelRequested: boolean;
  finished: Promise<void>;
}

const OUTCOME_OF: Partial<Record<RowAction, RowOutcome>> = {
  create: 'created',
  update: 'updated',
  deactivate: 'deactivated',
};

type Outcome = { seq: number; outcome: RowOutcome; message: string | null; userId: string | null };

/** The user API stopped answering; `applied` holds what this batch had written before, so it is reported. */
class UpstreamGone extends Error {
  constructor(
    message: string,
    readonly applied: Outcome[],
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ImportRunner {
  private readonly active = new Map<string, ActiveJob>();

  constructor(
    private readonly jobs: JobStore,
    private readonly options: RunnerOptions = {},
  ) {}

  runningJob(tenant: string): string | undefined {
    return this.active.get(tenant)?.id;
  }

  /** Claims the tenant's single import slot (contract §4 import-running); false when taken. */
  claim(tenant: string, id: string): boolean {
    if (this.active.has(tenant)) return false;
    this.active.set(tenant, { id, cancelRequested: false, finished: Promise.resolve() });
    return true;
  }

  release(tenant: string, id: string): void {
    if (this.active.get(tenant)?.id === id) this.active.delete(tenant);
  }

  cancel(tenant: string, id: string): boolean {
    const job = this.active.get(tenant);
    if (job?.id !== id) return false;
    job.cancelRequested = true;
    return true;
  }

  /** Proxy shutdown: every running job stops after its writes in flight; resolves when none writes any more. */
  async stopAll(): Promise<void> {
    const running = [...this.active.values()];
    for (const job of running) job.cancelRequested = true;
    await Promise.all(running.map((job) => job.finished));
  }

  /** Starts a claimed job; the promise settles when it has ended (never rejects). */
  run(
    tenant: string,
    id: string,
    items: WriteItem[],
    directory: ScimUserDirectory,
    after: RunContext,
  ): Promise<void> {
    const job = this.active.get(tenant);
    if (!job || job.id !== id) throw new Error(`job ${id} was not claimed`);
    job.finished = this.execute(job, items, directory, after).finally(() => this.release(tenant, id));
    return job.finished;
  }

  private async execute(job: ActiveJob, items: WriteItem[], directory: ScimUserDirectory, after: RunContext) {
    const log = this.options.log ?? (() => {});
    this.jobs.start(job.id);
    let status: JobStatus = 'succeeded';
    let message: string | null = null;
    try {
      const capabilities = await directory.capabilities();
      const bulk = capabilities.bulk;
      const batchSize = bulk.supported
        ? Math.max(1, Math.min(bulk.maxOperations || 1, this.options.bulkBatchSize ?? 500))
        : 1;
      const concurrency = bulk.supported ? 2 : (this.options.concurrency ?? 8);
      const batches: WriteItem[][] = [];
      for (let i = 0; i < items.length; i += batchSize) batches.push(items.slice(i, i + batchSize));
      let next = 0;
      let failure: { error: unknown } | undefined;
      const worker = async () => {
        while (next < batches.length && !job.cancelRequested && !failure) {
          const batch = batches[next++]!;
          try {
            const outcomes = await this.applyBatch(batch, directory, bulk.supported, capabilities);
            this.jobs.recordOutcomes(job.id, outcomes);
            this.audit(job.id, batch, outcomes, after);
          } catch (error) {
            if (error instanceof UpstreamGone) {
              this.jobs.recordOutcomes(job.id, error.applied);
              this.audit(job.id, batch, error.applied, after);
            }
            // The first failure stops every worker, and the job ends only when none is writing any more:
            // a failed job must not keep writing after its final report, nor once its import slot is free again.
            failure ??= { error };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
      if (failure) throw failure.error;
      if (job.cancelRequested) {
        status = 'cancelled';
        message =
          'Cancelled: rows marked applied were written, the others were not attempted. Run the same file again to finish.';
      }
    } catch (error) {
      status = 'failed';
      message =
        error instanceof UpstreamGone
          ? `${error.message} Rows marked applied were written; run the same file again to finish the rest.`
          : 'The import stopped because of an unexpected error. Rows marked applied were written; run the same file again to finish the rest.';
      if (!(error instanceof UpstreamGone))
        log({ level: 'error', message: 'import failed', jobId: job.id, error: String(error) });
    }
    const record = this.jobs.get(job.id);
    if (status === 'succeeded' && record && record.progress.failed > 0) {
      status = 'partially_failed';
      message = `${record.progress.failed} row(s) failed; see the report. Fix them and run the file again.`;
    }
    if (after.sendAccessLink && record && status !== 'failed') {
      for (const userId of this.jobs.get(job.id)?.createdUserIds ?? []) {
        await directory
          .sendAccessLink(userId)
          // Every access link sent is audited like POST …/users/send-access-link does (issue #6).
          .then((answer) =>
            this.options.audit?.record([
              {
                tenant: after.tenant,
                actor: after.actor,
                jobId: job.id,
                userId,
                action: 'access-link-sent',
                changes: [{ field: 'accessLinkSentAt', from: null, to: answer.accessLinkSentAt ?? null }],
              },
            ]),
          )
          .catch(() => log({ level: 'error', message: 'access link not sent', jobId: job.id }));
      }
    }
    this.jobs.finish(job.id, status, message);
  }

  /** One audit record per applied write (issue #6): who, which user, every field before → after. */
  private audit(jobId: string, batch: WriteItem[], outcomes: Outcome[], context: RunContext): void {
    if (!this.options.audit) return;
    const bySeq = new Map(batch.map((item) => [item.seq, item]));
    const entries: NewAuditEntry[] = [];
    for (const outcome of outcomes) {
      const item = bySeq.get(outcome.seq);
      if (
        !item ||
        (outcome.outcome !== 'created' && outcome.outcome !== 'updated' && outcome.outcome !== 'deactivated')
      )
        continue;
      const write = item.write;
      const changes =
        write.kind === 'create'
          ? Object.entries(write.user).map(([field, to]) => ({ field, from: null, to }))
          : Object.entries(write.changes).map(([field, to]) => ({
              field,
              from: write.before[field as keyof typeof write.before],
              to,
            }));
      entries.push({
        tenant: context.tenant,
        actor: context.actor,
        jobId,
        userId: outcome.userId ?? (write.kind === 'update' ? write.userId : null),
        action: outcome.outcome,
        changes,
      });
    }
    this.options.audit.record(entries);
  }

  /**
   * Applies one batch and returns an outcome for each item. Whole-request failures are retried when the server
   * said "later" (429/503) or did not answer; in the latter case a create may have happened, so creates are
   * first looked up by e-mail and never sent twice.
   */
  private async applyBatch(
    batch: WriteItem[],
    directory: ScimUserDirectory,
    useBulk: boolean,
    capabilities: DirectoryCapabilities,
  ) {
    const sleep = this.options.sleep ?? defaultSleep;
    const maxAttempts = this.options.maxAttempts ?? 6;
    const outcomes: Outcome[] = [];
    let pending = batch;
    for (let attempt = 1; pending.length; attempt++) {
      let results: BulkOperationResult[];
      let waitSeconds: number | undefined;
      try {
        results = useBulk
          ? await directory.bulk(pending.map((item) => bulkOperation(item, capabilities)))
          : await Promise.all(pending.map((item) => sendSingle(item, directory)));
      } catch (error) {
        if (!(error instanceof UpstreamError) || !error.retryable) {
          const detail = error instanceof UpstreamError ? error.message : String(error);
          for (const item of pending)
            outcomes.push({ seq: item.seq, outcome: 'failed', message: detail, userId: null });
          return outcomes;
        }
        // No answer: the writes may have been applied, so what arrived is looked up before anything is repeated.
        if (error.status === 0) pending = await reconcileUnanswered(pending, directory, outcomes);
        if (attempt >= maxAttempts) {
          // Rows still unknown were sent: "not attempted" would be untrue, "failed" says what is known.
          if (error.status === 0)
            for (const item of pending)
              outcomes.push({ seq: item.seq, outcome: 'failed', message: UNANSWERED, userId: null });
          throw new UpstreamGone(`The user API stopped answering (${error.message})`, outcomes);
        }
        if (!pending.length) return outcomes;
        await sleep(backoff(attempt, error.retryAfterSeconds));
        continue;
      }
      const retry: WriteItem[] = [];
      results.forEach((result, index) => {
        const item = pending[index]!;
        if (result.status >= 200 && result.status < 300) {
          outcomes.push({
            seq: item.seq,
            outcome: OUTCOME_OF[item.action] ?? 'updated',
            message: null,
            userId: result.user?.portatourId ?? result.createdId ?? null,
          });
        } else if (result.status === 429 || result.status === 503 || result.status === 0) {
          retry.push(item);
          waitSeconds = Math.max(waitSeconds ?? 0, result.retryAfterSeconds ?? 0);
        } else {
          outcomes.push({
            seq: item.seq,
            outcome: 'failed',
            message: result.detail ?? `The user API answered ${result.status}.`,
            userId: null,
          });
        }
      });
      pending = retry;
      if (pending.length) {
        if (attempt >= maxAttempts) {
          for (const item of pending)
            outcomes.push({
              seq: item.seq,
              outcome: 'failed',
              message: 'The user API was busy; not written. Run the file again.',
              userId: null,
            });
          return outcomes;
        }
        await sleep(backoff(attempt, waitSeconds));
      }
    }
    return outcomes;
  }
}

function backoff(attempt: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) return Math.min(retryAfterSeconds, 60) * 1000;
  return Math.min(250 * 2 ** (attempt - 1), 8000);
}

function writableCreate(item: WriteItem): Parameters<typeof scimFromUser>[0] {
  if (item.write.kind !== 'create') throw new Error('not a create');
  return item.write.user;
}

function bulkOperation(item: WriteItem, capabilities: DirectoryCapabilities): BulkOperation {
  if (item.write.kind === 'create')
    return {
      method: 'POST',
      path: '/Users',
      bulkId: String(item.seq),
      data: scimFromUser(writableCreate(item), capabilities.extensions),
    };
  return {
    method: 'PATCH',
    path: `/Users/${encodeURIComponent(item.write.userId)}`,
    bulkId: String(item.seq),
    data: scimPatchFor(item.write.before, item.write.changes),
  };
}

async function sendSingle(item: WriteItem, directory: ScimUserDirectory): Promise<BulkOperationResult> {
  try {
    const user =
      item.write.kind === 'create'
        ? await directory.createUser(writableCreate(item))
        : await directory.patchUser(item.write.userId, scimPatchFor(item.write.before, item.write.changes));
    return { status: 200, user };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    // A request that never reached an answer is reported for the whole batch, so it is reconciled first.
    if (error.status === 0) throw error;
    return { status: error.status, detail: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
}

const UNANSWERED =
  'The user API did not answer in time; the change may have been applied. Run the same file again to finish it.';

const filterValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** The user already has every change, by the planner's own comparison. */
function alreadyHas(user: UserRecord, changes: UserChanges): boolean {
  return Object.entries(changes).every(([field, to]) =>
    sameValue(field as FieldKey, user[field as keyof UserRecord], to),
  );
}

/**
 * After a request without an answer (issue #6): writes that did reach the server are recorded as applied and
 * never repeated — creates are looked up by e-mail, updates by reading the user back.
 */
async function reconcileUnanswered(
  pending: WriteItem[],
  directory: ScimUserDirectory,
  outcomes: Outcome[],
): Promise<WriteItem[]> {
  const still: WriteItem[] = [];
  for (const item of pending) {
    const write = item.write;
    try {
      if (write.kind === 'create') {
        const [found] = await directory.listUsers(`emails.value eq "${filterValue(write.user.email)}"`);
        if (found)
          outcomes.push({ seq: item.seq, outcome: 'created', message: null, userId: found.portatourId });
        else still.push(item);
      } else {
        const found = await directory.getUser(write.userId);
        if (found && alreadyHas(found, write.changes))
          outcomes.push({
            seq: item.seq,
            outcome: OUTCOME_OF[item.action] ?? 'updated',
            message: null,
            userId: write.userId,
          });
        else still.push(item);
      }
    } catch {
      still.push(item);
    }
  }
  return still;
}
