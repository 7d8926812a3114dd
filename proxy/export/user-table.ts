// The rows of an export or template (docs/api-guide.md#fields, docs/api-guide.md#endpoints): one header row in the chosen language, then one row
// per user. The writers guard every cell against formula injection (proxy/spreadsheet/formula-guard.ts).
import { formatCell } from '../../shared/fields/parse-cell.ts';
import {
  FIELDS,
  FIELD_KEYS,
  USER_FIELDS,
  type FieldKey,
  type UserRecord,
} from '../../shared/fields/user-fields.ts';
import { ProblemError } from '../problem.ts';

export type ExportLanguage = 'en' | 'de';

export function parseFieldList(list: string | undefined): FieldKey[] {
  if (!list) return FIELD_KEYS;
  const keys = list
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  // Own keys only: `in` also finds __proto__, constructor, toString… on the prototype chain.
  const unknown = keys.filter((key) => !Object.hasOwn(USER_FIELDS, key));
  if (unknown.length || !keys.length) {
    throw new ProblemError(
      'invalid-request',
      unknown.length
        ? `Unknown field ${unknown.map((key) => `'${key}'`).join(', ')}; the fields are ${FIELD_KEYS.join(', ')}.`
        : 'fields= names no field.',
    );
  }
  return [...new Set(keys)] as FieldKey[];
}

export function headerRow(keys: readonly FieldKey[], lang: ExportLanguage): string[] {
  return keys.map((key) => USER_FIELDS[key].meta.header[lang]);
}

/**
 * Which columns are date-times: XLSX and ODS write them as date cells in UTC (docs/administrators.md#dates-and-times);
 * CSV keeps the ISO text.
 */
export function dateColumns(keys: readonly FieldKey[]): boolean[] {
  return keys.map((key) => USER_FIELDS[key].meta.kind === 'dateTime');
}

export function* userRows(
  users: Iterable<UserRecord>,
  keys: readonly FieldKey[],
  lang: ExportLanguage,
): Generator<string[]> {
  for (const user of users) {
    yield keys.map((key) => formatCell(key, user[key], lang));
  }
}

/** The "Field info" sheet of XLSX exports and templates: what each column means and accepts. */
export function fieldInfoRows(lang: ExportLanguage): string[][] {
  const yes = lang === 'de' ? 'Ja' : 'Yes';
  const header =
    lang === 'de'
      ? ['Spalte', 'Schlüssel', 'Pflicht bei neuen Benutzern', 'Nur lesbar', 'Beschreibung']
      : ['Column', 'Key', 'Required for new users', 'Read-only', 'Description'];
  return [
    header,
    ...FIELDS.map((field) => [
      field.header[lang],
      field.key,
      field.requiredOnCreate ? yes : '',
      field.readOnly ? yes : '',
      field.info[lang],
    ]),
  ];
}

export function exportFileName(
  kind: 'users' | 'template',
  tenant: string,
  extension: string,
  now = new Date(),
): string {
  const date = now.toISOString().slice(0, 10);
  const safeTenant = tenant.replace(/[^A-Za-z0-9_-]/g, '_');
  return `portatour-${kind === 'users' ? 'users' : 'user-template'}-${safeTenant}-${date}.${extension}`;
}

export function importReportName(tenant: string, jobId: string, extension: string): string {
  return `portatour-import-report-${tenant.replace(/[^A-Za-z0-9_-]/g, '_')}-${jobId.slice(0, 8)}.${extension}`;
}
