// Cell text → canonical field value (docs/api-guide.md#fields). Shared by the proxy (authoritative) and the wizard
// (instant feedback while correcting a cell in place).
import {
  AUTHORIZATION_LEVEL_LABELS_DE,
  formatYesNo,
  parseAuthorizationLevel,
  parseCountry,
  parseEmail,
  parseLanguage,
  parsePhone,
  parseText,
  parseUserGroups,
  parseYesNo,
  type Parsed,
} from './field-values.ts';
import { FIELD_CATALOGUE, fieldLimit, type FieldKey, type FieldMeta } from './field-catalogue.ts';
import type { UserRecord } from './user-fields.ts';

export interface CellContext {
  /** The country national phone numbers are read in: the company's. */
  defaultCountry?: string;
}

/** `null` means the cell is empty: what that does depends on the settings' `emptyCells`. */
export function parseCell<K extends FieldKey>(
  key: K,
  text: string,
  context: CellContext = {},
): Parsed<UserRecord[K] | null> {
  if (text.trim() === '') return { ok: true, value: null };
  const meta = FIELD_CATALOGUE[key];
  const parsed = parseByKind(meta, text, context);
  return parsed as Parsed<UserRecord[K] | null>;
}

/** The limits come from the catalogue entry, the same numbers the value schemas of user-fields.ts check. */
function parseByKind(meta: FieldMeta, text: string, context: CellContext): Parsed<unknown> {
  switch (meta.kind) {
    case 'text':
      return parseText(text, fieldLimit(meta, 'maxLength'));
    case 'email':
      return parseEmail(text, fieldLimit(meta, 'maxLength'));
    case 'phone':
      return parsePhone(text, context.defaultCountry);
    case 'language':
      return parseLanguage(text);
    case 'authorizationLevel':
      return parseAuthorizationLevel(text);
    case 'yesNo':
      return parseYesNo(text);
    case 'userGroups':
      return parseUserGroups(text, {
        maxLength: fieldLimit(meta, 'maxLength'),
        maxItems: fieldLimit(meta, 'maxItems'),
      });
    case 'country':
      return parseCountry(text);
    case 'id':
    case 'dateTime':
      // Read-only columns are compared as text only to warn about edits.
      return { ok: true, value: text.trim() };
  }
}

/** A refused cell in the words the proxy's row errors use: "Email 'anna@' is not …", "E-Mail: 'anna@' ist …". */
export function cellProblem(
  key: FieldKey,
  refusal: { message: string; messageDe: string },
  lang: 'en' | 'de',
): string {
  const header = FIELD_CATALOGUE[key].header[lang];
  return lang === 'de' ? `${header}: ${refusal.messageDe}` : `${header} ${refusal.message}`;
}

/** The value of a cleared cell (`emptyCells: clear`). */
export function emptyValueOf<K extends FieldKey>(key: K): UserRecord[K] {
  const kind = FIELD_CATALOGUE[key].kind;
  if (kind === 'yesNo') return false as UserRecord[K];
  if (kind === 'userGroups') return [] as unknown as UserRecord[K];
  if (kind === 'dateTime') return null as UserRecord[K];
  return '' as UserRecord[K];
}

/** Canonical value → the text an export cell shows, in the export's language. */
export function formatCell<K extends FieldKey>(key: K, value: UserRecord[K], lang: 'en' | 'de'): string {
  if (value === null || value === undefined) return '';
  const kind = FIELD_CATALOGUE[key].kind;
  if (kind === 'yesNo') return formatYesNo(value as boolean, lang);
  if (kind === 'userGroups') return (value as string[]).join(', ');
  // A level the catalogue does not know (from an upstream) is exported as it is, never as "undefined".
  if (kind === 'authorizationLevel' && lang === 'de')
    return (
      AUTHORIZATION_LEVEL_LABELS_DE[value as keyof typeof AUTHORIZATION_LEVEL_LABELS_DE] ?? String(value)
    );
  return String(value);
}
