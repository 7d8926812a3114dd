// Runs a planned import against the user API: batches with bounded concurrency, no rollback. Outcomes are
// recorded per row as they happen, so a stop at any point leaves an exact report and a re-run finishes the rest.
// The job runs on the instance that received its upload (the token is never stored); that instance holds the
// company's import slot in the database and renews its lease, and reads the cancel flag between batches.
import { hostname } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditStore } from '../store/audit-store.ts';
import type { ClaimResult, ImportLocks } from '../store/import-locks.ts';
import { INTERRUPTED_MESSAGE, type JobStatus, type JobStore } from '../store/job-store.ts';
import type { ScimUserDirectory } from '../user-api/scim-client.ts';
import type { DirectoryCapabilities } from '../user-api/scim-capabilities.ts';
import {
  applyBatch,
  BatchSplitter,
  BulkOperations,
  sentWriteJson,
  UpstreamGone,
  type Outcome,
  type WriteItem,
} from './apply-batch.ts';
import { importAuditEntries, type AuditContext } from './import-audit.ts';
import { plural } from '../../shared/plural.ts';

export type { WriteItem } from './apply-batch.ts';

export interface RunContext extends AuditContext {
  sendAccessLink: boolean;
  /** Rows found changed since the preview before anything was sent: recorded as they are, never written. */
  conflicts?: Outcome[];
}

export interface RunnerOptions {
  /** Waits between retries; tests pass a fast clock. */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  bulkBatchSize?: number;
  concurrency?: number;
  /** How long a job's slot stays held without a heartbeat (LEASE_MS); renewed every third of it. */
  leaseMs?: number;
  /** This instance's name in the database's locks. */
  owner?: string;
  log?: (entry: { level: 'info' | 'error'; message: string; [key: string]: unknown }) => void;
}

export const DEFAULT_LEASE_MS = 15_000;

type StopReason = 'cancel' | 'shutdown' | 'lease-lost';

interface ActiveJob {
  id: string;
  tenant: string;
  stop: StopReason | null;
  /** By this instance's clock: past it, the lease may have been taken over, so nothing more is written. */
  leaseValidUntil: number;
  heartbeat: ReturnType<typeof setInterval>;
  finished: Promise<void>;
  released: Promise<void>;
  markReleased: () => void;
}

