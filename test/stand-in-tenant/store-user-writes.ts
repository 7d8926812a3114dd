// Writing the stand-in store's users with the portatour rules that need the database: unique e-mail address and
// employee number, the license limit, groups only for large companies, server-assigned user names.
import { randomUUID } from 'node:crypto';
import { generatedSeedUser, withoutUndefined } from './generated-users.ts';
import { ScimError, invalidValue, notFound } from './scim-error.ts';
import type { StoreDatabase } from './store-database.ts';
import type { StoreStats } from './store-stats.ts';
import type { TenantTable } from './store-tenants.ts';
import type { SeedUser, StoredUser, Tenant } from './store-types.ts';
import type { UserReads } from './store-user-reads.ts';
import type { Schedules } from './store-user-state.ts';
import { INSERT_USER, UPDATE_USER, fieldParameters, isUniqueConstraintError } from './tenant-store-sql.ts';
import { newUserId, seededUserId, userNameBase } from './user-ids.ts';
import {
  emailKey,
  newUserDefaults,
  normalizeUserFields,
  sameUserFields,
  validateUserFields,
  type UserFields,
} from './user-fields.ts';

/** docs/api-guide.md#fields: groups exist only for companies with at least this many licenses. */
const MIN_LICENSES_FOR_GROUPS = 10;

/** test/stand-in-tenant/README.md: the exact detail the proxy may look for. */
export const LICENSE_LIMIT_DETAIL = 'license limit exceeded';

export class UserWrites {
  constructor(
    private readonly database: StoreDatabase,
    private readonly tenants: TenantTable,
    private readonly users: UserReads,
    private readonly schedules: Schedules,
    private readonly stats: StoreStats,
  ) {}

  /** Groups a user already has stay (the company may have had more licenses); new ones are refused. */
  private checkGroupsAllowed(tenant: Tenant, fields: UserFields, previous?: UserFields): void {
    const groupsChanged = fields.userGroups.join('\n') !== (previous?.userGroups ?? []).join('\n');
    if (fields.userGroups.length > 0 && tenant.licenses < MIN_LICENSES_FOR_GROUPS && groupsChanged) {
      throw invalidValue(
        `user groups are only available for companies with at least ${MIN_LICENSES_FOR_GROUPS} licenses`,
      );
    }
  }

  private checkUnique(tenantId: string, fields: UserFields, exceptId: string | null): void {
    const emailOwner = this.database
      .statement('SELECT id FROM users WHERE tenant_id = ? AND email_key = ?')
      .get(tenantId, emailKey(fields.email)) as { id: string } | undefined;
    if (emailOwner !== undefined && emailOwner.id !== exceptId) {
      throw new ScimError(
        409,
        `the e-mail address ${fields.email} is already used by another user`,
        'uniqueness',
      );
    }
    if (fields.employeeNumber !== null) {
      const numberOwner = this.database
        .statement('SELECT id FROM users WHERE tenant_id = ? AND employee_number = ?')
        .get(tenantId, fields.employeeNumber) as { id: string } | undefined;
      if (numberOwner !== undefined && numberOwner.id !== exceptId) {
        throw new ScimError(
          409,
          `the employee number ${fields.employeeNumber} is already used by another user`,
          'uniqueness',
        );
      }
    }
  }

  /** test/stand-in-tenant/README.md: a license is held by every account with own schedule; the server still guards. */
  private checkLicense(tenantId: string): void {
    const { licenses, licensed_users } = this.database
      .statement('SELECT licenses, licensed_users FROM tenants WHERE id = ?')
      .get(tenantId) as { licenses: number; licensed_users: number };
    if (licensed_users + 1 > licenses) throw new ScimError(400, LICENSE_LIMIT_DETAIL);
  }

  private assignUserName(tenantId: string, fields: UserFields, id: string, taken?: Set<string>): string {
    const base = userNameBase(fields.givenName, fields.familyName);
    const isFree = (candidate: string) =>
      taken === undefined
        ? this.database
            .statement('SELECT 1 FROM users WHERE tenant_id = ? AND user_name_key = ?')
            .get(tenantId, candidate.toLowerCase()) === undefined
        : !taken.has(candidate.toLowerCase());
    for (let attempt = 1; attempt <= 20; attempt++) {
      const candidate = `${base}${attempt === 1 ? '' : attempt}@${tenantId}`;
      if (isFree(candidate)) return candidate;
    }
    // Many namesakes: the id makes it unique without trying further numbers one by one.
    return `${base}.${id.slice(1, 9)}@${tenantId}`;
  }

