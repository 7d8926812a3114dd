// What planning one row needs to know besides the row: the settings, the columns, who owns which address, the
// license accounting; shared by the plans of matched rows and of new rows.
import { HOME_FIELDS, USER_FIELDS, type FieldKey, type HomeField } from '../fields/user-fields.ts';
import type { ImportSettings } from '../import-settings.ts';
import type { RowError } from '../problems.ts';
import type { LicenseCount } from './license-count.ts';
import type { PlanColumns, Say } from './plan-columns.ts';
import { groupsNotAvailable } from './plan-messages.ts';
import type { RowKey } from './planned-row.ts';
import type { UserOwners } from './user-owners.ts';
import type { ValidatedRow } from './validate-row.ts';
import type { OverrideValues } from './row-overrides.ts';

export interface RowPlanning {
  readonly settings: ImportSettings;
  readonly lang: 'en' | 'de';
  readonly say: Say;
  readonly columns: PlanColumns;
  readonly licenses: LicenseCount;
  readonly owners: UserOwners;
  /** Fields the directory does not store. */
  readonly unstored: ReadonlySet<FieldKey>;
  /** The directory takes userName from the client on create. */
  readonly userNameOnCreate: boolean;
  /** A new row lists its values as `changes` (the preview shows them; the import job reads none). */
  readonly newRowChanges: boolean;
  /** Values that replace what chosen rows say (the upload's overrides); set before the users arrive. */
  overrides: OverrideValues;
}

/** A stored row read back to be planned, with its key and every error known so far (its cells', other rows'). */
export interface RowToPlan {
  row: ValidatedRow;
  key: RowKey | null;
  errors: RowError[];
}

/** The header of the column a field came from, for messages (the English field name when it has none). */
export function columnOf(row: ValidatedRow, field: FieldKey): string {
  return row.columnOf[field] ?? USER_FIELDS[field].meta.header.en;
}

export function labelOf(planning: RowPlanning, field: FieldKey): string {
  return USER_FIELDS[field].meta.header[planning.lang];
}

/** User groups are for companies with enough licenses (docs/api-guide.md#fields). */
export function groupsError(planning: RowPlanning, row: ValidatedRow): RowError | undefined {
  const groups = row.values.userGroups;
  if (!groups || !groups.length || planning.licenses.allowsUserGroups) return undefined;
  return groupsNotAvailable(planning.say, row.rowNumber, columnOf(row, 'userGroups'));
}

/** Home location defaults fill the cells that are empty or absent. */
export function homeDefaultsOf(planning: RowPlanning, row: ValidatedRow): Partial<Record<HomeField, string>> {
  const homeDefaults: Partial<Record<HomeField, string>> = {};
  for (const field of HOME_FIELDS) {
    const fallback = planning.columns.homeDefaults[field];
    const value = row.values[field];
    if (fallback && (value === undefined || value === null)) homeDefaults[field] = fallback;
  }
  return homeDefaults;
}
