// An audit record for every write the proxy makes to the user API: who (a token fingerprint, never the token),
// when, which company and user, and each field before → after. Readable by the company's admins. After the
// retention period the values are dropped; who, when, which user and which fields stay.
import { chunks, valueRows, type SqlDatabase, type SqlValue } from './sql-database.ts';

export type AuditAction = 'created' | 'updated' | 'deactivated' | 'access-link-sent' | 'import-deleted';

/** `from` and `to` are absent once the entry's values have been dropped. */
export interface AuditChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface AuditEntry {
  id: number;
  at: string;
  tenant: string;
  actor: string;
  jobId: string | null;
  userId: string | null;
  action: AuditAction;
  changes: AuditChange[];
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

interface StoredEntry {
  id: number;
  at: string;
  tenant: string;
  actor: string;
  job_id: string | null;
  user_id: string | null;
  action: AuditAction;
  fields: string;
  changes: string;
  values_deleted_at: string | null;
}

const COLUMNS = 8;

export class AuditStore {
  constructor(private readonly db: SqlDatabase) {}

  async record(entries: NewAuditEntry[], at = new Date()): Promise<void> {
    if (!entries.length) return;
    const when = at.toISOString();
    await this.db.transaction(async (tx) => {
      for (const part of chunks(entries, COLUMNS)) {
        const values: SqlValue[] = [];
        for (const e of part)
          values.push(
            when,
            e.tenant,
            e.actor,
            e.jobId,
            e.userId,
            e.action,
            JSON.stringify(e.changes.map((c) => c.field)),
            JSON.stringify(e.changes),
          );
        await tx.run(
          `INSERT INTO audit_log (at, tenant, actor, job_id, user_id, action, fields, changes)
           VALUES ${valueRows(part.length, COLUMNS)}`,
          values,
        );
      }
    });
  }

  /** Newest first; `before` pages backwards by id. */
  async list(
    tenant: string,
    options: { limit: number; before?: number; userId?: string },
  ): Promise<AuditEntry[]> {
    const filters: SqlValue[] = [tenant, options.before ?? Number.MAX_SAFE_INTEGER];
    if (options.userId !== undefined) filters.push(options.userId);
    const rows = await this.db.all<StoredEntry>(
      `SELECT * FROM audit_log WHERE tenant = ? AND id < ?${options.userId === undefined ? '' : ' AND user_id = ?'}
       ORDER BY id DESC LIMIT ?`,
      [...filters, options.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      tenant: r.tenant,
      actor: r.actor,
      jobId: r.job_id,
      userId: r.user_id,
      action: r.action,
      changes: r.values_deleted_at
        ? (JSON.parse(r.fields) as string[]).map((field) => ({ field }))
        : (JSON.parse(r.changes) as AuditChange[]),
    }));
  }
}
