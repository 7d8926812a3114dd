// One audit record per applied write of an import: who, which user, every field before → after.
import type { NewAuditEntry } from '../store/audit-store.ts';
import type { Outcome, WriteItem } from './apply-batch.ts';

export interface AuditContext {
  /** Token fingerprint of whoever started the import. */
  actor: string;
  tenant: string;
}

export function importAuditEntries(
  jobId: string,
  batch: WriteItem[],
  outcomes: Outcome[],
  context: AuditContext,
): NewAuditEntry[] {
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
  return entries;
}
