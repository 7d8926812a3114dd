import { getCaseInsensitive, isJsonObject, type JsonObject, type JsonValue } from './json.ts';
import { ScimError, invalidValue } from './scim-error.ts';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';
import type { StoredUser } from './tenant-store.ts';
import {
  AUTHORIZATION_LEVELS,
  isLanguage,
  newUserDefaults,
  type AuthorizationLevel,
  type Language,
  type UserFields,
} from './user-fields.ts';

/**
 * The SCIM User resource of test/stand-in-tenant/README.md (documented in README.md), both ways: a stored account →
 * the JSON a client reads, and a client's JSON (POST, PUT, or the result of a PATCH) → the account's
 * writable fields. Read-only attributes a client sends (id, userName, meta, accessLinkSentAt,
 * lastLoginAt) are ignored, as RFC 7644 §3.5.1 asks.
 */

export const USER_SCHEMAS = [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA];

/** The attributes a client can write, as a SCIM resource (also the document PATCH operates on). */
export function writableScimUser(user: UserFields): JsonObject {
  const resource: JsonObject = {
    schemas: [...USER_SCHEMAS],
    ...(user.externalId === null ? {} : { externalId: user.externalId }),
    name: { givenName: user.givenName, familyName: user.familyName },
    emails: [{ value: user.email, type: 'work', primary: true }],
  };
  if (user.mobilePhone !== null) resource.phoneNumbers = [{ value: user.mobilePhone, type: 'mobile' }];
  resource.preferredLanguage = user.preferredLanguage;
  resource.active = user.active;
  const address: JsonObject = { type: 'home' };
  if (user.homeStreet !== null) address.streetAddress = user.homeStreet;
  if (user.homePostalCode !== null) address.postalCode = user.homePostalCode;
  if (user.homeCity !== null) address.locality = user.homeCity;
  if (user.homeCountry !== null) address.country = user.homeCountry;
  if (Object.keys(address).length > 1) resource.addresses = [address];
  resource[ENTERPRISE_USER_SCHEMA] =
    user.employeeNumber === null ? {} : { employeeNumber: user.employeeNumber };
  resource[PORTATOUR_USER_SCHEMA] = {
    authorizationLevel: user.authorizationLevel,
    hasOwnSchedule: user.hasOwnSchedule,
    userGroups: [...user.userGroups],
    ...(user.note === null ? {} : { note: user.note }),
  };
  return resource;
}

/** GET /Users/{id}: the full resource with read-only attributes and meta (RFC 7643 §3.1). */
export function toScimUser(user: StoredUser, scimBaseUrl: string): JsonObject {
  const writable = writableScimUser(user);
  const portatour = writable[PORTATOUR_USER_SCHEMA] as JsonObject;
  const location = `${scimBaseUrl}/Users/${user.id}`;
  return {
    schemas: writable.schemas ?? [],
    id: user.id,
    ...(user.externalId === null ? {} : { externalId: user.externalId }),
    userName: user.userName,
    ...writable,
    [PORTATOUR_USER_SCHEMA]: {
      ...portatour,
      accessLinkSentAt: user.accessLinkSentAt,
      lastLoginAt: user.lastLoginAt,
    },
    meta: {
      resourceType: 'User',
      created: user.created,
      lastModified: user.lastModified,
      location,
      version: `W/"${user.version}"`,
    },
  };
}

// ---- reading a client's JSON ----

function typeError(attribute: string, expected: string): ScimError {
  return invalidValue(`${attribute} must be ${expected}`);
}

/** `undefined` = not sent; JSON `null` means "no value" in SCIM (RFC 7643 §2.5) and is treated alike. */
function optionalString(value: JsonValue | undefined, attribute: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeError(attribute, 'a string');
  return value;
}

function optionalBoolean(value: JsonValue | undefined, attribute: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw typeError(attribute, 'true or false');
  return value;
}

function optionalObject(value: JsonValue | undefined, attribute: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw typeError(attribute, 'an object');
  return value;
}

function optionalObjects(value: JsonValue | undefined, attribute: string): JsonObject[] {
  if (value === undefined || value === null) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((element, index) => {
    if (!isJsonObject(element)) throw typeError(`${attribute}[${index}]`, 'an object');
    return element;
  });
}

/** Of several values, the one this server stores: primary, else of the preferred type, else the first. */
function pickValue(values: JsonObject[], preferredType: string): JsonObject | undefined {
  return (
    values.find((value) => getCaseInsensitive(value, 'primary') === true) ??
    values.find((value) => String(getCaseInsensitive(value, 'type') ?? '').toLowerCase() === preferredType) ??
    values[0]
  );
}

function parseLanguage(value: string): Language {
  // preferredLanguage is a language tag (RFC 7643 §4.1.1, e.g. "de-AT"); portatour keeps the language.
  const language = value.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  if (!isLanguage(language))
    throw invalidValue(`preferredLanguage "${value}" is not one of de, en, fr, it, es, nl, pl, cs`);
  return language;
}

function parseAuthorizationLevel(value: string): AuthorizationLevel {
  const level = AUTHORIZATION_LEVELS.find(
    (candidate) => candidate.toLowerCase() === value.trim().toLowerCase(),
  );
  if (level === undefined) {
    throw invalidValue(`authorizationLevel "${value}" is not one of ${AUTHORIZATION_LEVELS.join(', ')}`);
  }
  return level;
}

