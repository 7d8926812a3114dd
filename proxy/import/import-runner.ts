// Runs a planned import against the user API (issue #3): SCIM /Bulk when the server offers it, single requests
// otherwise, bounded concurrency, retries only where repeating is safe, no rollback. Outcomes are recorded per
// row as they happen, so a stop at any point leaves an exact report and a re-run finishes the rest.
import type { PlannedWrite, RowAction } from '../../shared/import/plan-types.ts';
import type { JobStatus, JobStore } from '../store/job-store.ts';
import type { WriteJournal } from '../store/write-journal.ts';
import { OUTCOME_OF, resolveWrites, type Outcome } from './resolve-writes.ts';
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
  /** The user's version when the update was planned: sent as If-Match where the server supports ETags. */
  ifMatch?: string;
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
  /** Writes in flight and notices, so a stopped proxy's writes can be checked later. */
  journal?: WriteJournal;
  log?: (entry: { level: 'info' | 'error'; message: string; [key: string]: unknown }) => void;
}

interface ActiveJob {
  id: string;
  cancelRequested: boolean;
  finished: Promise<void>;
}

export const CONFLICT_MESSAGE =
  'Changed by someone else since the preview; not overwritten. Check the user and import the file again.';

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
      const journal = this.options.journal;
      for (const notice of fallbackNotices(capabilities, this.options.concurrency ?? 8))
        journal?.notice(job.id, notice);
      // Without /Bulk a batch is sent as that many single requests at once: bounded concurrency, and the writes
      // a batch leaves unanswered are looked up together.
      const batchSize = bulk.supported
        ? Math.max(1, Math.min(bulk.maxOperations || 1, this.options.bulkBatchSize ?? 500))
        : (this.options.concurrency ?? 8);
      const concurrency = bulk.supported ? 2 : 1;
      const batches = splitBatches(items, batchSize, bulk.supported ? bulk.maxPayloadSize : 0, capabilities);
      let next = 0;
      let failure: { error: unknown } | undefined;
      const record = (batch: WriteItem[], outcomes: Outcome[]) => {
        this.jobs.recordOutcomes(job.id, outcomes);
        journal?.settled(
          job.id,
          outcomes.map((o) => o.seq),
        );
        this.audit(job.id, batch, outcomes, after);
      };
      const worker = async () => {
        while (next < batches.length && !job.cancelRequested && !failure) {
          const batch = batches[next++]!;
          try {
            journal?.sending(job.id, after.tenant, batch);
            record(batch, await this.applyBatch(batch, directory, bulk.supported, capabilities));
          } catch (error) {
            if (error instanceof UpstreamGone) record(batch, error.applied);
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
    for (const notice of directory.notices) this.options.journal?.notice(job.id, notice);
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
   * said "later" (429/503). A write without an answer is waited for (the client does not give up on a write at
   * the read timeout); when none comes, every unanswered write of the batch is looked up at once and only those
   * the user API does not hold are sent again. A 412 is a conflict: the user changed since it was read.
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
    /** Writes sent before without an answer: a 409 to one of them may be its own earlier create. */
    const sentBefore = new Set<number>();
    let pending = batch;
    for (let attempt = 1; pending.length; attempt++) {
      let results: BulkOperationResult[];
      /** The whole request failed (the API is down or overloaded), not single writes. */
      let wholeRequest: UpstreamError | undefined;
      try {
        results = useBulk
          ? await directory.bulk(pending.map((item) => bulkOperation(item, capabilities)))
          : await Promise.all(pending.map((item) => sendSingle(item, directory, capabilities)));
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        wholeRequest = error;
        // Each write gets the request's answer.
        results = pending.map(() => ({
          status: error.status,
          detail: error.message,
          retryAfterSeconds: error.retryAfterSeconds,
        }));
      }
      if (!useBulk && results.length && results.every((r) => r.status === 503 || r.status === 429))
        wholeRequest = new UpstreamError(results[0]!.status, results[0]!.detail ?? 'The user API is busy.');
      const retry: WriteItem[] = [];
      const unknown: WriteItem[] = [];
      let waitSeconds: number | undefined;
      results.forEach((result, index) => {
        const item = pending[index]!;
        if (result.status >= 200 && result.status < 300) {
          outcomes.push({
            seq: item.seq,
            outcome: OUTCOME_OF[item.action] ?? 'updated',
            message: null,
            userId: result.user?.portatourId ?? result.createdId ?? null,
          });
        } else if (result.status === 412) {
          outcomes.push({ seq: item.seq, outcome: 'conflict', message: CONFLICT_MESSAGE, userId: null });
        } else if (result.status === 0 || (result.status === 409 && sentBefore.has(item.seq))) {
          unknown.push(item);
        } else if (result.status === 429 || result.status === 503) {
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
      if (unknown.length) {
        let resolved: Awaited<ReturnType<typeof resolveWrites<WriteItem>>>;
        try {
          resolved = await resolveWrites(unknown, directory);
        } catch {
          resolved = { applied: [], absent: unknown };
        }
        outcomes.push(...resolved.applied);
        for (const item of resolved.absent) {
          sentBefore.add(item.seq);
          retry.push(item);
        }
      }
      pending = retry.sort((a, b) => a.seq - b.seq);
      if (!pending.length) break;
      if (attempt >= maxAttempts) {
        const unanswered = pending.filter((item) => sentBefore.has(item.seq));
        // Rows still unknown were sent: "not attempted" would be untrue, "failed" says what is known.
        for (const item of unanswered)
          outcomes.push({ seq: item.seq, outcome: 'failed', message: UNANSWERED, userId: null });
        // The user API as a whole stopped answering: the job stops, the rest is reported not attempted.
        if (wholeRequest || unanswered.length)
          throw new UpstreamGone(
            `The user API stopped answering (${wholeRequest?.message ?? 'no answer'})`,
            outcomes,
          );
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
    return outcomes;
  }
}

/** What the job says about how this directory is driven, where it differs from the full portatour user API. */
function fallbackNotices(capabilities: DirectoryCapabilities, concurrency: number): string[] {
  const notices: string[] = [];
  if (capabilities.missing.length)
    notices.push(
      `This directory does not describe itself (${capabilities.missing.map((m) => `/${m}`).join(', ')} missing): safe defaults were used.`,
    );
  if (!capabilities.bulk.supported)
    notices.push(
      `This directory has no /Bulk: each user was written with a request of its own, ${concurrency} at a time.`,
    );
  if (!capabilities.patch)
    notices.push('This directory has no PATCH: each update replaced the whole user (PUT).');
  if (!capabilities.filter.supported)
    notices.push('This directory cannot filter users: lookups read the user list page by page.');
  return notices;
}

/** Batches of at most `size` writes whose Bulk request stays under the server's maxPayloadSize. */
function splitBatches(
  items: WriteItem[],
  size: number,
  maxPayloadSize: number,
  capabilities: DirectoryCapabilities,
): WriteItem[][] {
  const batches: WriteItem[][] = [];
  // Room for the BulkRequest envelope around the operations.
  const budget = maxPayloadSize ? maxPayloadSize - 1024 : Infinity;
  let current: WriteItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const itemBytes = Number.isFinite(budget)
      ? Buffer.byteLength(JSON.stringify(bulkOperation(item, capabilities))) + 1
      : 0;
    if (current.length && (current.length >= size || bytes + itemBytes > budget)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += itemBytes;
  }
  if (current.length) batches.push(current);
  return batches;
}

function backoff(attempt: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) return Math.min(retryAfterSeconds, 60) * 1000;
  return Math.min(250 * 2 ** (attempt - 1), 8000);
}

function writableCreate(item: WriteItem): Parameters<typeof scimFromUser>[0] {
  if (item.write.kind !== 'create') throw new Error('not a create');
  return item.write.user;
}

/** The whole resource for a PUT: the user as read, with the changes. */
function replacement(write: Extract<PlannedWrite, { kind: 'update' }>, capabilities: DirectoryCapabilities) {
  const { portatourId, accessLinkSentAt: _sent, lastLoginAt: _login, ...before } = write.before;
  return {
    ...scimFromUser({ ...before, ...write.changes }, capabilities.extensions),
    id: portatourId,
  };
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
    method: capabilities.patch ? 'PATCH' : 'PUT',
    path: `/Users/${encodeURIComponent(item.write.userId)}`,
    bulkId: String(item.seq),
    ...(capabilities.etag && item.ifMatch ? { version: item.ifMatch } : {}),
    data: capabilities.patch
      ? scimPatchFor(item.write.before, item.write.changes)
      : replacement(item.write, capabilities),
  };
}

/** One write as a single request; every failure, also no answer at all (status 0), is an answer here. */
async function sendSingle(
  item: WriteItem,
  directory: ScimUserDirectory,
  capabilities: DirectoryCapabilities,
): Promise<BulkOperationResult> {
  try {
    const write = item.write;
    const ifMatch = capabilities.etag ? item.ifMatch : undefined;
    const user =
      write.kind === 'create'
        ? await directory.createUser(write.user)
        : capabilities.patch
          ? await directory.patchUser(write.userId, scimPatchFor(write.before, write.changes), ifMatch)
          : await directory.replaceUser(write.userId, replacement(write, capabilities), ifMatch);
    return { status: 200, user };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return { status: error.status, detail: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
}

const UNANSWERED =
  'The user API did not answer in time; the change may have been applied. Run the same file again to finish it.';
