// Small in-memory users and sheets for the planner tests: every test states only what its rule is about.
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import {
  importSettingsSchema,
  type ImportSettings,
  type ImportSettingsInput,
} from '../../shared/import-settings.ts';
import { planImport } from '../../shared/import/plan-import.ts';
import type { ImportPlan, PlannedRow } from '../../shared/import/plan-types.ts';

export function user(overrides: Partial<UserRecord> & Pick<UserRecord, 'portatourId'>): UserRecord {
  const id = overrides.portatourId;
  return {
    firstName: 'First' + id,
    lastName: 'Last' + id,
    email: `user${id}@example.com`,
    employeeNumber: '',
    userName: `user${id}`,
    mobilePhone: '',
    language: 'de',
    authorizationLevel: 'User',
    active: true,
    hasOwnSchedule: true,
    userGroups: [],
    note: '',
    homeStreet: '',
    homePostalCode: '',
    homeCity: '',
    homeCountry: '',
    accessLinkSentAt: null,
    lastLoginAt: null,
    ...overrides,
  };
}

export function settings(input: Omit<ImportSettingsInput, 'version'> = {}): ImportSettings {
  return importSettingsSchema.parse({ version: 1, ...input });
}

export interface PlanOptions {
  users?: readonly UserRecord[];
  licenses?: number;
  settings?: Omit<ImportSettingsInput, 'version'>;
  headerRowIndex?: number;
}

/** `sheet` is the header row followed by the data rows, as the spreadsheet reader returns them. */
export function plan(sheet: readonly (readonly string[])[], options: PlanOptions = {}): ImportPlan {
  return planImport({
    rows: sheet,
    headerRowIndex: options.headerRowIndex ?? 0,
    users: options.users ?? [],
    licenses: options.licenses ?? 50,
    settings: settings(options.settings),
  });
}

/** The planned row of spreadsheet row `rowNumber` (1-based, the header is row 1). */
export function rowOf(result: ImportPlan, rowNumber: number): PlannedRow {
  const row = result.rows.find((r) => r.row === rowNumber);
  if (!row) throw new Error(`row ${rowNumber} is not in the plan`);
  return row;
}

export function changedFields(row: PlannedRow): string[] {
  return row.changes.map((change) => change.field).sort();
}

export function errorCodes(row: PlannedRow): string[] {
  return row.errors.map((error) => error.code).sort();
}