function hasCoreSchema(resource: JsonObject): boolean {
  const schemas = getCaseInsensitive(resource, 'schemas');
  return (
    Array.isArray(schemas) &&
    schemas.some(
      (schema) => typeof schema === 'string' && schema.toLowerCase() === CORE_USER_SCHEMA.toLowerCase(),
    )
  );
}

export type UserFieldsBase =
  /** POST: what the client leaves out gets the defaults of docs/api-guide.md#fields. */
  | { kind: 'create'; defaultLanguage: Language }
  /**
   * PUT and PATCH: optional text and lists the client leaves out are cleared (RFC 7644 §3.5.1 allows
   * it); active, hasOwnSchedule, authorizationLevel and preferredLanguage keep their value, because
   * "clearing" them has no meaning and a default could delete the user's schedule data.
   */
  | { kind: 'replace'; existing: UserFields };

/**
 * A client's User JSON → the account's writable fields. Types are checked here (400 invalidValue);
 * the value rules (lengths, formats, required) are checked by the store.
 */
export function userFieldsFromScim(
  body: JsonValue,
  base: UserFieldsBase,
  options: { requireSchemas: boolean } = { requireSchemas: true },
): UserFields {
  if (!isJsonObject(body))
    throw new ScimError(400, 'the request body must be a JSON object', 'invalidSyntax');
  if (options.requireSchemas && !hasCoreSchema(body)) {
    throw new ScimError(400, `"schemas" must list ${CORE_USER_SCHEMA} (RFC 7643 §3)`, 'invalidSyntax');
  }
  const kept = base.kind === 'create' ? newUserDefaults(base.defaultLanguage) : base.existing;

  const name = optionalObject(getCaseInsensitive(body, 'name'), 'name') ?? {};
  const email = pickValue(optionalObjects(getCaseInsensitive(body, 'emails'), 'emails'), 'work');
  const phone = pickValue(
    optionalObjects(getCaseInsensitive(body, 'phoneNumbers'), 'phoneNumbers'),
    'mobile',
  );
  const address =
    pickValue(optionalObjects(getCaseInsensitive(body, 'addresses'), 'addresses'), 'home') ?? {};
  const enterprise =
    optionalObject(getCaseInsensitive(body, ENTERPRISE_USER_SCHEMA), ENTERPRISE_USER_SCHEMA) ?? {};
  const portatour =
    optionalObject(getCaseInsensitive(body, PORTATOUR_USER_SCHEMA), PORTATOUR_USER_SCHEMA) ?? {};

  const language = optionalString(getCaseInsensitive(body, 'preferredLanguage'), 'preferredLanguage');
  const level = optionalString(getCaseInsensitive(portatour, 'authorizationLevel'), 'authorizationLevel');
  const groups = getCaseInsensitive(portatour, 'userGroups');
  if (groups !== undefined && groups !== null && !Array.isArray(groups)) {
    throw typeError('userGroups', 'an array of group names');
  }

  return {
    externalId: optionalString(getCaseInsensitive(body, 'externalId'), 'externalId') ?? null,
    givenName: optionalString(getCaseInsensitive(name, 'givenName'), 'name.givenName') ?? '',
    familyName: optionalString(getCaseInsensitive(name, 'familyName'), 'name.familyName') ?? '',
    email: (email && optionalString(getCaseInsensitive(email, 'value'), 'emails.value')) ?? '',
    employeeNumber:
      optionalString(getCaseInsensitive(enterprise, 'employeeNumber'), 'employeeNumber') ?? null,
    mobilePhone: (phone && optionalString(getCaseInsensitive(phone, 'value'), 'phoneNumbers.value')) ?? null,
    preferredLanguage: language === undefined ? kept.preferredLanguage : parseLanguage(language),
    active: optionalBoolean(getCaseInsensitive(body, 'active'), 'active') ?? kept.active,
    authorizationLevel: level === undefined ? kept.authorizationLevel : parseAuthorizationLevel(level),
    hasOwnSchedule:
      optionalBoolean(getCaseInsensitive(portatour, 'hasOwnSchedule'), 'hasOwnSchedule') ??
      kept.hasOwnSchedule,
    userGroups: (groups ?? []).map((group, index) => {
      if (typeof group === 'string') return group;
      // Some clients send multi-valued strings as {"value": …} (RFC 7643 §2.4).
      const value = isJsonObject(group) ? getCaseInsensitive(group, 'value') : undefined;
      if (typeof value === 'string') return value;
      throw typeError(`userGroups[${index}]`, 'a group name');
    }),
    note: optionalString(getCaseInsensitive(portatour, 'note'), 'note') ?? null,
    homeStreet:
      optionalString(getCaseInsensitive(address, 'streetAddress'), 'addresses.streetAddress') ?? null,
    homePostalCode: optionalString(getCaseInsensitive(address, 'postalCode'), 'addresses.postalCode') ?? null,
    homeCity: optionalString(getCaseInsensitive(address, 'locality'), 'addresses.locality') ?? null,
    homeCountry: optionalString(getCaseInsensitive(address, 'country'), 'addresses.country') ?? null,
  };
}
