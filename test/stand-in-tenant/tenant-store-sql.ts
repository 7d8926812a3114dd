// The stand-in store's SQLite side: its tables, the statements shared by insert and update, and the mapping
// between rows and the store's tenants and users (store-user-writes.ts holds the rules).
import type { HostSystem } from './tenant-definitions.ts';
import type { StoredUser, Tenant, UserFilterCondition } from './store-types.ts';
import { emailKey, type AuthorizationLevel, type Language, type UserFields } from './user-fields.ts';

export interface TenantRow {
  id: string;
  name: string;
  licenses: number;
  host_system: string | null;
  default_language: string;
  country: string;
  admin_token: string;
  user_token: string | null;
  licensed_users: number;
}

export interface UserRow {
  seq: number;
  tenant_id: string;
  id: string;
  user_name: string;
  external_id: string | null;
  given_name: string;
  family_name: string;
  email: string;
  employee_number: string | null;
  mobile_phone: string | null;
  preferred_language: string;
  active: number;
  authorization_level: string;
  has_own_schedule: number;
  user_groups: string;
  note: string | null;
  home_street: string | null;
  home_postal_code: string | null;
  home_city: string | null;
  home_country: string | null;
  access_link_sent_at: string | null;
  last_login_at: string | null;
  created: string;
  last_modified: string;
  version: number;
}

// email_key and user_name_key hold the lower-cased values: SQLite's lower() folds ASCII only, and
// e-mail addresses may contain other letters (docs/import-semantics.md "case-insensitive").
export const CREATE_TABLES = `
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  licenses INTEGER NOT NULL,
  host_system TEXT,
  default_language TEXT NOT NULL,
  country TEXT NOT NULL DEFAULT 'DE',
  admin_token TEXT NOT NULL UNIQUE,
  user_token TEXT UNIQUE,
  licensed_users INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE users (
  seq INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL,
  user_name_key TEXT NOT NULL,
  external_id TEXT,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  employee_number TEXT,
  mobile_phone TEXT,
  preferred_language TEXT NOT NULL,
  active INTEGER NOT NULL,
  authorization_level TEXT NOT NULL,
  has_own_schedule INTEGER NOT NULL,
  user_groups TEXT NOT NULL,
  note TEXT,
  home_street TEXT,
  home_postal_code TEXT,
  home_city TEXT,
  home_country TEXT,
  access_link_token TEXT NOT NULL,
  access_link_sent_at TEXT,
  last_login_at TEXT,
  customers INTEGER NOT NULL DEFAULT 0,
  appointments INTEGER NOT NULL DEFAULT 0,
  reports INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  version INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (tenant_id, email_key);
CREATE UNIQUE INDEX users_user_name ON users (tenant_id, user_name_key);
CREATE UNIQUE INDEX users_employee_number ON users (tenant_id, employee_number) WHERE employee_number IS NOT NULL;
CREATE INDEX users_external_id ON users (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX users_by_creation ON users (tenant_id, seq);
CREATE INDEX users_by_own_schedule ON users (tenant_id, has_own_schedule, seq);
CREATE INDEX users_by_active ON users (tenant_id, active, seq);
-- The licenses in use are kept by triggers, so that the license guard costs no COUNT per write and a
-- rolled-back savepoint (one failed /Bulk operation) rolls the count back with it.
CREATE TRIGGER users_license_on_insert AFTER INSERT ON users WHEN NEW.has_own_schedule = 1 BEGIN
  UPDATE tenants SET licensed_users = licensed_users + 1 WHERE id = NEW.tenant_id;
END;
CREATE TRIGGER users_license_on_update AFTER UPDATE OF has_own_schedule ON users
  WHEN NEW.has_own_schedule <> OLD.has_own_schedule BEGIN
  UPDATE tenants SET licensed_users = licensed_users + (CASE WHEN NEW.has_own_schedule = 1 THEN 1 ELSE -1 END)
    WHERE id = NEW.tenant_id;
END;
CREATE TRIGGER users_license_on_delete AFTER DELETE ON users WHEN OLD.has_own_schedule = 1 BEGIN
  UPDATE tenants SET licensed_users = licensed_users - 1 WHERE id = OLD.tenant_id;
END;
`;

