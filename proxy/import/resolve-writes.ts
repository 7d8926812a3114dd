// Writes whose answer never came (a timeout, a reset connection, a proxy that stopped): were they applied? Every
// such write of a batch is looked up at once — creates by e-mail, updates by id, with one filter where the server
// allows (see findUsers) — never with one GET per row, and never while the server may still be applying them.
import type { FieldKey, UserRecord } from '../../shared/fields/user-fields.ts';
import type { PlannedWrite, RowAction, UserChanges } from '../../shared/import/plan-types.ts';
import { sameValue } from '../../shared/import/planned-row.ts';
import type { RowOutcome, RowOutcomeUpdate } from '../store/job-store.ts';
import type { ScimUserDirectory } from '../user-api/scim-client.ts';
import { findUsers } from '../user-api/user-lookup.ts';
import { emailKey } from '../../shared/fields/field-values.ts';

export type Outcome = RowOutcomeUpdate;

/** What a row keeps of its write while it is in flight (import_rows.sent_write): enough to look it up later. */
export interface SentWrite {
  write: PlannedWrite;
  /** The user's version when the update was planned: sent as If-Match where the server supports ETags. */
  ifMatch?: string;
}

export interface WriteItem extends SentWrite {
  seq: number;
  action: RowAction;
}

export const OUTCOME_OF: Partial<Record<RowAction, RowOutcome>> = {
  create: 'created',
  update: 'updated',
  deactivate: 'deactivated',
};

/** The user already has every change, by the planner's own comparison. */
export function alreadyHas(user: UserRecord, changes: UserChanges): boolean {
  return Object.entries(changes).every(([field, to]) =>
    sameValue(field as FieldKey, user[field as keyof UserRecord], to),
  );
}

/** Which of these writes the user API holds (applied) and which it does not (absent: safe to send again). */
export async function resolveWrites<T extends WriteItem>(
  items: readonly T[],
  directory: ScimUserDirectory,
): Promise<{ applied: Outcome[]; absent: T[] }> {
  const creates = items.filter((item) => item.write.kind === 'create');
  const updates = items.filter((item) => item.write.kind === 'update');
  const byEmail = await findUsers(
    directory,
    'emails.value',
    creates.map((item) => (item.write.kind === 'create' ? item.write.user.email : '')),
  );
  const byId = await findUsers(
    directory,
    'id',
    updates.map((item) => (item.write.kind === 'update' ? item.write.userId : '')),
  );
  const applied: Outcome[] = [];
  const absent: T[] = [];
  for (const item of items) {
    const write = item.write;
    if (write.kind === 'create') {
      const found = byEmail.get(emailKey(write.user.email));
      if (found)
        applied.push({ seq: item.seq, outcome: 'created', message: null, userId: found.portatourId });
      else absent.push(item);
    } else {
      const found = byId.get(write.userId);
      if (found && alreadyHas(found, write.changes))
        applied.push({
          seq: item.seq,
          outcome: OUTCOME_OF[item.action] ?? 'updated',
          message: null,
          userId: write.userId,
        });
      else absent.push(item);
    }
  }
  return { applied, absent };
}
