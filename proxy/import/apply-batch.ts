// One batch of an import's writes against the user API: SCIM /Bulk when the server offers it, single requests
// otherwise, retries only where repeating is safe. Returns an outcome for every row it has an answer for.
import type { PlannedWrite, RowAction, UserChanges } from '../../shared/import/plan-types.ts';
import type { FieldKey, UserRecord } from '../../shared/fields/user-fields.ts';
import { sameValue } from '../../shared/import/planned-row.ts';
import type { RowOutcome, RowOutcomeUpdate } from '../store/job-store.ts';
import { scimFromUser, scimPatchFor } from '../user-api/scim-user-mapping.ts';
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

export type Outcome = RowOutcomeUpdate;

export const OUTCOME_OF: Partial<Record<RowAction, RowOutcome>> = {
  create: 'created',
  update: 'updated',
  deactivate: 'deactivated',
};

/** The user API stopped answering; `applied` holds what this batch had written before, so it is reported. */
export class UpstreamGone extends Error {
  constructor(
    message: string,
    readonly applied: Outcome[],
  ) {
    super(message);
  }
}

/**
 * Applies one batch and returns an outcome for each item. Whole-request failures are retried when the server
 * said "later" (429/503) or did not answer; in the latter case a create may have happened, so creates are
 * first looked up by e-mail and never sent twice.
 */
export async function applyBatch(
  batch: WriteItem[],
  directory: ScimUserDirectory,
  useBulk: boolean,
  retry: { sleep: (ms: number) => Promise<void>; maxAttempts: number },
): Promise<Outcome[]> {
  const { sleep, maxAttempts } = retry;
  const outcomes: Outcome[] = [];
  let pending = batch;
  for (let attempt = 1; pending.length; attempt++) {
    let results: BulkOperationResult[];
    let waitSeconds: number | undefined;
    try {
      results = useBulk
        ? await directory.bulk(pending.map(bulkOperation))
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

function backoff(attempt: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) return Math.min(retryAfterSeconds, 60) * 1000;
  return Math.min(250 * 2 ** (attempt - 1), 8000);
}

function writableCreate(item: WriteItem): Parameters<typeof scimFromUser>[0] {
  if (item.write.kind !== 'create') throw new Error('not a create');
  return item.write.user;
}

function bulkOperation(item: WriteItem): BulkOperation {
  if (item.write.kind === 'create')
    return {
      method: 'POST',
      path: '/Users',
      bulkId: String(item.seq),
      data: scimFromUser(writableCreate(item)),
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
 * After a request without an answer: writes that did reach the server are recorded as applied and
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
