// portatour user ↔ SCIM 2.0 User resource (RFC 7643 core + enterprise extension + the portatour extension
// documented in test/stand-in-tenant/README.md). Anything SCIM-standard is used where it exists (name,
// emails, phoneNumbers, addresses, active, preferredLanguage, employeeNumber) so the proxy speaks to any
// SCIM 2.0 server; only portatour's own attributes live in the extension.
import type { FieldKey, UserRecord } from '../../shared/fields/user-fields.ts';
import {
  LANGUAGES,
  AUTHORIZATION_LEVELS,
  type Language,
  type AuthorizationLevel,
} from '../../shared/fields/field-values.ts';
import { asIs, type TextOf } from './scim-answers.ts';

export const SCIM_CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_PORTATOUR_USER = 'urn:portatour:params:scim:schemas:extension:portatour:2.0:User';
export const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface ScimMultiValue {
  value?: string;
  type?: string;
  primary?: boolean;
}
interface ScimAddress {
  type?: string;
  streetAddress?: string;
  postalCode?: string;
  locality?: string;
  country?: string;
}
export interface ScimUser {
  schemas?: string[];
  id: string;
  userName?: string;
  name?: { givenName?: string; familyName?: string };
  emails?: ScimMultiValue[];
  phoneNumbers?: ScimMultiValue[];
  preferredLanguage?: string;
  active?: boolean;
  addresses?: ScimAddress[];
  [SCIM_ENTERPRISE_USER]?: { employeeNumber?: string };
  [SCIM_PORTATOUR_USER]?: {
    authorizationLevel?: string;
    hasOwnSchedule?: boolean;
    userGroups?: string[];
    note?: string;
    accessLinkSentAt?: string | null;
    lastLoginAt?: string | null;
  };
  meta?: { version?: string; lastModified?: string };
}

/**
 * The version each user was read at, kept beside the record, not in it: its ETag (meta.version) where the server
 * sends one, else its meta.lastModified marked as such. Either says whether the user changed since.
 */
const versions = new WeakMap<UserRecord, string>();
const MODIFIED = 'lastModified:';

/** The ETag the user was read at, for If-Match on its update. */
export function versionOf(user: UserRecord): string | undefined {
  const version = versions.get(user);
  return version?.startsWith(MODIFIED) ? undefined : version;
}

/** What tells this version of the user from any later one: the ETag, else the time of its last change. */
export function revisionOf(user: UserRecord): string | undefined {
  return versions.get(user);
}

/** Whether a revision is an ETag (If-Match can carry it) rather than a time of change. */
export function isEtag(revision: string): boolean {
  return !revision.startsWith(MODIFIED);
}

function pick(values: ScimMultiValue[] | undefined, type: string): string {
  if (!values?.length) return '';
  const chosen = values.find((v) => v.type === type) ?? values.find((v) => v.primary) ?? values[0];
  return chosen?.value ?? '';
}

/**
 * The user of a SCIM resource. `text` gives each of its values as text: values of JSON read as Latin-1
 * (scim-answers.ts latin1Texts) are decoded here, while the record is made, rather than in a pass over it after.
 */
export function userFromScim(scim: ScimUser, text: TextOf = asIs): UserRecord {
  const user = recordFromScim(scim, text);
  const meta = scim.meta;
  if (typeof meta?.version === 'string') versions.set(user, meta.version);
  else if (typeof meta?.lastModified === 'string') versions.set(user, MODIFIED + meta.lastModified);
  return user;
}