const STOP_MESSAGES: Record<Exclude<StopReason, 'lease-lost'>, string> = {
  cancel:
    'The import was cancelled. The changes made before that are kept; the other rows were not imported. Run the same file again to finish them.',
  shutdown:
    'The import stopped because the proxy was shut down. The changes made before that are kept; the other rows were not imported. Run the same file again to finish them.',
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ImportRunner {
  private readonly active = new Map<string, ActiveJob>();
  private stopping = false;
  readonly leaseMs: number;
  readonly owner: string;

  constructor(
    private readonly store: { jobs: JobStore; locks: ImportLocks; audit: AuditStore },
    private readonly options: RunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  }

  /** Shutting down: no new import starts here. */
  get draining(): boolean {
    return this.stopping;
  }

  /** Claims the company's single import slot across every instance; when taken, says by which job. */
  async claim(tenant: string, id: string): Promise<ClaimResult> {
    const result = await this.store.locks.claim(tenant, id, this.owner, this.leaseMs);
    if (!result.claimed) return result;
    let markReleased!: () => void;
    const job: ActiveJob = {
      id,
      tenant,
      stop: null,
      leaseValidUntil: Date.now() + this.leaseMs,
      heartbeat: setInterval(() => void this.renew(job), Math.max(50, Math.floor(this.leaseMs / 3))),
      finished: Promise.resolve(),
      released: new Promise<void>((resolve) => (markReleased = resolve)),
      markReleased,
    };
    job.heartbeat.unref();
    this.active.set(tenant, job);
    return result;
  }

  async release(tenant: string, id: string): Promise<void> {
    const job = this.active.get(tenant);
    if (job?.id !== id) return;
    clearInterval(job.heartbeat);
    this.active.delete(tenant);
    try {
      await this.store.locks.release(tenant, id);
    } catch (error) {
      // The lease then ends by itself; the job has already ended, so nothing is marked interrupted.
      this.log('error', 'import slot not released', { jobId: id, error: String(error) });
    } finally {
      job.markReleased();
    }
  }

  /** Sets the flag that the instance running the job (this one or another) reads between batches. */
  async cancel(tenant: string, id: string): Promise<void> {
    await this.store.jobs.requestCancel(id);
    const job = this.active.get(tenant);
    if (job?.id === id) job.stop ??= 'cancel';
  }

  /** Shutdown: every job stops after its batches in flight and frees its slot; resolves when all have. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const jobs = [...this.active.values()];
    for (const job of jobs) job.stop ??= 'shutdown';
    await Promise.all(jobs.map((job) => job.released));
  }

  /** Starts a claimed job; the promise settles when it has ended and its slot is free (never rejects). */
  run(tenant: string, id: string, items: WriteItem[], directory: ScimUserDirectory, after: RunContext) {
    const job = this.active.get(tenant);
    if (!job || job.id !== id) throw new Error(`job ${id} was not claimed`);
    job.finished = this.execute(job, items, directory, after)
      .catch((error: unknown) =>
        this.log('error', 'import not recorded', { jobId: id, error: String(error) }),
      )
      .finally(() => this.release(tenant, id));
    return job.finished;
  }

  private log(level: 'info' | 'error', message: string, fields: Record<string, unknown> = {}) {
    this.options.log?.({ level, message, ...fields });
  }

  private async renew(job: ActiveJob): Promise<void> {
    try {
      if (await this.store.locks.renew(job.tenant, job.id, this.owner, this.leaseMs))
        job.leaseValidUntil = Date.now() + this.leaseMs;
      else job.stop = 'lease-lost';
    } catch (error) {
      this.log('error', 'lease not renewed', { jobId: job.id, error: String(error) });
    }
  }

  /** Whether the job may send another batch; a lease that ran out unrenewed stops it like a lost one. */
  private mayContinue(job: ActiveJob): boolean {
    if (!job.stop && Date.now() >= job.leaseValidUntil) job.stop = 'lease-lost';
    return !job.stop;
  }

  private async execute(job: ActiveJob, items: WriteItem[], directory: ScimUserDirectory, after: RunContext) {
    const { jobs, audit } = this.store;
    await jobs.start(job.id);
    if (after.conflicts?.length) await jobs.recordOutcomes(job.id, after.conflicts);
    let status: JobStatus = 'succeeded';
    let message: string | null = null;
    const retry = { sleep: this.options.sleep ?? defaultSleep, maxAttempts: this.options.maxAttempts ?? 6 };
    try {
      // The job's own copy: what it learns about this server while it runs (PATCH refused) changes only its writes.
      const capabilities = { ...(await directory.capabilities()) };
      const bulk = capabilities.bulk;
      await jobs.addNotices(job.id, fallbackNotices(capabilities, this.options.concurrency ?? 8));
      // Without /Bulk a batch is sent as that many single requests at once: bounded concurrency, and the writes
      // a batch leaves unanswered are looked up together.
      const batchSize = bulk.supported
        ? Math.max(1, Math.min(bulk.maxOperations || 1, this.options.bulkBatchSize ?? 500))
        : (this.options.concurrency ?? 8);
      const concurrency = bulk.supported ? 2 : 1;
      const operations = new BulkOperations(capabilities);
      const batches = new BatchSplitter(
        items,
        batchSize,
        bulk.supported ? bulk.maxPayloadSize : 0,
        operations,
      );
      let failure: { error: unknown } | undefined;
      const take = () => (!failure && this.mayContinue(job) ? batches.take() : undefined);
      /**
       * Marks a batch in flight, then sends it: each row keeps what it sends until it has an answer, so that after
       * a crash its write can be looked up. Resolves to undefined, unsent, when the job was cancelled meanwhile.
       */
      const send = async (batch: WriteItem[]): Promise<Outcome[] | undefined> => {
        const { cancelRequested } = await jobs.markInFlight(
          job.id,
          batch.map((item) => item.seq),
          batch.map(sentWriteJson),
        );
        if (cancelRequested) {
          job.stop ??= 'cancel';
          return undefined;
        }
        try {
          return await applyBatch(batch, directory, bulk.supported, capabilities, retry, operations);
        } finally {
          operations.forget(batch);
        }
      };
      const record = async (batch: WriteItem[], outcomes: Outcome[]) => {
        const { cancelRequested } = await jobs.recordOutcomes(job.id, outcomes);
        if (cancelRequested) job.stop ??= 'cancel';
        await audit.record(importAuditEntries(job.id, batch, outcomes, after));
      };
      const worker = async () => {
        let batch = take();
        let answer = batch && send(batch);
        while (batch && answer) {
          let outcomes: Outcome[] | undefined;
          try {
            outcomes = await answer;
          } catch (error) {
            if (error instanceof UpstreamGone) await record(batch, error.applied).catch(() => {});
            // The first failure stops every worker, and the job ends only when none is writing any more:
            // a failed job must not keep writing after its final report, nor once its import slot is free again.
            failure ??= { error };
            return;
          }
          if (!outcomes) return;
          // The next batch leaves before this one's outcomes are stored: the user API works on it meanwhile.
          const following = take();
          const followingAnswer = following && send(following);
          // Awaited below; until then a failure of it must not count as unhandled.
          followingAnswer?.catch(() => {});
          try {
            await record(batch, outcomes);
          } catch (error) {
            failure ??= { error };
            // What was sent meanwhile is still answered and, where possible, recorded before the job ends.
            const late = await followingAnswer?.catch(() => undefined);
            if (following && late) await record(following, late).catch(() => {});
            return;
          }
          batch = following;
          answer = followingAnswer;
        }
      };
      // Each further worker starts a turn of the event loop after the one before, when that one's first batch
      // is on its way: the user API works on the first batch while the next is marked in flight and encoded,
      // instead of waiting for both.
      const running: Promise<void>[] = [];
      for (let i = Math.min(concurrency, Math.ceil(items.length / batchSize)); i > 0; i--) {
        if (running.length) await nextTurn();
        const started = worker();
        started.catch(() => {}); // awaited below with the others
        running.push(started);
      }
      await Promise.all(running);
      if (failure) throw failure.error;
      if (job.stop === 'lease-lost') {
        status = 'failed';
        message = INTERRUPTED_MESSAGE;
      } else if (job.stop) {
        status = 'cancelled';
        message = STOP_MESSAGES[job.stop];
      }
    } catch (error) {
      status = 'failed';
      message =
        error instanceof UpstreamGone
          ? `${error.message}. The changes made before that are kept; run the same file again to finish the rest.`
          : 'The import stopped because of an unexpected error. The changes made before that are kept; run the same file again to finish the rest.';
      if (!(error instanceof UpstreamGone))
        this.log('error', 'import failed', { jobId: job.id, error: String(error) });
    }
    await jobs
      .addNotices(job.id, [...directory.notices])
      .catch((error: unknown) =>
        this.log('error', 'notices not recorded', { jobId: job.id, error: String(error) }),
      );
    const progress = await jobs.progress(job.id);
    if (status === 'succeeded' && progress && progress.failed > 0) {
      status = 'partially_failed';
      message = `${plural(progress.failed, '1 row', `${progress.failed} rows`)} failed; see the report. Fix them and run the file again.`;
    }
    if (after.sendAccessLink && progress && status !== 'failed') {
      const record = await jobs.get(job.id);
      for (const userId of record?.createdUserIds ?? []) {
        await directory
          .sendAccessLink(userId)
          // Every access link sent is audited like POST …/users/send-access-link does.
          .then((answer) =>
            audit.record([
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
          .catch(() => this.log('error', 'access link not sent', { jobId: job.id }));
      }
    }
    await jobs.finish(job.id, status, message);
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
