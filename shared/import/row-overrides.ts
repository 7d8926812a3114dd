// Row overrides in the planner: a row with an override is read as if its cell of that field said the override's
// value, also when the file has no such column (docs/import-semantics.md#licenses). An invalid cell of the field
// is then no error of the row: its value is not used.
import type { OverrideField, RowOverride } from '../api/row-overrides-schema.ts';
import type { UserRecord } from '../fields/user-fields.ts';
import type { ValidatedRow } from './validate-row.ts';

/** The values each overridden row gets, by the spreadsheet's row number. */
export type OverrideValues = ReadonlyMap<number, Partial<Pick<UserRecord, OverrideField>>>;

export const NO_OVERRIDES: OverrideValues = new Map();

/** Parsed overrides (their values checked where they arrive) by row. */
export function overrideValues(
  overrides: readonly RowOverride[],
  parse: (override: RowOverride) => boolean,
): OverrideValues {
  const byRow = new Map<number, Partial<Pick<UserRecord, OverrideField>>>();
  for (const override of overrides) {
    const values = byRow.get(override.row) ?? {};
    values[override.field] = parse(override);
    byRow.set(override.row, values);
  }
  return byRow;
}

/** The row as the planner reads it: the override's values in place of its cells'. */
export function withOverrides(row: ValidatedRow, overrides: OverrideValues): ValidatedRow {
  const values = overrides.get(row.rowNumber);
  if (!values) return row;
  const fields = Object.keys(values);
  return {
    ...row,
    values: { ...row.values, ...values },
    errors: row.errors.filter((error) => !error.field || !fields.includes(error.field)),
  };
}