  /**
   * Creates an account (POST /Users): validates, checks uniqueness and the license limit, assigns
   * the id, the user name and an access link token; nobody is notified (docs/import-semantics.md).
   */
  create(tenantId: string, input: UserFields): StoredUser {
    const tenant = this.tenants.require(tenantId);
    const fields = normalizeUserFields(input);
    validateUserFields(fields);
    this.checkGroupsAllowed(tenant, fields);
    const user = this.database.transaction(() => {
      this.checkUnique(tenantId, fields, null);
      if (fields.hasOwnSchedule) this.checkLicense(tenantId);
      const id = newUserId();
      const userName = this.assignUserName(tenantId, fields, id);
      this.insert(tenantId, id, userName, fields, {}, this.database.now());
      return this.users.get(tenantId, id);
    });
    if (user === undefined) throw new Error('the created user cannot be read back');
    this.stats.of(tenantId).writes++;
    this.database.changed();
    return user;
  }

  private insert(
    tenantId: string,
    id: string,
    userName: string,
    fields: UserFields,
    state: SeedUser,
    created: string,
  ): void {
    try {
      this.database.statement(INSERT_USER).run({
        tenant_id: tenantId,
        id,
        user_name: userName,
        user_name_key: userName.toLowerCase(),
        ...fieldParameters(fields),
        access_link_token: randomUUID(),
        access_link_sent_at: state.accessLinkSentAt ?? null,
        last_login_at: state.lastLoginAt ?? null,
        customers: state.customers ?? 0,
        appointments: state.appointments ?? 0,
        reports: state.reports ?? 0,
        created,
      });
    } catch (error) {
      if (isUniqueConstraintError(error)) throw new ScimError(409, error.message, 'uniqueness');
      throw error;
    }
  }

  /**
   * Replaces the writable fields of an account (PUT, and PATCH after the patch is applied). Yes→No of
   * "has own schedule" deletes the user's schedule data (docs/api-guide.md#fields); No→Yes needs a free license.
   * A request that changes nothing still counts as a write, but keeps version and lastModified.
   */
  update(tenantId: string, id: string, input: UserFields): StoredUser {
    const tenant = this.tenants.require(tenantId);
    const fields = normalizeUserFields(input);
    validateUserFields(fields);
    const user = this.database.transaction(() => {
      const existing = this.users.get(tenantId, id);
      if (existing === undefined) throw notFound(`user ${id} does not exist`);
      this.checkGroupsAllowed(tenant, fields, existing);
      if (sameUserFields(normalizeUserFields(existing), fields)) return existing;
      this.checkUnique(tenantId, fields, id);
      if (fields.hasOwnSchedule && !existing.hasOwnSchedule) this.checkLicense(tenantId);
      try {
        this.database.statement(UPDATE_USER).run({
          tenant_id: tenantId,
          id,
          ...fieldParameters(fields),
          last_modified: this.database.now(),
        });
      } catch (error) {
        if (isUniqueConstraintError(error)) throw new ScimError(409, error.message, 'uniqueness');
        throw error;
      }
      if (existing.hasOwnSchedule && !fields.hasOwnSchedule) this.schedules.delete(tenantId, id);
      return this.users.get(tenantId, id);
    });
    if (user === undefined) throw new Error('the updated user cannot be read back');
    this.stats.of(tenantId).writes++;
    this.database.changed();
    return user;
  }

  /**
   * Inserts `count` users in one transaction (seeding, benchmarks with 100,000 users). `make(i)`
   * (0-based) gives each user's fields; what it leaves undefined is generated: names, a distinct e-mail
   * address, employee number `S-00000i`, no own schedule (pass `null`/`true` to override those).
   * Field rules and uniqueness are enforced, the license limit is NOT (raise it with setLicenses).
   * Returns the new ids in order.
   */
  seed(tenantId: string, count: number, make?: (index: number) => SeedUser): string[] {
    const tenant = this.tenants.require(tenantId);
    const defaults = newUserDefaults(tenant.defaultLanguage);
    const ids: string[] = [];
    this.database.transaction(() => {
      const taken = new Set(
        (
          this.database
            .statement('SELECT user_name_key FROM users WHERE tenant_id = ?')
            .pluck()
            .all(tenantId) as string[]
        ).map(String),
      );
      const now = this.database.now();
      for (let index = 0; index < count; index++) {
        const seed = make?.(index) ?? {};
        const generated = generatedSeedUser(tenantId, index);
        const fields = normalizeUserFields({ ...defaults, ...generated, ...withoutUndefined(seed) });
        validateUserFields(fields);
        const id = seededUserId(tenantId, fields.email);
        const userName = this.assignUserName(tenantId, fields, id, taken);
        taken.add(userName.toLowerCase());
        this.insert(tenantId, id, userName, fields, seed, seed.created ?? now);
        ids.push(id);
      }
    });
    this.database.changed();
    return ids;
  }
}
