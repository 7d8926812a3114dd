// An audit record for every write the proxy makes to the user API (issue #6): who (a token fingerprint, never
// the token), when, which company and user, and each field before → after. Readable by the company's admins.
import type { SqliteDatabase } from './proxy-database.ts';

export interface AuditEntry {
  id: number;
  at: string;
  tenant: string;
  actor: string;
  jobId: string | null;
  userId: string | null;
  action: 'created' | 'updated' | 'deactivated' | 'access-link-sent';
  changes: { field: string; from: unknown; to: unknown }[];
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export class AuditStore {
  constructor(private readonly db: SqliteDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        tenant TEXT NOT NULL,
        actor TEXT NOT NULL,
        job_id TEXT,
        user_id TEXT,
        action TEXT NOT NULL,
        changes TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_log_tenant ON audit_log (tenant, id);
    `);
  }

  record(entries: NewAuditEntry[], at = new Date()): void {
    if (!entries.length) return;
    const insert = this.db.prepare(
      'INSERT INTO audit_log (at, tenant, actor, job_id, user_id, action, changes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const e of entries)
        insert.run(
          at.toISOString(),
          e.tenant,
          e.actor,
          e.jobId,
          e.userId,
          e.action,
          JSON.stringify(e.changes),
        );
    })();
  }

  /** Newest first; `before` pages backwards by id. */
  list(tenant: string, options: { limit: number; before?: number; userId?: string }): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit_log WHERE tenant = ? AND id < ? AND (? IS NULL OR user_id = ?) ORDER BY id DESC LIMIT ?`,
      )
      .all(
        tenant,
        options.before ?? Number.MAX_SAFE_INTEGER,
        options.userId ?? null,
        options.userId ?? null,
        options.limit,
      ) as {
      id: number;
      at: string;
      tenant: string;
      actor: string;
      job_id: string | null;
      user_id: string | null;
      action: AuditEntry['action'];
      changes: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      tenant: r.tenant,
      actor: r.actor,
      jobId: r.job_id,
      userId: r.user_id,
      action: r.action,
      changes: JSON.parse(r.changes) as AuditEntry['changes'],
    }));
  }
}
