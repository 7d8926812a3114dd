// A stand-in user's state beside its fields, never exposed over SCIM: the access link (its token and when it was
// sent) and the schedule data that "Has own schedule" Yes→No deletes.
import { notFound } from './scim-error.ts';
import type { StoreDatabase } from './store-database.ts';
import type { ScheduleData, StoredUser } from './store-types.ts';
import type { UserReads } from './store-user-reads.ts';

export class AccessLinks {
  constructor(
    private readonly database: StoreDatabase,
    private readonly users: UserReads,
  ) {}

  /** The access link token assigned on create. */
  token(tenantId: string, id: string): string | undefined {
    const row = this.database
      .statement('SELECT access_link_token FROM users WHERE tenant_id = ? AND id = ?')
      .get(tenantId, id) as { access_link_token: string } | undefined;
    return row?.access_link_token;
  }

  /** Records that the access link was sent (POST …/access-link); nothing is sent (test/stand-in-tenant/README.md). */
  recordSent(tenantId: string, id: string): StoredUser {
    const now = this.database.now();
    const result = this.database
      .statement(
        `UPDATE users SET access_link_sent_at = ?, last_modified = ?, version = version + 1
       WHERE tenant_id = ? AND id = ?`,
      )
      .run(now, now, tenantId, id);
    if (result.changes === 0) throw notFound(`user ${id} does not exist`);
    this.database.changed();
    const user = this.users.get(tenantId, id);
    if (user === undefined) throw new Error('the user cannot be read back');
    return user;
  }
}

export class Schedules {
  constructor(private readonly database: StoreDatabase) {}

  of(tenantId: string, id: string): ScheduleData | undefined {
    return this.database
      .statement('SELECT customers, appointments, reports FROM users WHERE tenant_id = ? AND id = ?')
      .get(tenantId, id) as ScheduleData | undefined;
  }

  set(tenantId: string, id: string, data: ScheduleData): void {
    this.database
      .statement(
        'UPDATE users SET customers = ?, appointments = ?, reports = ? WHERE tenant_id = ? AND id = ?',
      )
      .run(data.customers, data.appointments, data.reports, tenantId, id);
  }

  /** The user's own schedule was switched off: its data is deleted (docs/api-guide.md#fields). */
  delete(tenantId: string, id: string): void {
    this.database
      .statement(
        'UPDATE users SET customers = 0, appointments = 0, reports = 0 WHERE tenant_id = ? AND id = ?',
      )
      .run(tenantId, id);
  }
}
