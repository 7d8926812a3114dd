// Parsing of the values people type into spreadsheets (docs/api-guide.md#fields): every variant a German or English
// spreadsheet holds becomes one canonical value, or a message a person understands.
import { countryCodeOf } from './countries.ts';
import { LANGUAGE_NAMES } from './language-names.ts';
import { readPhone } from './phone-number.ts';

export const LANGUAGES = ['de', 'en', 'fr', 'it', 'es', 'nl', 'pl', 'cs'] as const;
export type Language = (typeof LANGUAGES)[number];

export const AUTHORIZATION_LEVELS = ['User', 'Supervisor', 'Administrator'] as const;
export type AuthorizationLevel = (typeof AUTHORIZATION_LEVELS)[number];

export const AUTHORIZATION_LEVEL_LABELS_DE: Record<AuthorizationLevel, string> = {
  User: 'Benutzer',
  Supervisor: 'Vorgesetzter',
  Administrator: 'Administrator',
};

/** A refusal says what is wrong in English (`message`, the API's language) and in German for German pages. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; messageDe: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string, messageDe: string): Parsed<never> => ({ ok: false, message, messageDe });

// Short texts repeat in every row (Yes, No, User, de): each is folded once.
const FOLDED = new Map<string, string>();
const FOLDED_MAX = 10_000;

/** Lower case, accents and punctuation removed: "E-Mail" → "email", "Größe" → "grosse". */
export function foldText(text: string): string {
  const short = text.length <= 32;
  const known = short ? FOLDED.get(text) : undefined;
  if (known !== undefined) return known;
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  if (short && FOLDED.size < FOLDED_MAX) FOLDED.set(text, folded);
  return folded;
}

const YES = new Set(['yes', 'y', 'ja', 'j', 'true', 'wahr', '1', 'x', 'on', 'oui', 'si', 'tak', 'ano']);
const NO = new Set(['no', 'n', 'nein', 'false', 'falsch', '0', 'off', 'non', 'nie', 'ne']);

export function parseYesNo(text: string): Parsed<boolean> {
  const folded = foldText(text);
  if (YES.has(folded)) return ok(true);
  if (NO.has(folded)) return ok(false);
  return fail(
    `'${text}' is not Yes or No (also accepted: Ja/Nein, true/false, 1/0, x)`,
    `'${text}' ist nicht Ja oder Nein (auch möglich: Yes/No, wahr/falsch, 1/0, x)`,
  );
}

const AUTHORIZATION_ALIASES: Record<string, AuthorizationLevel> = {
  user: 'User',
  benutzer: 'User',
  '0': 'User',
  supervisor: 'Supervisor',
  vorgesetzter: 'Supervisor',
  '1': 'Supervisor',
  administrator: 'Administrator',
  admin: 'Administrator',
  '2': 'Administrator',
};

export function parseAuthorizationLevel(text: string): Parsed<AuthorizationLevel> {
  const level = ownValue(AUTHORIZATION_ALIASES, foldText(text));
  return level
    ? ok(level)
    : fail(
        `'${text}' is not User, Supervisor or Administrator (or 0, 1, 2)`,
        `'${text}' ist nicht Benutzer, Vorgesetzter oder Administrator (oder 0, 1, 2)`,
      );
}

/**
 * A value of a lookup table by a key from a cell: own keys only, so "constructor" or "__proto__" in a cell finds
 * nothing instead of Object.prototype's members.
 */
function ownValue<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function parseLanguage(text: string): Parsed<Language> {
  // "de-DE", "en_GB": the region does not matter for portatour's user interface.
  const tag = /^([a-z]{2})(?:[-_][a-z]{2})?$/i.exec(text.trim());
  const language = ownValue(LANGUAGE_NAMES, tag?.[1] ? tag[1].toLowerCase() : foldText(text));
  return language
    ? ok(language)
    : fail(
        `'${text}' is not one of the languages ${LANGUAGES.join(', ')}`,
        `'${text}' ist keine der Sprachen ${LANGUAGES.join(', ')}`,
      );
}

export function parseCountry(text: string): Parsed<string> {
  const code = countryCodeOf(text);
  return code
    ? ok(code)
    : fail(
        `'${text}' is not a country (use an ISO code such as DE or a name such as Germany)`,
        `'${text}' ist kein Land (ISO-Code wie DE oder ein Name wie Deutschland)`,
      );
}

// Deliberately permissive about the local part (companies use odd addresses) but strict about what
// certainly cannot be delivered: spaces, a second @, no domain with a dot.
const EMAIL = /^[^\s@"<>()[\],;:\\]+@[^\s@"<>()[\],;:\\.]+(\.[^\s@"<>()[\],;:\\.]+)+$/u;

/** `maxLength` is the catalogue's (field-catalogue.ts), as for every limit below. */
export function parseEmail(text: string, maxLength: number): Parsed<string> {
  const email = text.trim();
  if (email.length > maxLength || !EMAIL.test(email))
    return fail(`'${text}' is not a valid e-mail address`, `'${text}' ist keine gültige E-Mail-Adresse`);
  return ok(email);
}

/** Emails compare trimmed and case-insensitive (docs/import-semantics.md). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Phone numbers are kept as text and stored as E.164: "+49 151 1234-5678", "0049…", a national "0151…" read in
 * `defaultCountry` (the company's), digits from a cell Excel turned into a number ("4915112345678").
 */
export function parsePhone(text: string, defaultCountry = 'DE'): Parsed<string> {
  const reading = readPhone(text, defaultCountry);
  return reading.ok ? ok(reading.value.value) : reading;
}

/** The limits of a user-groups cell; the catalogue's `userGroups` entry holds them. */
export interface GroupLimits {
  maxLength: number;
  maxItems: number;
}

export function parseUserGroups(text: string, limits: GroupLimits): Parsed<string[]> {
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const group = part.trim();
    if (!group) continue;
    if (group.length > limits.maxLength)
      return fail(
        `the user group '${group}' is longer than ${limits.maxLength} characters`,
        `die Benutzergruppe '${group}' ist länger als ${limits.maxLength} Zeichen`,
      );
    const folded = group.toLowerCase();
    if (seen.has(folded)) continue;
    seen.add(folded);
    groups.push(group);
  }
  if (groups.length > limits.maxItems)
    return fail(
      `${groups.length} user groups are more than the ${limits.maxItems} a user can have`,
      `${groups.length} Benutzergruppen sind mehr als die ${limits.maxItems}, die ein Benutzer haben kann`,
    );
  return ok(groups);
}

export function parseText(text: string, max: number): Parsed<string> {
  const value = text.trim();
  if (value.length > max)
    return fail(
      `is ${value.length} characters long; at most ${max} are allowed`,
      `ist ${value.length} Zeichen lang; höchstens ${max} sind erlaubt`,
    );
  // Control characters other than line breaks and tabs break exports and the page; they are never intended.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u.test(value))
    return fail(
      'contains control or text-direction characters',
      'enthält Steuer- oder Schreibrichtungszeichen',
    );
  return ok(value);
}

export function formatYesNo(value: boolean, lang: 'en' | 'de'): string {
  if (lang === 'de') return value ? 'Ja' : 'Nein';
  return value ? 'Yes' : 'No';
}

export function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map((group) => group.toLowerCase()));
  return b.every((group) => set.has(group.toLowerCase()));
}
