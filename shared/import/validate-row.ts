// One spreadsheet row → the field values it sets, or errors naming row, column and what is wrong
// (contract §7). Pure: the proxy plans with it and the wizard re-validates a corrected cell with it.
import { parseCell } from '../fields/parse-cell.ts';
import { USER_FIELDS, type FieldKey, type UserRecord } from '../fields/user-fields.ts';
import type { RowError } from '../problems.ts';
import type { ColumnMapping } from './column-mapping.ts';

export type RowValues = { [K in FieldKey]?: UserRecord[K] | null };

export interface ValidatedRow {
  rowNumber: number;
  /** Mapped fields present in the file: a value, or null for an empty cell. */
  values: RowValues;
  errors: RowError[];
  /** Header of the column each field came from, for messages. */
  columnOf: Partial<Record<FieldKey, string>>;
}

export function validateRow(
  rowNumber: number,
  cells: readonly string[],
  mappings: readonly ColumnMapping[],
  options: { defaultCountry?: string } = {},
): ValidatedRow {
  const values: RowValues = {};
  const errors: RowError[] = [];
  const columnOf: Partial<Record<FieldKey, string>> = {};
  const countryMapping = mappings.find((m) => m.field === 'homeCountry');
  const rowCountry = countryMapping ? parseCell('homeCountry', cells[countryMapping.index] ?? '') : undefined;
  const defaultCountry = (rowCountry?.ok && rowCountry.value) || options.defaultCountry || 'DE';
  for (const mapping of mappings) {
    const key = mapping.field;
    if (!key) continue;
    columnOf[key] = mapping.header;
    const parsed = parseCell(key, cells[mapping.index] ?? '', { defaultCountry });
    if (parsed.ok) {
      (values as Record<string, unknown>)[key] = parsed.value;
    } else {
      // "Email 'anna@' is not a valid e-mail address", "Note is 1200 characters long; …"
      const message = `${USER_FIELDS[key].meta.header.en} ${parsed.message}`;
      errors.push({ row: rowNumber, column: mapping.header, field: key, code: 'invalid-value', message });
    }
  }
  return { rowNumber, values, errors, columnOf };
}

export function isEmptyRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
