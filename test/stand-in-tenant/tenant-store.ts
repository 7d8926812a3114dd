/**
 * The stand-in tenant's database (test/stand-in-tenant/README.md): tenants with their demo tokens, and their users with
 * the portatour rules that need the database — uniqueness, the license limit, the schedule data that
 * "Has own schedule" Yes→No deletes. Tests and benchmarks use it directly to arrange and to check.
 *
 * One object for its callers; each resource has a file of its own: tenants (store-tenants.ts), reading users
 * (store-user-reads.ts), writing them (store-user-writes.ts), access links and schedule data
 * (store-user-state.ts), counters (store-stats.ts), the connection (store-database.ts).
 */
import { SEED_CREATED_FROM, SEEDED_USERS } from './seed-users.ts';
import { StoreDatabase, type TenantStoreOptions } from './store-database.ts';
import { StoreStats } from './store-stats.ts';
import { TenantTable } from './store-tenants.ts';
import type {
  ScheduleData,
  SeedUser,
  StoredUser,
  Tenant,
  TenantStats,
  UserFilterCondition,
  UserPage,
} from './store-types.ts';
import { UserReads } from './store-user-reads.ts';
import { AccessLinks, Schedules } from './store-user-state.ts';
import { UserWrites } from './store-user-writes.ts';
import { SEEDED_TENANTS, type TenantDefinition } from './tenant-definitions.ts';
import type { UserFields } from './user-fields.ts';

export type * from './store-types.ts';
export type { TenantStoreOptions } from './store-database.ts';
export { LICENSE_LIMIT_DETAIL } from './store-user-writes.ts';

export class TenantStore {
  private readonly database: StoreDatabase;
  private readonly tenants: TenantTable;
  private readonly users: UserReads;
  private readonly writes: UserWrites;
  private readonly accessLinks: AccessLinks;
  private readonly schedules: Schedules;
  private readonly stats = new StoreStats();

  constructor(options: TenantStoreOptions = {}) {
    this.database = new StoreDatabase(options);
    this.tenants = new TenantTable(this.database);
    this.users = new UserReads(this.database);
    this.schedules = new Schedules(this.database);
    this.accessLinks = new AccessLinks(this.database, this.users);
    this.writes = new UserWrites(this.database, this.tenants, this.users, this.schedules, this.stats);
  }

  close(): void {
    this.database.close();
  }

  /** Runs `work` in one transaction; nested calls (each /Bulk operation) become savepoints. */
  transaction<T>(work: () => T): T {
    return this.database.transaction(work);
  }

  /** Increases with every change of any user: what was read from the store holds while it stays the same. */
  get changeCount(): number {
    return this.database.generation;
  }

  // ---- tenants and tokens ----

  /** True when the database has no tenant yet (new file or `:memory:`). */
  isEmpty(): boolean {
    return this.tenants.isEmpty();
  }

  /** Seeds the tenants of test/stand-in-tenant/README.md unless the database already holds tenants. */
  seedIfEmpty(): void {
    if (this.isEmpty()) this.seedDefaultTenants();
  }

  /** Deletes every tenant and user and seeds test/stand-in-tenant/README.md again; statistics start from zero. */
  resetToSeed(): void {
    this.transaction(() => {
      this.database.db.exec('DELETE FROM users; DELETE FROM tenants;');
      this.seedDefaultTenants();
    });
    this.stats.clear();
    this.database.changed();
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
    return this.tenants.put(definition);
  }

  setLicenses(tenantId: string, licenses: number): void {
    this.tenants.setLicenses(tenantId, licenses);
  }

  getTenant(tenantId: string): Tenant | undefined {
    return this.tenants.get(tenantId);
  }

  listTenants(): Tenant[] {
    return this.tenants.list();
  }

  /** Who a demo token signs in: the tenant and whether it is that tenant's administrator. */
  authenticate(token: string): { tenantId: string; isAdministrator: boolean } | undefined {
    return this.tenants.authenticate(token);
  }