/** The columns userFromRow reads; internal ones (keys, token, schedule data) stay in the database. */
export const USER_COLUMNS = `seq, tenant_id, id, user_name, external_id, given_name, family_name, email, employee_number,
  mobile_phone, preferred_language, active, authorization_level, has_own_schedule, user_groups, note, home_street,
  home_postal_code, home_city, home_country, access_link_sent_at, last_login_at, created, last_modified, version`;

export const INSERT_USER = `
INSERT INTO users (tenant_id, id, user_name, user_name_key, external_id, given_name, family_name, email, email_key,
  employee_number, mobile_phone, preferred_language, active, authorization_level, has_own_schedule, user_groups, note,
  home_street, home_postal_code, home_city, home_country, access_link_token, access_link_sent_at, last_login_at,
  customers, appointments, reports, created, last_modified, version)
VALUES (@tenant_id, @id, @user_name, @user_name_key, @external_id, @given_name, @family_name, @email, @email_key,
  @employee_number, @mobile_phone, @preferred_language, @active, @authorization_level, @has_own_schedule, @user_groups,
  @note, @home_street, @home_postal_code, @home_city, @home_country, @access_link_token, @access_link_sent_at,
  @last_login_at, @customers, @appointments, @reports, @created, @created, 1)`;

export const UPDATE_USER = `
UPDATE users SET external_id = @external_id, given_name = @given_name, family_name = @family_name, email = @email,
  email_key = @email_key, employee_number = @employee_number, mobile_phone = @mobile_phone,
  preferred_language = @preferred_language, active = @active, authorization_level = @authorization_level,
  has_own_schedule = @has_own_schedule, user_groups = @user_groups, note = @note, home_street = @home_street,
  home_postal_code = @home_postal_code, home_city = @home_city, home_country = @home_country,
  last_modified = @last_modified, version = version + 1
WHERE tenant_id = @tenant_id AND id = @id`;

export const FILTER_COLUMNS: Record<UserFilterCondition['attribute'], string> = {
  id: 'id',
  userName: 'user_name_key',
  email: 'email_key',
  externalId: 'external_id',
  employeeNumber: 'employee_number',
  active: 'active',
  hasOwnSchedule: 'has_own_schedule',
};

export function filterParameter(condition: UserFilterCondition): string | number {
  switch (condition.attribute) {
    case 'userName':
      return condition.value.toLowerCase();
    case 'email':
      return emailKey(condition.value);
    case 'employeeNumber':
      return condition.value.trim();
    case 'active':
    case 'hasOwnSchedule':
      return condition.value ? 1 : 0;
    default:
      return condition.value;
  }
}

export function userFromRow(row: UserRow): StoredUser {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    userName: row.user_name,
    externalId: row.external_id,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    employeeNumber: row.employee_number,
    mobilePhone: row.mobile_phone,
    preferredLanguage: row.preferred_language as Language,
    active: row.active === 1,
    authorizationLevel: row.authorization_level as AuthorizationLevel,
    hasOwnSchedule: row.has_own_schedule === 1,
    userGroups: JSON.parse(row.user_groups) as string[],
    note: row.note,
    homeStreet: row.home_street,
    homePostalCode: row.home_postal_code,
    homeCity: row.home_city,
    homeCountry: row.home_country,
    accessLinkSentAt: row.access_link_sent_at,
    lastLoginAt: row.last_login_at,
    created: row.created,
    lastModified: row.last_modified,
    version: row.version,
  };
}

export function tenantFromRow(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    licenses: row.licenses,
    hostSystem: row.host_system as HostSystem | null,
    defaultLanguage: row.default_language as Language,
    country: row.country,
    adminToken: row.admin_token,
    userToken: row.user_token,
    licensedUsers: row.licensed_users,
  };
}

/** The columns shared by insert and update. */
export function fieldParameters(fields: UserFields) {
  return {
    external_id: fields.externalId,
    given_name: fields.givenName,
    family_name: fields.familyName,
    email: fields.email,
    email_key: emailKey(fields.email),
    employee_number: fields.employeeNumber,
    mobile_phone: fields.mobilePhone,
    preferred_language: fields.preferredLanguage,
    active: fields.active ? 1 : 0,
    authorization_level: fields.authorizationLevel,
    has_own_schedule: fields.hasOwnSchedule ? 1 : 0,
    user_groups: JSON.stringify(fields.userGroups),
    note: fields.note,
    home_street: fields.homeStreet,
    home_postal_code: fields.homePostalCode,
    home_city: fields.homeCity,
    home_country: fields.homeCountry,
  };
}

export function isUniqueConstraintError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
