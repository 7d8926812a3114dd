// What the administrator chose in the wizard, and the settings file (docs/api-guide.md#the-settings-file) it amounts to. Pure, so the
// preview, the import and "Save import settings" all send the very same settings.
import {
  FIELDS,
  HOME_FIELDS,
  MATCH_KEYS,
  type FieldKey,
  type HomeField,
} from '../../../../shared/fields/field-catalogue.ts';
import type { ImportSettings } from '../../../../shared/import-settings.ts';
import type { PreviewColumn } from './import-types.ts';

export { HOME_FIELDS, type HomeField };
export type MatchBy = ImportSettings['matchBy'];
export type UpdateBehavior = 'overwrite' | 'keep';

export interface WizardChoices {
  /** Sheet of a workbook; undefined = the first. */
  sheet: string | undefined;
  /** 1-based row of the column names; undefined = found automatically. */
  headerRow: number | undefined;
  /** Column index → field (null = ignored); null until the mapping step starts from the proxy's guess. */
  mapping: Record<number, FieldKey | null> | null;
  matchBy: MatchBy;
  actions: ImportSettings['actions'];
  updateBehavior: Partial<Record<FieldKey, UpdateBehavior>>;
  emptyCells: ImportSettings['emptyCells'];
  deactivateMissing: boolean;
  homeLocation: { apply: boolean; defaults: Partial<Record<HomeField, string>> };
  skipInvalidRows: boolean;
  /** Licenses run short: every new user is office staff ("Has own schedule" = No). */
  newUsersAsOfficeStaff: boolean;
  /** Licenses run short: only the rows that fit are imported, the others skipped. */
  skipRowsBeyondLicenses: boolean;
  /** The administrator ticked the confirmation for schedule deletions / missing users. */
  confirmed: boolean;
}

export const DEFAULT_CHOICES: WizardChoices = {
  sheet: undefined,
  headerRow: undefined,
  mapping: null,
  matchBy: 'auto',
  actions: { create: true, update: true, deactivate: true },
  updateBehavior: {},
  emptyCells: 'keep',
  deactivateMissing: false,
  homeLocation: { apply: true, defaults: {} },
  skipInvalidRows: false,
  newUsersAsOfficeStaff: false,
  skipRowsBeyondLicenses: false,
  confirmed: false,
};

/** The proxy's automatic mapping, as the starting point of the mapping step. */
export function mappingFromColumns(columns: readonly PreviewColumn[]): Record<number, FieldKey | null> {
  return Object.fromEntries(columns.map((column) => [column.index, column.field]));
}

/** The field a column is imported as under the current choices. */
export function fieldOfColumn(choices: WizardChoices, column: PreviewColumn): FieldKey | null {
  return choices.mapping ? (choices.mapping[column.index] ?? null) : column.field;
}

/** Assigns a field to a column; a field can come from one column only, so another column holding it is cleared. */
export function assignField(
  mapping: Record<number, FieldKey | null>,
  columnIndex: number,
  field: FieldKey | null,
): Record<number, FieldKey | null> {
  const next: Record<number, FieldKey | null> = {};
  for (const [index, current] of Object.entries(mapping))
    next[Number(index)] = field !== null && current === field ? null : current;
  next[columnIndex] = field;
  return next;
}

/** The column a field is read from, if any. */
export function columnOfField(
  choices: WizardChoices,
  columns: readonly PreviewColumn[],
  field: FieldKey,
): PreviewColumn | undefined {
  return columns.find((column) => fieldOfColumn(choices, column) === field);
}

/**
 * The settings file (docs/api-guide.md#the-settings-file) for these choices. `columns` lists every header of the file explicitly once
 * the mapping is known, so the saved file reproduces this import from a script even if automatic matching
 * changes later. Without `allowScheduleDeletion` the proxy refuses schedule deletions.
 */
export function settingsFor(
  choices: WizardChoices,
  columns: readonly PreviewColumn[] | null,
): ImportSettings {
  const mapped: Record<string, FieldKey | null> = {};
  if (choices.mapping && columns) {
    for (const column of columns) {
      if (column.header.trim()) mapped[column.header] = fieldOfColumn(choices, column);
    }
  }
  const defaults = Object.fromEntries(
    Object.entries(choices.homeLocation.defaults).filter(([, value]) => value?.trim()),
  );
  return {
    version: 1,
    matchBy: choices.matchBy,
    actions: { ...choices.actions },
    ...(Object.keys(mapped).length ? { columns: mapped } : {}),
    updateBehavior: Object.fromEntries(
      Object.entries(choices.updateBehavior).filter(([, behavior]) => behavior === 'keep'),
    ),
    ...(choices.sheet ? { sheet: choices.sheet } : {}),
    ...(choices.headerRow ? { headerRow: choices.headerRow } : {}),
    csv: { delimiter: 'auto', encoding: 'auto' },
    deactivateMissing: choices.deactivateMissing,
    emptyCells: choices.emptyCells,
    homeLocation: { apply: choices.homeLocation.apply, defaults },
    skipInvalidRows: choices.skipInvalidRows,
    newUsersAsOfficeStaff: choices.newUsersAsOfficeStaff,
    skipRowsBeyondLicenses: choices.skipRowsBeyondLicenses,
    allowScheduleDeletion: choices.confirmed,
    // Nobody is notified by the import itself; the Done step's "Send access link" does it.
    sendAccessLink: false,
  };
}

/** Problems that make the mapping unusable, as message keys with their subject (shown in the mapping step). */
export type MappingIssue =
  | { kind: 'no-key' }
  | { kind: 'duplicate'; field: FieldKey }
  | { kind: 'match-column-missing'; field: FieldKey }
  | { kind: 'required-missing'; fields: FieldKey[] };

const REQUIRED_ON_CREATE: readonly FieldKey[] = FIELDS.filter((f) => f.requiredOnCreate).map((f) => f.key);

export function mappingIssues(choices: WizardChoices, columns: readonly PreviewColumn[]): MappingIssue[] {
  const fields = columns.map((column) => fieldOfColumn(choices, column));
  const mapped = new Set(fields);
  const issues: MappingIssue[] = [];
  const duplicated = new Set(fields.filter((field, i) => field !== null && fields.indexOf(field) !== i));
  for (const field of duplicated) if (field) issues.push({ kind: 'duplicate', field });
  if (!MATCH_KEYS.some((field) => mapped.has(field))) issues.push({ kind: 'no-key' });
  if (choices.matchBy !== 'auto' && !mapped.has(choices.matchBy))
    issues.push({ kind: 'match-column-missing', field: choices.matchBy });
  const missing = REQUIRED_ON_CREATE.filter((field) => !mapped.has(field));
  if (missing.length && choices.actions.create) issues.push({ kind: 'required-missing', fields: missing });
  return issues;
}

/** Only these stop the wizard; a missing required field only means that no user can be created. */
export function blocksNext(issue: MappingIssue): boolean {
  return issue.kind !== 'required-missing';
}