  // ---- reading users ----

  getUser(tenantId: string, id: string): StoredUser | undefined {
    return this.users.get(tenantId, id);
  }

  getUserByEmail(tenantId: string, email: string): StoredUser | undefined {
    return this.users.byEmail(tenantId, email);
  }

  getUserByEmployeeNumber(tenantId: string, employeeNumber: string): StoredUser | undefined {
    return this.users.byEmployeeNumber(tenantId, employeeNumber);
  }

  /** Every user of the tenant in creation order (the order of GET /Users). */
  listUsers(tenantId: string): StoredUser[] {
    return this.users.list(tenantId);
  }

  countUsers(tenantId: string, conditions: readonly UserFilterCondition[] = []): number {
    return this.users.page(tenantId, conditions, 1, 0).totalResults;
  }

  /** One page of GET /Users (1-based startIndex), in creation order. */
  listUsersPage(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
  ): UserPage {
    return this.users.page(tenantId, conditions, startIndex, count);
  }

  /** listUsersPage with only each user's id: for a caller that keeps the users' resources itself. */
  listUserIdsPage(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
  ): { totalResults: number; ids: string[] } {
    return this.users.idsPage(tenantId, conditions, startIndex, count);
  }

  /** The users with these ids (in any order); ids of no user are left out. */
  getUsers(tenantId: string, ids: readonly string[]): StoredUser[] {
    return ids.flatMap((id) => this.getUser(tenantId, id) ?? []);
  }

  // ---- writing users ----

  /** POST /Users: see UserWrites.create. */
  createUser(tenantId: string, input: UserFields): StoredUser {
    return this.writes.create(tenantId, input);
  }

  /** PUT, and PATCH after the patch is applied: see UserWrites.update. */
  updateUser(tenantId: string, id: string, input: UserFields): StoredUser {
    return this.writes.update(tenantId, id, input);
  }

  /** Inserts `count` users in one transaction, the license limit unchecked: see UserWrites.seed. */
  seedUsers(tenantId: string, count: number, make?: (index: number) => SeedUser): string[] {
    return this.writes.seed(tenantId, count, make);
  }

  // ---- access links and schedule data (never exposed over SCIM) ----

  /** The access link token assigned on create. */
  accessLinkToken(tenantId: string, id: string): string | undefined {
    return this.accessLinks.token(tenantId, id);
  }

  /** Records that the access link was sent (POST …/access-link); nothing is sent. */
  recordAccessLinkSent(tenantId: string, id: string): StoredUser {
    return this.accessLinks.recordSent(tenantId, id);
  }

  scheduleData(tenantId: string, id: string): ScheduleData | undefined {
    return this.schedules.of(tenantId, id);
  }

  /**
   * Tests: an administrator deletes the account in user management (the SCIM API never deletes), e.g. between
   * an import's preview and the import.
   */
  deleteUser(tenantId: string, id: string): void {
    this.database.statement('DELETE FROM users WHERE tenant_id = ? AND id = ?').run(tenantId, id);
    this.database.changed();
  }

  /** Tests: give a user schedule data, e.g. before checking that Yes→No deletes it. */
  setScheduleData(tenantId: string, id: string, data: ScheduleData): void {
    this.schedules.set(tenantId, id, data);
  }

  // ---- statistics (GET /__test/stats) ----

  recordRead(tenantId: string): void {
    this.stats.of(tenantId).reads++;
  }

  recordBulkRequest(tenantId: string): void {
    this.stats.of(tenantId).bulkRequests++;
  }

  /** Counts since the store was opened or reset. */
  statsFor(tenantId: string): TenantStats {
    return { ...this.stats.of(tenantId) };
  }

  countWrites(tenantId: string): number {
    return this.stats.of(tenantId).writes;
  }

  resetStats(): void {
    this.stats.clear();
  }
}
