// The stand-in store's records: tenants, users, their schedule data, and the counters tests read.
import type { TenantDefinition } from './tenant-definitions.ts';
import type { UserFields } from './user-fields.ts';

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
