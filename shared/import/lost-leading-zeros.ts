// Excel and LibreOffice read "04107" in a CSV file as the number 4107 and save it that way. Re-importing such a
// file would quietly change every postal code and employee number that starts with 0. A value that is exactly the
// stored one without its leading zeros is therefore kept, with a warning: nobody means to drop them on purpose.
import type { FieldKey } from '../fields/user-fields.ts';
import type { Say } from './plan-columns.ts';
import type { PlanWarning } from './plan-types.ts';

const CODE_FIELDS: ReadonlySet<FieldKey> = new Set<FieldKey>(['homePostalCode', 'employeeNumber']);
const DIGITS = /^\d+$/;

/** True when `given` is `stored` with its leading zeros dropped, as a spreadsheet program does to numbers. */
export function lostLeadingZeros(field: FieldKey, stored: unknown, given: unknown): boolean {
  if (!CODE_FIELDS.has(field) || typeof stored !== 'string' || typeof given !== 'string') return false;
  if (
    !stored.startsWith('0') ||
    !DIGITS.test(stored) ||
    !DIGITS.test(given) ||
    given.length >= stored.length
  ) {
    return false;
  }
  return stored.replace(/^0+/, '') === given.replace(/^0+/, '');
}

export function leadingZerosKept(
  say: Say,
  where: { row: number; column: string; field: FieldKey; label: string },
  stored: string,
  given: string,
): PlanWarning {
  return {
    row: where.row,
    column: where.column,
    field: where.field,
    code: 'leading-zeros-lost',
    message: say(
      `${where.label} '${given}' is '${stored}' without its leading zeros (spreadsheet programs drop them); '${stored}' is kept.`,
      `${where.label} '${given}' ist '${stored}' ohne führende Nullen (Tabellenprogramme entfernen sie); '${stored}' bleibt.`,
    ),
  };
}
