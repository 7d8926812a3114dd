import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { generatedSeedUser, withoutUndefined } from './generated-users.ts';
import { ScimError, invalidValue, notFound } from './scim-error.ts';
import { SEED_CREATED_FROM, SEEDED_USERS } from './seed-users.ts';
import { SEEDED_TENANTS, type TenantDefinition } from './tenant-definitions.ts';
import {
  CREATE_TABLES,
  FILTER_COLUMNS,
  INSERT_USER,
  UPDATE_USER,
  USER_COLUMNS,
  fieldParameters,
  filterParameter,
  isUniqueConstraintError,
  tenantFromRow,
  userFromRow,
  type TenantRow,
  type UserRow,
} from './tenant-store-sql.ts';
import { newUserId, seededUserId, userNameBase } from './user-ids.ts';
import {
  emailKey,
  newUserDefaults,
  normalizeUserFields,
  sameUserFields,
  validateUserFields,
  type UserFields,
} from './user-fields.ts';

/**
 * The stand-in tenant's database (test/stand-in-tenant/README.md): tenants with their demo tokens, and their users with
 * the portatour rules that need the database — uniqueness, the license limit, the schedule data that
 * "Has own schedule" Yes→No deletes. Tests and benchmarks use it directly to arrange and to check.
 */

/** Bumped when the tables change; an older development database is then recreated (it is demo data). */
const SCHEMA_VERSION = 2;

/** docs/api-guide.md#fields: groups exist only for companies with at least this many licenses. */
const MIN_LICENSES_FOR_GROUPS = 10;

/** test/stand-in-tenant/README.md: the exact detail the proxy may look for. */
export const LICENSE_LIMIT_DETAIL = 'license limit exceeded';

export interface Tenant extends TenantDefinition {
  /** Accounts with own schedule, active or not: the licenses in use (docs/import-semantics.md). */
  licensedUsers: number;
}

export interface StoredUser extends UserFields {
  tenantId: string;
  /** The portatour ID, opaque. */
  id: string;
  /** Server-assigned on create, e.g. `anna.schmidt@demo`, never changed by clients. */
  userName: string;
  accessLinkSentAt: string | null;
  lastLoginAt: string | null;
  created: string;
  lastModified: string;
  /** Increases with every change; rendered as meta.version `W/"n"`. */
  version: number;
}

/** The per-user data that "Has own schedule" Yes→No deletes; not exposed over SCIM. */
export interface ScheduleData {
  customers: number;
  appointments: number;
  reports: number;
}

/** What `seedUsers` accepts per user: any writable field plus the read-only state a real tenant has. */
export type SeedUser = Partial<
  UserFields &
    ScheduleData & {
      accessLinkSentAt: string | null;
      lastLoginAt: string | null;
      /** ISO date-time; default now. */
      created: string;
    }
>;

export interface TenantStats {
  /** Users created or updated (single or in /Bulk), including updates that changed nothing. */
  writes: number;
  /** GET /Users and GET /Users/{id} requests. */
  reads: number;
  bulkRequests: number;
}

export type UserFilterCondition =
  | { attribute: 'id' | 'userName' | 'email' | 'externalId' | 'employeeNumber'; value: string }
  | { attribute: 'active' | 'hasOwnSchedule'; value: boolean };

export interface UserPage {
  totalResults: number;
  users: StoredUser[];
}

export interface TenantStoreOptions {
  /** A file path, or `:memory:` (the default). */
  databaseFile?: string;
  /** The clock of created / lastModified / accessLinkSentAt; tests pass a fixed one. */
  clock?: () => Date;
}

interface CachedCount {
  generation: number;
  total: number;
}

interface CachedCursor {
  generation: number;
  afterSeq: number;
}

/** Bounded so that a client paging through many filters cannot grow the caches without limit. */
const MAX_CACHE_ENTRIES = 2000;

export class TenantStore {
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly stats = new Map<string, TenantStats>();
  /** Increases with every change of any user; the paging caches below are valid for one generation. */
  private generation = 0;
  private readonly countCache = new Map<string, CachedCount>();
  private readonly cursorCache = new Map<string, CachedCursor>();

