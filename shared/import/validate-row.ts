// One spreadsheet row → the field values it sets, or errors naming row, column and what is wrong
// (docs/api-guide.md#problems). Pure: the proxy plans with it and the wizard re-validates a corrected cell with it.
import { cellProblem, parseCell } from '../fields/parse-cell.ts';
import { countryName, phoneAlsoValidIn, readPhone } from '../fields/phone-number.ts';
import type { FieldKey } from '../fields/field-catalogue.ts';
import type { UserRecord } from '../fields/user-fields.ts';
import type { RowError } from '../problems.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { PlanWarning } from './plan-types.ts';

export type RowValues = { [K in FieldKey]?: UserRecord[K] | null };

export interface ValidatedRow {
  rowNumber: number;
  /** Mapped fields present in the file: a value, or null for an empty cell. */
  values: RowValues;
  errors: RowError[];
  /** Values read one way that may have been meant another (a national phone number of a user living abroad). */
  warnings: readonly PlanWarning[];
  /** Header of the column each field came from, for messages. */
  columnOf: Partial<Record<FieldKey, string>>;
}

export interface RowValidationOptions {
  /** The company's country: national phone numbers are read in it, whatever a row's home country. */
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
): (rowNumber: number, cells: readonly string[], stored?: StoredValues) => ValidatedRow {
  const mapped = mappings.filter((m): m is ColumnMapping & { field: FieldKey } => m.field !== null);
  const columnOf: Partial<Record<FieldKey, string>> = {};
  for (const mapping of mapped) columnOf[mapping.field] = mapping.header;
  const countryIndex = mapped.find((m) => m.field === 'homeCountry')?.index;
  const lang = options.lang ?? 'en';
  const defaultCountry = options.defaultCountry || 'DE';
  const context = { defaultCountry };
  return (rowNumber, cells, stored) => {
    const values: RowValues = {};
    const errors: RowError[] = [];
    let warnings: readonly PlanWarning[] = NO_WARNINGS;
    for (const mapping of mapped) {
      const key = mapping.field;
      const text = cells[mapping.index] ?? '';
      if (key === 'mobilePhone' && isStoredE164(text, stored?.mobilePhone)) {
        // The number the directory holds, given back as it is (an export re-imported): libphonenumber-js would
        // read it as itself (international, so no country warning either); it was 0.4–0.6 s of 100,000 such rows.
        values.mobilePhone = text;
        continue;
      }
      const parsed = parseCell(key, text, context);
      if (parsed.ok) {
        (values as Record<string, unknown>)[key] = parsed.value;
        if (key === 'mobilePhone' && parsed.value && countryIndex !== undefined) {
          const warning = phoneWarning(text, cells[countryIndex] ?? '', defaultCountry, lang);
          if (warning)
            warnings = [
              ...warnings,
              { row: rowNumber, column: mapping.header, field: key, code: 'phone-country', message: warning },
            ];
        }
      } else {
        // "Email 'anna@' is not a valid e-mail address", "Note is 1200 characters long; …"
        const message = cellProblem(key, parsed, lang);
        errors.push({
          row: rowNumber,
          column: mapping.header,
          field: key,
          code: 'invalid-value',
          message,
          // A correction starts from it; a hostile megabyte cell is not echoed back.
          ...(text.length <= MAX_ECHOED_VALUE ? { value: text } : {}),
        });
      }
    }
    // The column headers are the same for every row: one shared object.
    return { rowNumber, values, errors, warnings, columnOf };
  };
}

/** What the matched user already holds, for the cells that are read faster when they say the same. */
export type StoredValues = Pick<UserRecord, 'mobilePhone'>;

const E164 = /^\+[1-9][0-9]{1,14}$/;

function isStoredE164(text: string, stored: string | null | undefined): boolean {
  return stored !== undefined && stored !== null && text === stored && E164.test(text);
}

/** Longer cells are not repeated in their error (the longest valid value, a note, has 1,000 characters). */
const MAX_ECHOED_VALUE = 2000;

const NO_WARNINGS: readonly PlanWarning[] = Object.freeze([]);

/**
 * A national number read in the company's country while the row's home address is in another country where the
 * same digits are also a valid number: which one is meant cannot be known, so the preview says which was taken.
 */
function phoneWarning(
  text: string,
  homeCountryText: string,
  companyCountry: string,
  lang: 'en' | 'de',
): string | undefined {
  const home = parseCell('homeCountry', homeCountryText);
  if (!home.ok || !home.value || home.value === companyCountry) return undefined;
  const reading = readPhone(text, companyCountry);
  if (!reading.ok || !reading.value.national) return undefined;
  const other = phoneAlsoValidIn(text, home.value);
  if (!other || other === reading.value.value) return undefined;
  return lang === 'de'
    ? `Mobiltelefon '${text.trim()}' wurde als Nummer in ${countryName(companyCountry, 'de')} gelesen (${reading.value.value}); ist eine Nummer in ${countryName(home.value, 'de')} gemeint, bitte ${other} eintragen.`
    : `Mobile phone '${text.trim()}' was read as a number in ${countryName(companyCountry, 'en')} (${reading.value.value}); if a number in ${countryName(home.value, 'en')} is meant, enter ${other}.`;
}

export function isEmptyRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
