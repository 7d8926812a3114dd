// One batch of an import's writes against the user API: SCIM /Bulk when the server offers it, single requests
// otherwise (all of a batch at once, each allowed to settle), retries only where repeating is safe. Returns an
// outcome for every row it has an answer for.
import type { PlannedWrite } from '../../shared/import/plan-types.ts';
import { scimFromUser, scimPatchFor } from '../user-api/scim-user-mapping.ts';
import type { DirectoryCapabilities } from '../user-api/scim-capabilities.ts';
import {
  UpstreamError,
  type BulkOperation,
  type EncodedBulkOperation,
  type BulkOperationResult,
  type ScimUserDirectory,
} from '../user-api/scim-client.ts';
import { patchRefused, patchRefusedNotice } from './patch-fallback.ts';
import { OUTCOME_OF, resolveWrites, type Outcome, type SentWrite, type WriteItem } from './resolve-writes.ts';

export { OUTCOME_OF, type Outcome, type WriteItem } from './resolve-writes.ts';

export const CONFLICT_MESSAGE =
  'Changed by someone else since the preview; not overwritten. Check the user and import the file again.';

/** The user API stopped answering; `applied` holds what this batch had written before, so it is reported. */
export class UpstreamGone extends Error {
  constructor(
    message: string,
    readonly applied: Outcome[],
  ) {
    super(message);
  }
}

/** What a row keeps while its write is in flight (JSON), so that an interrupted job's write can be looked up. */
export function sentWriteJson(item: WriteItem): string {
  const sent: SentWrite = { write: item.write, ifMatch: item.ifMatch };
  return JSON.stringify(sent);
}

/**
 * Applies one batch and returns an outcome for each item. Whole-request failures are retried when the server
 * said "later" (429/503). A write without an answer is waited for (the client does not give up on a write at
 * the read timeout); when none comes, every unanswered write of the batch is looked up at once and only those
 * the user API does not hold are sent again. A 412 is a conflict: the user changed since it was read.
 */
export async function applyBatch(
  batch: WriteItem[],
  directory: ScimUserDirectory,
  useBulk: boolean,
  capabilities: DirectoryCapabilities,
  retry: { sleep: (ms: number) => Promise<void>; maxAttempts: number },
  operations = new BulkOperations(capabilities),
): Promise<Outcome[]> {
  const { sleep, maxAttempts } = retry;
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
        ? await directory.bulk(pending.map((item) => operations.encoded(item)))
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
    const again: WriteItem[] = [];
    const unknown: WriteItem[] = [];
    let waitSeconds: number | undefined;
    let patchRefusedWith: number | undefined;
    results.forEach((result, index) => {
      const item = pending[index]!;
      if (patchRefused(item, result.status, capabilities)) {
        // Not applied: sent again at once, as PUT.
        patchRefusedWith = result.status;
        again.push(item);
      } else if (result.status >= 200 && result.status < 300) {
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
        again.push(item);
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
        again.push(item);
      }
    }
    if (patchRefusedWith !== undefined) {
      // The job's own capabilities (import-runner.ts): PUT from here on, for every batch of this job.
      capabilities.patch = false;
      directory.notices.add(patchRefusedNotice(patchRefusedWith));
    }
    pending = again.sort((a, b) => a.seq - b.seq);
    if (!pending.length) break;
    if (patchRefusedWith !== undefined && !wholeRequest && waitSeconds === undefined && !unknown.length)
      continue;
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

/**
 * Each write's Bulk operation as JSON, encoded once: it sizes the batch and is then sent as it is. Kept only
 * until its batch is answered (`forget`); an update is encoded again when the job switched from PATCH to PUT.
 */
export class BulkOperations {
  private readonly encodings = new Map<number, { patch: boolean; json: string }>();

  constructor(private readonly capabilities: DirectoryCapabilities) {}

  encoded(item: WriteItem): EncodedBulkOperation {
    const bulkId = String(item.seq);
    const known = this.encodings.get(item.seq);
    if (known && known.patch === this.capabilities.patch) return { bulkId, json: known.json };
    const json = JSON.stringify(bulkOperation(item, this.capabilities));
    this.encodings.set(item.seq, { patch: this.capabilities.patch, json });
    return { bulkId, json };
  }

  forget(batch: readonly WriteItem[]): void {
    for (const item of batch) this.encodings.delete(item.seq);
  }
}

/**
 * Cuts the writes into batches of at most `size` whose Bulk request stays under the server's maxPayloadSize,
 * one batch when it is asked for: the first is sent while the others are not sized yet.
 */
export class BatchSplitter {
  private next = 0;
  /** Room for the BulkRequest envelope around the operations. */
  private readonly budget: number;

  constructor(
    private readonly items: readonly WriteItem[],
    private readonly size: number,
    maxPayloadSize: number,
    private readonly operations: BulkOperations,
  ) {
    this.budget = maxPayloadSize ? maxPayloadSize - 1024 : Infinity;
  }

  /** The next batch; undefined when every write has been handed out. */
  take(): WriteItem[] | undefined {
    if (this.next >= this.items.length) return undefined;
    const batch: WriteItem[] = [];
    let bytes = 0;
    for (; this.next < this.items.length && batch.length < this.size; this.next++) {
      const item = this.items[this.next]!;
      const itemBytes = Number.isFinite(this.budget)
        ? Buffer.byteLength(this.operations.encoded(item).json) + 1
        : 0;
      if (batch.length && bytes + itemBytes > this.budget) break;
      batch.push(item);
      bytes += itemBytes;
    }
    return batch;
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