  constructor(options: TenantStoreOptions = {}) {
    this.db = new Database(options.databaseFile ?? ':memory:');
    this.clock = options.clock ?? (() => new Date());
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // No foreign_keys pragma: the store checks the tenant itself, and the check per insert would slow
    // down seeding 100,000 users for nothing.
    this.migrate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    this.db.transaction(() => {
      // An older development database: its content is demo data, so it is recreated rather than migrated.
      for (const table of ['users', 'tenants']) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.db.exec(CREATE_TABLES);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private changed(): void {
    this.generation++;
    if (this.countCache.size > MAX_CACHE_ENTRIES) this.countCache.clear();
    if (this.cursorCache.size > MAX_CACHE_ENTRIES) this.cursorCache.clear();
  }

  /** Runs `work` in one transaction; nested calls (each /Bulk operation) become savepoints. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // ---- tenants and tokens ----

  /** True when the database has no tenant yet (new file or `:memory:`). */
  isEmpty(): boolean {
    return (this.statement('SELECT COUNT(*) AS n FROM tenants').get() as { n: number }).n === 0;
  }

  /** Seeds the tenants of test/stand-in-tenant/README.md unless the database already holds tenants. */
  seedIfEmpty(): void {
    if (this.isEmpty()) this.seedDefaultTenants();
  }

  /** Deletes every tenant and user and seeds test/stand-in-tenant/README.md again; statistics start from zero. */
  resetToSeed(): void {
    this.transaction(() => {
      this.db.exec('DELETE FROM users; DELETE FROM tenants;');
      this.seedDefaultTenants();
    });
    this.stats.clear();
    this.changed();
  }

  private seedDefaultTenants(): void {
    this.transaction(() => {
      for (const definition of SEEDED_TENANTS) {
        this.putTenant(definition);
        const users = SEEDED_USERS[definition.id] ?? [];
        // Explicit values where seedUsers would otherwise generate them (employee number, no schedule).
        this.seedUsers(definition.id, users.length, (index) => ({
          employeeNumber: null,
          hasOwnSchedule: true,
          created: new Date(SEED_CREATED_FROM + index * 86_400_000).toISOString(),
          ...users[index],
        }));
      }
    });
  }

  /** Creates or changes a tenant (benchmarks add their own, e.g. one with 200,000 licenses). */
  putTenant(definition: TenantDefinition): Tenant {
    this.statement(
      `INSERT INTO tenants (id, name, licenses, host_system, default_language, country, admin_token, user_token)
       VALUES (@id, @name, @licenses, @host_system, @default_language, @country, @admin_token, @user_token)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, licenses = excluded.licenses,
         host_system = excluded.host_system, default_language = excluded.default_language,
         country = excluded.country,
         admin_token = excluded.admin_token, user_token = excluded.user_token`,
    ).run({
      id: definition.id,
      name: definition.name,
      licenses: definition.licenses,
      host_system: definition.hostSystem,
      default_language: definition.defaultLanguage,
      country: definition.country ?? 'DE',
      admin_token: definition.adminToken,
      user_token: definition.userToken,
    });
    this.changed();
    return this.requireTenant(definition.id);
  }

  setLicenses(tenantId: string, licenses: number): void {
    this.requireTenant(tenantId);
    this.statement('UPDATE tenants SET licenses = ? WHERE id = ?').run(licenses, tenantId);
  }

  getTenant(tenantId: string): Tenant | undefined {
    const row = this.statement('SELECT * FROM tenants WHERE id = ?').get(tenantId) as TenantRow | undefined;
    return row === undefined ? undefined : tenantFromRow(row);
  }

  listTenants(): Tenant[] {
    return (this.statement('SELECT * FROM tenants ORDER BY rowid').all() as TenantRow[]).map(tenantFromRow);
  }

  private requireTenant(tenantId: string): Tenant {
    const tenant = this.getTenant(tenantId);
    if (tenant === undefined) throw notFound(`tenant "${tenantId}" does not exist`);
    return tenant;
  }

  /** Who a demo token signs in: the tenant and whether it is that tenant's administrator. */
  authenticate(token: string): { tenantId: string; isAdministrator: boolean } | undefined {
    const row = this.statement(
      'SELECT id, admin_token FROM tenants WHERE admin_token = @token OR user_token = @token',
    ).get({ token }) as { id: string; admin_token: string } | undefined;
    return row === undefined ? undefined : { tenantId: row.id, isAdministrator: row.admin_token === token };
  }

  // ---- reading users ----

  getUser(tenantId: string, id: string): StoredUser | undefined {
    const row = this.statement(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? AND id = ?`).get(
      tenantId,
      id,
    ) as UserRow | undefined;
    return row === undefined ? undefined : userFromRow(row);
  }

  getUserByEmail(tenantId: string, email: string): StoredUser | undefined {
    const row = this.statement(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? AND email_key = ?`).get(
      tenantId,
      emailKey(email),
    ) as UserRow | undefined;
    return row === undefined ? undefined : userFromRow(row);
  }

  getUserByEmployeeNumber(tenantId: string, employeeNumber: string): StoredUser | undefined {
    const row = this.statement(
      `SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? AND employee_number = ?`,
    ).get(tenantId, employeeNumber.trim()) as UserRow | undefined;
    return row === undefined ? undefined : userFromRow(row);
  }

  /** Every user of the tenant in creation order (the order of GET /Users). */
  listUsers(tenantId: string): StoredUser[] {
    return (
      this.statement(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? ORDER BY seq`).all(
        tenantId,
      ) as UserRow[]
    ).map(userFromRow);
  }

  countUsers(tenantId: string, conditions: readonly UserFilterCondition[] = []): number {
    return this.listUsersPage(tenantId, conditions, 1, 0).totalResults;
  }

  /**
   * One page of GET /Users (RFC 7644 §3.4.2.4: 1-based startIndex), in creation order. Reading a
   * 100,000-user tenant page by page must not cost a growing OFFSET scan per page, so the position
   * where each page ended is remembered and the next page continues from it (keyset paging), as long
   * as no user changed in between.
   */
  listUsersPage(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
  ): UserPage {
    const page = this.pageRows<UserRow>(tenantId, conditions, startIndex, count, USER_COLUMNS);
    return { totalResults: page.totalResults, users: page.rows.map(userFromRow) };
  }

  /** listUsersPage with only each user's id: for a caller that keeps the users' resources itself. */
  listUserIdsPage(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
  ): { totalResults: number; ids: string[] } {
    const page = this.pageRows<{ seq: number; id: string }>(
      tenantId,
      conditions,
      startIndex,
      count,
      'seq, id',
    );
    return { totalResults: page.totalResults, ids: page.rows.map((row) => row.id) };
  }

  /** The users with these ids (in any order); ids of no user are left out. */
  getUsers(tenantId: string, ids: readonly string[]): StoredUser[] {
    return ids.flatMap((id) => this.getUser(tenantId, id) ?? []);
  }

  /** Increases with every change of any user: what was read from the store holds while it stays the same. */
  get changeCount(): number {
    return this.generation;
  }

  private pageRows<R extends { seq: number }>(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
    columns: string,
  ): { totalResults: number; rows: R[] } {
    const where = [
      'tenant_id = ?',
      ...conditions.map((condition) => `${FILTER_COLUMNS[condition.attribute]} = ?`),
    ];
    const parameters: (string | number)[] = [tenantId, ...conditions.map(filterParameter)];
    const queryKey = `${where.join(' AND ')}\u0000${JSON.stringify(parameters)}`;

    let total = this.countCache.get(queryKey);
    if (total?.generation !== this.generation) {
      const row = this.statement(`SELECT COUNT(*) AS n FROM users WHERE ${where.join(' AND ')}`).get(
        ...parameters,
      ) as { n: number };
      total = { generation: this.generation, total: row.n };
      this.countCache.set(queryKey, total);
    }
    if (count <= 0 || startIndex > total.total) return { totalResults: total.total, rows: [] };

    const cursor = this.cursorCache.get(`${queryKey}\u0000${startIndex}`);
    const rows =
      cursor?.generation === this.generation
        ? (this.statement(
            `SELECT ${columns} FROM users WHERE ${where.join(' AND ')} AND seq > ? ORDER BY seq LIMIT ?`,
          ).all(...parameters, cursor.afterSeq, count) as R[])
        : (this.statement(
            `SELECT ${columns} FROM users WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ? OFFSET ?`,
          ).all(...parameters, count, startIndex - 1) as R[]);
    const last = rows.at(-1);
    if (last !== undefined && rows.length === count) {
      this.cursorCache.set(`${queryKey}\u0000${startIndex + count}`, {
        generation: this.generation,
        afterSeq: last.seq,
      });
    }
    return { totalResults: total.total, rows };
  }

  scheduleData(tenantId: string, id: string): ScheduleData | undefined {
    return this.statement(
      'SELECT customers, appointments, reports FROM users WHERE tenant_id = ? AND id = ?',
    ).get(tenantId, id) as ScheduleData | undefined;
  }

  /** The access link token assigned on create (internal; never exposed over SCIM). */
  accessLinkToken(tenantId: string, id: string): string | undefined {
    const row = this.statement('SELECT access_link_token FROM users WHERE tenant_id = ? AND id = ?').get(
      tenantId,
      id,
    ) as { access_link_token: string } | undefined;
    return row?.access_link_token;
  }

  // ---- writing users ----

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
    const emailOwner = this.statement('SELECT id FROM users WHERE tenant_id = ? AND email_key = ?').get(
      tenantId,
      emailKey(fields.email),
    ) as { id: string } | undefined;
    if (emailOwner !== undefined && emailOwner.id !== exceptId) {
      throw new ScimError(
        409,
        `the e-mail address ${fields.email} is already used by another user`,
        'uniqueness',
      );
    }
    if (fields.employeeNumber !== null) {
      const numberOwner = this.statement(
        'SELECT id FROM users WHERE tenant_id = ? AND employee_number = ?',
      ).get(tenantId, fields.employeeNumber) as { id: string } | undefined;
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
    const { licenses, licensed_users } = this.statement(
      'SELECT licenses, licensed_users FROM tenants WHERE id = ?',
    ).get(tenantId) as { licenses: number; licensed_users: number };
    if (licensed_users + 1 > licenses) throw new ScimError(400, LICENSE_LIMIT_DETAIL);
  }

  private assignUserName(tenantId: string, fields: UserFields, id: string, taken?: Set<string>): string {
    const base = userNameBase(fields.givenName, fields.familyName);
    const isFree = (candidate: string) =>
      taken === undefined
        ? this.statement('SELECT 1 FROM users WHERE tenant_id = ? AND user_name_key = ?').get(
            tenantId,
            candidate.toLowerCase(),
          ) === undefined
        : !taken.has(candidate.toLowerCase());
    for (let attempt = 1; attempt <= 20; attempt++) {
      const candidate = `${base}${attempt === 1 ? '' : attempt}@${tenantId}`;
      if (isFree(candidate)) return candidate;
    }
    // Many namesakes: the id makes it unique without trying further numbers one by one.
    return `${base}.${id.slice(1, 9)}@${tenantId}`;
  }

  private recordWrite(tenantId: string): void {
    this.statsOf(tenantId).writes++;
  }

  /**
   * Creates an account (POST /Users): validates, checks uniqueness and the license limit, assigns
   * the id, the user name and an access link token; nobody is notified (docs/import-semantics.md).
   */
  createUser(tenantId: string, input: UserFields): StoredUser {
    const tenant = this.requireTenant(tenantId);
    const fields = normalizeUserFields(input);
    validateUserFields(fields);
    this.checkGroupsAllowed(tenant, fields);
    const user = this.transaction(() => {
      this.checkUnique(tenantId, fields, null);
      if (fields.hasOwnSchedule) this.checkLicense(tenantId);
      const id = newUserId();
      const userName = this.assignUserName(tenantId, fields, id);
      this.insert(tenantId, id, userName, fields, {}, this.now());
      return this.getUser(tenantId, id);
    });
    if (user === undefined) throw new Error('the created user cannot be read back');
    this.recordWrite(tenantId);
    this.changed();
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
      this.statement(INSERT_USER).run({
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
  updateUser(tenantId: string, id: string, input: UserFields): StoredUser {
    const tenant = this.requireTenant(tenantId);
    const fields = normalizeUserFields(input);
    validateUserFields(fields);
    const user = this.transaction(() => {
      const existing = this.getUser(tenantId, id);
      if (existing === undefined) throw notFound(`user ${id} does not exist`);
      this.checkGroupsAllowed(tenant, fields, existing);
      if (sameUserFields(normalizeUserFields(existing), fields)) return existing;
      this.checkUnique(tenantId, fields, id);
      if (fields.hasOwnSchedule && !existing.hasOwnSchedule) this.checkLicense(tenantId);
      try {
        this.statement(UPDATE_USER).run({
          tenant_id: tenantId,
          id,
          ...fieldParameters(fields),
          last_modified: this.now(),
        });
      } catch (error) {
        if (isUniqueConstraintError(error)) throw new ScimError(409, error.message, 'uniqueness');
        throw error;
      }
      if (existing.hasOwnSchedule && !fields.hasOwnSchedule) {
        this.statement(
          'UPDATE users SET customers = 0, appointments = 0, reports = 0 WHERE tenant_id = ? AND id = ?',
        ).run(tenantId, id);
      }
      return this.getUser(tenantId, id);
    });
    if (user === undefined) throw new Error('the updated user cannot be read back');
    this.recordWrite(tenantId);
    this.changed();
    return user;
  }

  /** Records that the access link was sent (POST …/access-link); nothing is sent (test/stand-in-tenant/README.md). */
  recordAccessLinkSent(tenantId: string, id: string): StoredUser {
    const now = this.now();
    const result = this.statement(
      `UPDATE users SET access_link_sent_at = ?, last_modified = ?, version = version + 1
       WHERE tenant_id = ? AND id = ?`,
    ).run(now, now, tenantId, id);
    if (result.changes === 0) throw notFound(`user ${id} does not exist`);
    this.changed();
    const user = this.getUser(tenantId, id);
    if (user === undefined) throw new Error('the user cannot be read back');
    return user;
  }

  /** Tests: give a user schedule data, e.g. before checking that Yes→No deletes it. */
  setScheduleData(tenantId: string, id: string, data: ScheduleData): void {
    this.statement(
      'UPDATE users SET customers = ?, appointments = ?, reports = ? WHERE tenant_id = ? AND id = ?',
    ).run(data.customers, data.appointments, data.reports, tenantId, id);
  }

  /**
   * Inserts `count` users in one transaction (seeding, benchmarks with 100,000 users). `make(i)`
   * (0-based) gives each user's fields; what it leaves undefined is generated: names, a distinct e-mail
   * address, employee number `S-00000i`, no own schedule (pass `null`/`true` to override those).
   * Field rules and uniqueness are enforced, the license limit is NOT (raise it with setLicenses).
   * Returns the new ids in order.
   */
  seedUsers(tenantId: string, count: number, make?: (index: number) => SeedUser): string[] {
    const tenant = this.requireTenant(tenantId);
    const defaults = newUserDefaults(tenant.defaultLanguage);
    const ids: string[] = [];
    this.transaction(() => {
      const taken = new Set(
        (
          this.statement('SELECT user_name_key FROM users WHERE tenant_id = ?')
            .pluck()
            .all(tenantId) as string[]
        ).map(String),
      );
      const now = this.now();
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
    this.changed();
    return ids;
  }

  // ---- statistics (GET /__test/stats) ----

  private statsOf(tenantId: string): TenantStats {
    let stats = this.stats.get(tenantId);
    if (stats === undefined) {
      stats = { writes: 0, reads: 0, bulkRequests: 0 };
      this.stats.set(tenantId, stats);
    }
    return stats;
  }

  recordRead(tenantId: string): void {
    this.statsOf(tenantId).reads++;
  }

  recordBulkRequest(tenantId: string): void {
    this.statsOf(tenantId).bulkRequests++;
  }

  /** Counts since the store was opened or reset. */
  statsFor(tenantId: string): TenantStats {
    return { ...this.statsOf(tenantId) };
  }

  countWrites(tenantId: string): number {
    return this.statsOf(tenantId).writes;
  }

  resetStats(): void {
    this.stats.clear();
  }
}
