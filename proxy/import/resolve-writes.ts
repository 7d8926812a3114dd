// Writes whose answer never came (a timeout, a reset connection, a proxy that stopped): were they applied? Every
// such write of a batch is looked up at once — creates by e-mail, updates by id, with one filter where the server
// allows (see findUsers) — never with one GET per row, and never while the server may still be applying them.
import type { FieldKey, UserRecord } from '../../shared/fields/user-fields.ts';
import type { RowAction, UserChanges } from '../../shared/import/plan-types.ts';
import { sameValue } from '../../shared/import/planned-row.ts';
import type { JournaledWrite } from '../store/write-journal.ts';
import type { RowOutcome } from '../store/job-store.ts';
import type { ScimUserDirectory } from '../user-api/scim-client.ts';
import { findUsers } from '../user-api/user-lookup.ts';
import { emailKey } from '../../shared/fields/field-values.ts';

export type Outcome = { seq: number; outcome: RowOutcome; message: string | null; userId: string | null };

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
export async function resolveWrites<T extends JournaledWrite>(
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
