// The import plan (docs/api-guide.md#endpoints preview answer, docs/import-semantics.md semantics): what every row of the file will do.
import type { FieldKey, MatchKey, UserRecord } from '../fields/user-fields.ts';
import type { RowError } from '../problems.ts';
import type { ColumnMapping, MappingProblem } from './column-mapping.ts';

export type RowAction = 'create' | 'update' | 'deactivate' | 'unchanged' | 'invalid' | 'skipped';

export type SkipReason = 'no-license';

export interface FieldChange {
  field: FieldKey;
  from: unknown;
  to: unknown;
}

export interface PlanWarning {
  row: number | null;
  column: string | null;
  field: FieldKey | null;
  code: string;
  message: string;
}

/**
 * What a user account gets on creation: the required fields and whatever else the row sets; `userName` only for
 * a directory that takes it from the client (the row's User name, else the e-mail).
 */
export type NewUser = Pick<UserRecord, 'firstName' | 'lastName' | 'email'> &
  Partial<Omit<UserRecord, 'portatourId' | 'accessLinkSentAt' | 'lastLoginAt'>>;

/** What the user directory behind the import keeps; absent = every field, userName assigned by the server. */
export interface DirectoryFields {
  /** Fields the directory does not store: their columns are ignored and nothing is sent for them. */
  unstored: readonly FieldKey[];
  /** The directory takes userName from the client on create (RFC 7643 makes it required). */
  userNameOnCreate: boolean;
}

export type UserChanges = Partial<
  Omit<UserRecord, 'portatourId' | 'userName' | 'accessLinkSentAt' | 'lastLoginAt'>
>;

export type PlannedWrite =
  | { kind: 'create'; user: NewUser }
  | { kind: 'update'; userId: string; before: UserRecord; changes: UserChanges };

export interface PlannedRow {
  /** The spreadsheet's 1-based row number; null for a user absent from the file (deactivateMissing). */
  row: number | null;
  action: RowAction;
  key: { field: MatchKey; value: string } | null;
  userId: string | null;
  name: string;
  email: string;
  /** Read-only: rows without any share one frozen empty list. */
  changes: readonly FieldChange[];
  errors: readonly RowError[];
  warnings: readonly PlanWarning[];
  /** Why a row is skipped. */
  message?: string;
  /**
   * Why a row is skipped, for programs: `no-license` — it needs a license and none was free (only the rows that
   * fit). Such a row of a new user comes in without one when an override makes it office staff.
   */
  skipReason?: SkipReason;
  write?: PlannedWrite;
}

export interface PlanSummary {
  rows: number;
  create: number;
  update: number;
  deactivate: number;
  unchanged: number;
  invalid: number;
  skipped: number;
}

export interface LicenseForecast {
  total: number;
  usedBefore: number;
  usedAfter: number;
  /** Licenses the plan needs beyond those already held: creates, reactivations and No→Yes of own schedule. */
  needed: number;
  free: number;
  /** Deactivated accounts with own schedule: deleting them in user management frees their licenses. */
  deactivatedWithSchedule: number;
  exceeded: boolean;
  /** Rows skipped because no license was free for them (skipRowsBeyondLicenses). */
  skipped: number;
}

export interface ScheduleDeletion {
  row: number | null;
  userId: string;
  name: string;
  email: string;
}

export interface ImportPlan {
  summary: PlanSummary;
  headerRow: number;
  columns: ColumnMapping[];
  /** Up to three different values of each column (by index), each at most SAMPLE_LENGTH characters. */
  columnSamples: string[][];
  matchBy: 'auto' | MatchKey;
  /** Problems with the file as a whole (columns, missing key column): nothing can be imported. */
  fileErrors: MappingProblem[];
  warnings: PlanWarning[];
  errors: RowError[];
  /** Every row of the file, then the users deactivateMissing names (unchanged rows only when not omitted). */
  rows: PlannedRow[];
  licenses: LicenseForecast;
  scheduleDeletions: ScheduleDeletion[];
  /** Active users the file does not name that `deactivateMissing` deactivates. */
  missingDeactivations: number;
}
