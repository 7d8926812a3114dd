import { invalidValue } from './scim-error.ts';

/** docs/api-guide.md#fields "Language". */
export const LANGUAGES = ['de', 'en', 'fr', 'it', 'es', 'nl', 'pl', 'cs'] as const;
export type Language = (typeof LANGUAGES)[number];

/** docs/api-guide.md#fields "Authorization level". */
export const AUTHORIZATION_LEVELS = ['User', 'Supervisor', 'Administrator'] as const;
export type AuthorizationLevel = (typeof AUTHORIZATION_LEVELS)[number];

/** Length limits of docs/api-guide.md#fields; the server guards them even though the proxy validates first. */
export const FIELD_LIMITS = {
  name: 100,
  email: 254,
  employeeNumber: 50,
  externalId: 200,
  note: 1000,
  homeStreet: 200,
  homePostalCode: 20,
  homeCity: 100,
  groupName: 40,
  groupsPerUser: 97,
} as const;

/** The writable attributes of a portatour account, flat; the SCIM mapping lives in scim-user-resource.ts. */
export interface UserFields {
  externalId: string | null;
  givenName: string;
  familyName: string;
  email: string;
  employeeNumber: string | null;
  /** E.164, e.g. +4915112345678 (docs/api-guide.md#fields "stored E.164"). */
  mobilePhone: string | null;
  preferredLanguage: Language;
  active: boolean;
  authorizationLevel: AuthorizationLevel;
  /** true = field user who holds a license (docs/import-semantics.md). */
  hasOwnSchedule: boolean;
  userGroups: string[];
  note: string | null;
  homeStreet: string | null;
  homePostalCode: string | null;
  homeCity: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  homeCountry: string | null;
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export function isAuthorizationLevel(value: string): value is AuthorizationLevel {
  return (AUTHORIZATION_LEVELS as readonly string[]).includes(value);
}

/** The lookup key of an e-mail address: docs/import-semantics.md "Emails compare trimmed and case-insensitive". */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately simple: one @, no spaces, a dot in the domain. The proxy does the careful check (docs/api-guide.md#fields).
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/**
 * ICU knows every ISO 3166-1 alpha-2 code, plus a few that are not countries (regions, exceptional
 * reservations); those are removed so that only real country codes pass.
 */
const NOT_COUNTRY_CODES = new Set([
  'AC',
  'CP',
  'DG',
  'EA',
  'EU',
  'EZ',
  'IC',
  'QO',
  'TA',
  'UN',
  'XA',
  'XB',
  'ZZ',
]);
const COUNTRY_CODES: ReadonlySet<string> = (() => {
  const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
  const codes = new Set<string>();
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      if (!NOT_COUNTRY_CODES.has(code) && regionNames.of(code) !== code) codes.add(code);
    }
  }
  return codes;
})();

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Trims, turns empty optional text into null, upper-cases the country and drops duplicate groups. */
export function normalizeUserFields(fields: UserFields): UserFields {
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const group of fields.userGroups) {
    const name = group.trim();
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    groups.push(name);
  }
  return {
    externalId: optionalText(fields.externalId),
    givenName: fields.givenName.trim(),
    familyName: fields.familyName.trim(),
    email: fields.email.trim(),
    employeeNumber: optionalText(fields.employeeNumber),
    mobilePhone: optionalText(fields.mobilePhone),
    preferredLanguage: fields.preferredLanguage,
    active: fields.active,
    authorizationLevel: fields.authorizationLevel,
    hasOwnSchedule: fields.hasOwnSchedule,
    userGroups: groups,
    note: optionalText(fields.note),
    homeStreet: optionalText(fields.homeStreet),
    homePostalCode: optionalText(fields.homePostalCode),
    homeCity: optionalText(fields.homeCity),
    homeCountry: optionalText(fields.homeCountry)?.toUpperCase() ?? null,
  };
}

function checkLength(value: string | null, max: number, attribute: string): void {
  if (value !== null && value.length > max) {
    throw invalidValue(`${attribute} is longer than ${max} characters`);
  }
}

/**
 * The server rules of test/stand-in-tenant/README.md for a normalized account; throws a 400 invalidValue naming the SCIM
 * attribute. Uniqueness and the license limit need the database and are checked by the store.
 */
export function validateUserFields(fields: UserFields): void {
  if (fields.givenName === '') throw invalidValue('name.givenName is required');
  if (fields.familyName === '') throw invalidValue('name.familyName is required');
  if (fields.email === '') throw invalidValue('emails[type eq "work"].value is required');
  checkLength(fields.givenName, FIELD_LIMITS.name, 'name.givenName');
  checkLength(fields.familyName, FIELD_LIMITS.name, 'name.familyName');
  checkLength(fields.email, FIELD_LIMITS.email, 'emails.value');
  if (!EMAIL_PATTERN.test(fields.email))
    throw invalidValue(`"${fields.email}" is not a valid e-mail address`);
  checkLength(fields.externalId, FIELD_LIMITS.externalId, 'externalId');
  checkLength(fields.employeeNumber, FIELD_LIMITS.employeeNumber, 'employeeNumber');
  if (fields.mobilePhone !== null && !E164_PATTERN.test(fields.mobilePhone)) {
    throw invalidValue(
      `phoneNumbers.value "${fields.mobilePhone}" is not an E.164 number such as +4915112345678`,
    );
  }
  if (!isLanguage(fields.preferredLanguage)) {
    throw invalidValue(`preferredLanguage must be one of ${LANGUAGES.join(', ')}`);
  }
  if (!isAuthorizationLevel(fields.authorizationLevel)) {
    throw invalidValue(`authorizationLevel must be one of ${AUTHORIZATION_LEVELS.join(', ')}`);
  }
  checkLength(fields.note, FIELD_LIMITS.note, 'note');
  checkLength(fields.homeStreet, FIELD_LIMITS.homeStreet, 'addresses.streetAddress');
  checkLength(fields.homePostalCode, FIELD_LIMITS.homePostalCode, 'addresses.postalCode');
  checkLength(fields.homeCity, FIELD_LIMITS.homeCity, 'addresses.locality');
  if (fields.homeCountry !== null && !isCountryCode(fields.homeCountry)) {
    throw invalidValue(`addresses.country "${fields.homeCountry}" is not an ISO 3166-1 alpha-2 country code`);
  }
  if (fields.userGroups.length > FIELD_LIMITS.groupsPerUser) {
    throw invalidValue(`a user can be in at most ${FIELD_LIMITS.groupsPerUser} user groups`);
  }
  for (const group of fields.userGroups) checkLength(group, FIELD_LIMITS.groupName, `user group "${group}"`);
}

/** The values of a new account where the client sent none (docs/api-guide.md#fields "on create"). */
export function newUserDefaults(defaultLanguage: Language): UserFields {
  return {
    externalId: null,
    givenName: '',
    familyName: '',
    email: '',
    employeeNumber: null,
    mobilePhone: null,
    preferredLanguage: defaultLanguage,
    active: true,
    authorizationLevel: 'User',
    hasOwnSchedule: true,
    userGroups: [],
    note: null,
    homeStreet: null,
    homePostalCode: null,
    homeCity: null,
    homeCountry: null,
  };
}

export function sameUserFields(a: UserFields, b: UserFields): boolean {
  return (Object.keys(a) as (keyof UserFields)[]).every((key) => {
    const left = a[key];
    const right = b[key];
    return Array.isArray(left) && Array.isArray(right)
      ? left.length === right.length && left.every((value, index) => value === right[index])
      : left === right;
  });
}
