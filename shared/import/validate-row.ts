// One spreadsheet row → the field values it sets, or errors naming row, column and what is wrong
// (docs/api-guide.md#problems). Pure: the proxy plans with it and the wizard re-validates a corrected cell with it.
import { cellProblem, parseCell } from '../fields/parse-cell.ts';
import type { FieldKey } from '../fields/field-catalogue.ts';
import type { UserRecord } from '../fields/user-fields.ts';
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

export interface RowValidationOptions {
  defaultCountry?: string;
  /** The language of the messages (the API speaks English; German pages ask for German). */
  lang?: 'en' | 'de';
}

export function validateRow(
  rowNumber: number,
  cells: readonly string[],
  mappings: readonly ColumnMapping[],
  options: RowValidationOptions = {},
): ValidatedRow {
  return rowValidator(mappings, options)(rowNumber, cells);
}

/**
 * validateRow for many rows of one sheet: what depends only on the columns (which fields, the country column,
 * the header of each field) is worked out once, not 100,000 times.
 */
export function rowValidator(
  mappings: readonly ColumnMapping[],
  options: RowValidationOptions = {},
): (rowNumber: number, cells: readonly string[]) => ValidatedRow {
  const mapped = mappings.filter((m): m is ColumnMapping & { field: FieldKey } => m.field !== null);
  const columnOf: Partial<Record<FieldKey, string>> = {};
  for (const mapping of mapped) columnOf[mapping.field] = mapping.header;
  const countryIndex = mapped.find((m) => m.field === 'homeCountry')?.index;
  const lang = options.lang ?? 'en';
  return (rowNumber, cells) => {
    const values: RowValues = {};
    const errors: RowError[] = [];
    const rowCountry =
      countryIndex === undefined ? undefined : parseCell('homeCountry', cells[countryIndex] ?? '');
    const defaultCountry = (rowCountry?.ok && rowCountry.value) || options.defaultCountry || 'DE';
    const context = { defaultCountry };
    for (const mapping of mapped) {
      const key = mapping.field;
      const parsed = parseCell(key, cells[mapping.index] ?? '', context);
      if (parsed.ok) {
        (values as Record<string, unknown>)[key] = parsed.value;
      } else {
        // "Email 'anna@' is not a valid e-mail address", "Note is 1200 characters long; …"
        const message = cellProblem(key, parsed, lang);
        errors.push({ row: rowNumber, column: mapping.header, field: key, code: 'invalid-value', message });
      }
    }
    // The column headers are the same for every row: one shared object.
    return { rowNumber, values, errors, columnOf };
  };
}

export function isEmptyRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
