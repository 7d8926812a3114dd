// Small in-memory users and sheets for the planner tests: every test states only what its rule is about.
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import {
  importSettingsSchema,
  type ImportSettings,
  type ImportSettingsInput,
} from '../../shared/import-settings.ts';
import { expect } from 'vitest';
import {
  ImportPlanner,
  planImport,
  plannerForSheet,
  type PlanInput,
} from '../../shared/import/plan-import.ts';
import type { ImportPlan, PlannedRow } from '../../shared/import/plan-types.ts';
import type { OverrideValues } from '../../shared/import/row-overrides.ts';

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
  /** The company's country. */
  country?: string;
  settings?: Omit<ImportSettingsInput, 'version'>;
  headerRowIndex?: number;
  /** Rows read as if their cells said these values (the upload's `overrides`). */
  overrides?: OverrideValues;
}

/** The plan with the users arriving one per page, as the proxy feeds them from the user API. */
export function planPaged(input: PlanInput): ImportPlan {
  const planner = plannerForSheet(input);
  for (const one of input.users) planner.addUsers([one]);
  return planner.finish();
}

/** Rows in an order that does not depend on the order of the users. */
function byRowThenUser(result: ImportPlan): ImportPlan {
  const rank = (row: PlannedRow) => `${String(row.row ?? 1e9).padStart(10, '0')} ${row.userId ?? ''}`;
  return { ...result, rows: [...result.rows].sort((a, b) => rank(a).localeCompare(rank(b))) };
}

/**
 * `sheet` is the header row followed by the data rows, as the spreadsheet reader returns them. Every plan is
 * made three ways: all users at once, one user per page, and one per page in reverse order (a row's user, or
 * the owner of the e-mail address it asks for, may arrive last). All three must agree (the proxy
 * streams the users through the planner).
 */
export function plan(sheet: readonly (readonly string[])[], options: PlanOptions = {}): ImportPlan {
  const input: PlanInput = {
    rows: sheet,
    headerRowIndex: options.headerRowIndex ?? 0,
    users: options.users ?? [],
    licenses: options.licenses ?? 50,
    ...(options.country ? { country: options.country } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    settings: settings(options.settings),
  };
  const whole = planImport(input);
  expect(planPaged(input), 'users one per page').toEqual(whole);
  const reversed = planPaged({ ...input, users: [...input.users].reverse() });
  expect(byRowThenUser(reversed), 'users one per page, last first').toEqual(byRowThenUser(whole));
  // Rows kept only as a number and read again when their user arrives (CSV uploads: the row's byte offset).
  const byHandle = new ImportPlanner({
    header: sheet[input.headerRowIndex] ?? [],
    headerRow: input.headerRowIndex + 1,
    licenses: input.licenses,
    ...(input.country ? { country: input.country } : {}),
    settings: input.settings,
  });
  for (let i = input.headerRowIndex + 1; i < sheet.length; i++)
    byHandle.addRow(i + 1, [...(sheet[i] ?? [])], i);
  byHandle.rereadWith((handle) => sheet[handle] ?? []);
  if (input.overrides) byHandle.overrideRows(input.overrides);
  byHandle.addUsers(input.users);
  expect(byHandle.finish(), 'rows read again by handle').toEqual(whole);
  // The preview's plan: the same but for the unchanged rows without warnings, which are only counted.
  const preview = planPaged({ ...input, omitUnchanged: true });
  const omitted = (row: PlannedRow) => row.action === 'unchanged' && !row.warnings.length;
  expect(preview, 'unchanged rows omitted').toEqual({
    ...whole,
    rows: whole.rows.filter((row) => !omitted(row)),
  });
  // The import's plan: the same but for new rows, which list no changes (nothing of the import reads them).
  const forImport = planPaged({ ...input, newRowChanges: false });
  expect(forImport, 'new rows without changes').toEqual({
    ...whole,
    rows: whole.rows.map((row) => (row.action === 'create' ? { ...row, changes: [] } : row)),
  });
  return whole;
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