/** A user as userFromScim reads it, without keeping its version (for readers that write nothing). */
export function recordFromScim(scim: ScimUser, text: TextOf = asIs): UserRecord {
  const home = scim.addresses?.find((a) => a.type === 'home') ?? {};
  const portatour = scim[SCIM_PORTATOUR_USER] ?? {};
  const language = scim.preferredLanguage?.slice(0, 2).toLowerCase();
  const level = portatour.authorizationLevel;
  return {
    portatourId: text(scim.id),
    firstName: text(scim.name?.givenName ?? ''),
    lastName: text(scim.name?.familyName ?? ''),
    email: text(pick(scim.emails, 'work')),
    employeeNumber: text(scim[SCIM_ENTERPRISE_USER]?.employeeNumber ?? ''),
    userName: text(scim.userName ?? ''),
    mobilePhone: text(pick(scim.phoneNumbers, 'mobile')),
    language: (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'de',
    authorizationLevel: (AUTHORIZATION_LEVELS as readonly string[]).includes(level ?? '')
      ? (level as AuthorizationLevel)
      : 'User',
    active: text(scim.active ?? true),
    hasOwnSchedule: text(portatour.hasOwnSchedule ?? false),
    userGroups: text(portatour.userGroups ?? []),
    note: text(portatour.note ?? ''),
    homeStreet: text(home.streetAddress ?? ''),
    homePostalCode: text(home.postalCode ?? ''),
    homeCity: text(home.locality ?? ''),
    homeCountry: text(home.country ?? ''),
    accessLinkSentAt: text(portatour.accessLinkSentAt ?? null),
    lastLoginAt: text(portatour.lastLoginAt ?? null),
  };
}

export type WritableUser = Omit<UserRecord, 'portatourId' | 'userName' | 'accessLinkSentAt' | 'lastLoginAt'>;

export type NewScimUser = Pick<WritableUser, 'firstName' | 'lastName' | 'email'> &
  Partial<WritableUser> & { userName?: string };

/** The schemas a server serves besides the core User; absent = both (the portatour user API). */
export interface ScimSchemasServed {
  enterprise: boolean;
  portatour: boolean;
}

/**
 * A resource for POST (create): the server assigns id, the access link and unset defaults; userName is sent when
 * the planner set it (a directory that does not assign it). Extensions the server does not serve are left out.
 */
export function scimFromUser(
  user: NewScimUser,
  served: ScimSchemasServed = { enterprise: true, portatour: true },
): Omit<ScimUser, 'id'> {
  const hasHome = Boolean(user.homeStreet || user.homePostalCode || user.homeCity || user.homeCountry);
  const portatour = Object.fromEntries(
    (['authorizationLevel', 'hasOwnSchedule', 'userGroups', 'note'] as const)
      .filter((key) => user[key] !== undefined)
      .map((key) => [key, user[key]]),
  );
  return {
    schemas: [
      SCIM_CORE_USER,
      ...(served.enterprise ? [SCIM_ENTERPRISE_USER] : []),
      ...(served.portatour ? [SCIM_PORTATOUR_USER] : []),
    ],
    ...(user.userName ? { userName: user.userName } : {}),
    name: { givenName: user.firstName, familyName: user.lastName },
    emails: [{ value: user.email, type: 'work', primary: true }],
    ...(user.mobilePhone ? { phoneNumbers: [{ value: user.mobilePhone, type: 'mobile' }] } : {}),
    ...(user.language ? { preferredLanguage: user.language } : {}),
    active: user.active ?? true,
    ...(hasHome
      ? {
          addresses: [
            {
              type: 'home',
              streetAddress: user.homeStreet ?? '',
              postalCode: user.homePostalCode ?? '',
              locality: user.homeCity ?? '',
              country: user.homeCountry ?? '',
            },
          ],
        }
      : {}),
    ...(user.employeeNumber && served.enterprise
      ? { [SCIM_ENTERPRISE_USER]: { employeeNumber: user.employeeNumber } }
      : {}),
    ...(served.portatour ? { [SCIM_PORTATOUR_USER]: portatour } : {}),
  };
}

export interface ScimPatchOperation {
  op: 'replace' | 'add' | 'remove';
  path: string;
  value?: unknown;
}

const SIMPLE_PATHS: Partial<Record<FieldKey, string>> = {
  firstName: 'name.givenName',
  lastName: 'name.familyName',
  email: 'emails[type eq "work"].value',
  mobilePhone: 'phoneNumbers[type eq "mobile"].value',
  language: 'preferredLanguage',
  active: 'active',
  employeeNumber: `${SCIM_ENTERPRISE_USER}:employeeNumber`,
  authorizationLevel: `${SCIM_PORTATOUR_USER}:authorizationLevel`,
  hasOwnSchedule: `${SCIM_PORTATOUR_USER}:hasOwnSchedule`,
  userGroups: `${SCIM_PORTATOUR_USER}:userGroups`,
  note: `${SCIM_PORTATOUR_USER}:note`,
  homeStreet: 'addresses[type eq "home"].streetAddress',
  homePostalCode: 'addresses[type eq "home"].postalCode',
  homeCity: 'addresses[type eq "home"].locality',
  homeCountry: 'addresses[type eq "home"].country',
};

const HOME_KEYS = ['homeStreet', 'homePostalCode', 'homeCity', 'homeCountry'] as const;

/**
 * Only the fields that differ are sent (docs/import-semantics.md: a matched row updates only what differs). Multi-valued
 * attributes the user does not have yet are added whole, since a filtered `replace` path on a missing value
 * has no target (RFC 7644 §3.5.2.3).
 */
export function scimPatchFor(
  existing: UserRecord,
  changes: Partial<WritableUser>,
): { schemas: string[]; Operations: ScimPatchOperation[] } {
  const operations: ScimPatchOperation[] = [];
  const next = { ...existing, ...changes };
  const homeChanged = HOME_KEYS.some((key) => Object.hasOwn(changes, key));
  const hadHome = HOME_KEYS.some((key) => existing[key] !== '');
  for (const [key, value] of Object.entries(changes) as [FieldKey, unknown][]) {
    if (key === 'mobilePhone' && (!existing.mobilePhone || !value)) {
      operations.push(
        value
          ? { op: 'add', path: 'phoneNumbers', value: [{ value, type: 'mobile' }] }
          : { op: 'remove', path: 'phoneNumbers[type eq "mobile"]' },
      );
      continue;
    }
    if ((HOME_KEYS as readonly string[]).includes(key) && !hadHome) continue;
    const path = SIMPLE_PATHS[key];
    if (path) operations.push({ op: 'replace', path, value });
  }
  if (homeChanged && !hadHome) {
    operations.push({
      op: 'add',
      path: 'addresses',
      value: [
        {
          type: 'home',
          streetAddress: next.homeStreet,
          postalCode: next.homePostalCode,
          locality: next.homeCity,
          country: next.homeCountry,
        },
      ],
    });
  }
  return { schemas: [SCIM_PATCH_OP], Operations: operations };
}
