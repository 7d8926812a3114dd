// THE planner (docs/import-semantics.md): one pure computation that the preview shows and the import job executes, so what
// the administrator confirmed is exactly what runs. Linear in rows + users: every lookup is a Map.
//
// Rows and users stream through it: the rows as the sheet is read, each kept as one string and indexed
// by its key; then the company's users page by page. Each user that arrives is matched to its rows, which are
// validated and planned at once, and only what the plan keeps of them stays in memory. Checks that need every
// user (is this e-mail or employee number someone else's?) wait until the last page.
//
// This file orders the steps; each concern has a file of its own: row storage (row-store.ts), matching rows to
// users (row-matching.ts), the plan of a matched row (plan-matched.ts) and of a new one (plan-new.ts), license
// accounting (license-count.ts), messages (plan-messages.ts), the planned row's shape (planned-row.ts).
import { MATCH_KEYS, type FieldKey, type UserRecord } from '../fields/user-fields.ts';
import type { ImportSettings } from '../import-settings.ts';
import type { RowError } from '../problems.ts';
import { ColumnSamples } from './column-samples.ts';
import { LicenseCount } from './license-count.ts';
import { planColumns, type PlanColumns, type Say } from './plan-columns.ts';
import { planMatched } from './plan-matched.ts';
import { displayName, missingNeedsValidFile, notInFile } from './plan-messages.ts';
import { planNew } from './plan-new.ts';
import type { DirectoryFields, ImportPlan, PlannedRow } from './plan-types.ts';
import { chooseKey, OMITTED, type RowKey } from './planned-row.ts';
import { RowMatcher } from './row-matching.ts';
import type { RowPlanning, RowToPlan } from './row-planning.ts';
import { StoredRows } from './row-store.ts';
import { isEmptyRow, rowValidator } from './validate-row.ts';
import { NO_OVERRIDES, withOverrides, type OverrideValues } from './row-overrides.ts';
import { skipRowsBeyondLicenses } from './license-fit.ts';
import { runToEnd, type Steps } from '../time-slices.ts';

export interface PlannerInput {
  /** The cells of the header row, and its 1-based number. */
  header: readonly string[];
  headerRow: number;
  licenses: number;
  /** The company's country (ISO code): national phone numbers are read in it. Default DE. */
  country?: string;
  settings: ImportSettings;
  /** The language of messages and warnings; default English (the API's), German for German pages. */
  lang?: 'en' | 'de';
  /**
   * Leave unchanged rows without warnings out of `rows` (they are still counted in the summary): the preview
   * shows what changes, and 100,000 unchanged rows need not be held for it. The import keeps them
   * all for its report.
   */
  omitUnchanged?: boolean;
  directory?: DirectoryFields;
  /**
   * List each new user's values as its row's `changes` (from nothing); default true. The import job reads none
   * (its report has the row's cells, its audit the write), and 10,000 new rows of 15 fields were 150,000 objects
   * built before its first write.
   */
  newRowChanges?: boolean;
  /**
   * Told of every user the plan may write: each user a row names, and with deactivateMissing each active user no
   * row names. The preview keeps their versions, so an import can tell who changed since.
   */
  onUserInPlan?: (user: UserRecord) => void;
  /** Told the key of every row that names a user: an import can tell a row whose user is gone since. */
  onRowMatched?: (key: RowKey) => void;
}

export interface SheetInput extends Omit<PlannerInput, 'header' | 'headerRow'> {
  /** Every row of the sheet as text; `headerRowIndex` is 0-based. */
  rows: readonly (readonly string[])[];
  headerRowIndex: number;
  overrides?: OverrideValues;
}

export interface PlanInput extends SheetInput {
  users: readonly UserRecord[];
}

/** A planner that has read every row of a sheet held in memory; the users are still to come. */
export function plannerForSheet(input: SheetInput): ImportPlanner {
  const { rows, headerRowIndex, ...rest } = input;
  const planner = new ImportPlanner({
    ...rest,
    header: rows[headerRowIndex] ?? [],
    headerRow: headerRowIndex + 1,
  });
  for (let i = headerRowIndex + 1; i < rows.length; i++) planner.addRow(i + 1, rows[i] ?? []);
  if (input.overrides) planner.overrideRows(input.overrides);
  return planner;
}

/** The plan of a file against the company's users, all at hand. */
export function planImport(input: PlanInput): ImportPlan {
  const planner = plannerForSheet(input);
  planner.addUsers(input.users);
  return planner.finish();
}

export class ImportPlanner {
  private readonly settings: ImportSettings;
  private readonly say: Say;
  private readonly columns: PlanColumns;
  private readonly licenses: LicenseCount;
  /** What planning a row needs besides the row. */
  private readonly planning: RowPlanning;
  private readonly rows: StoredRows;
  private readonly matcher: RowMatcher;
  /** Reads only the key columns (Portatour ID, Employee number, Email) of a row, exactly as validation does. */
  private readonly validateKeys: ReturnType<typeof rowValidator>;
  private readonly planned: (PlannedRow | undefined)[] = [];
  private readonly isPlanned = (position: number): boolean => this.planned[position] !== undefined;
  /** Matched rows whose e-mail or employee number changes: planned when every owner is known. */
  private readonly waiting: number[] = [];
  /** Active users no row names, kept only when the settings deactivate them. */
  private readonly unnamedActive: UserRecord[] = [];
  private readonly keepUnnamed: boolean;
  private allUsersSeen = false;
  private readonly omitUnchanged: boolean;
  /** Unchanged rows left out of the plan's rows (omitUnchanged). */
  private omitted = 0;
  /** A few values of each column, shown beside it while the columns are mapped. */
  private readonly samples: ColumnSamples;
  private readonly onUserInPlan: ((user: UserRecord) => void) | undefined;
  private readonly onRowMatched: ((key: RowKey) => void) | undefined;

  constructor(input: PlannerInput) {
    this.settings = input.settings;
    const lang = input.lang ?? 'en';
    this.say = (en, de) => (lang === 'de' ? de : en);
    this.licenses = new LicenseCount(input.licenses);
    this.omitUnchanged = input.omitUnchanged ?? false;
    this.onUserInPlan = input.onUserInPlan;
    this.onRowMatched = input.onRowMatched;
    const unstored: ReadonlySet<FieldKey> = new Set(input.directory?.unstored ?? []);
    this.columns = planColumns(input.header, input.headerRow, this.settings, this.say, lang, unstored);
    this.keepUnnamed = this.settings.deactivateMissing && this.settings.actions.deactivate;
    this.samples = new ColumnSamples(input.header.length);
    this.rows = new StoredRows(rowValidator(this.columns.mappings, { lang, defaultCountry: input.country }));
    this.matcher = new RowMatcher(this.rows, this.columns.mappings, this.say);
    this.validateKeys = rowValidator(
      this.columns.mappings.filter((m) => m.field && (MATCH_KEYS as readonly string[]).includes(m.field)),
      { lang },
    );
    this.planning = {
      settings: this.settings,
      lang,
      say: this.say,
      columns: this.columns,
      licenses: this.licenses,
      owners: this.matcher.owners,
      unstored,
      userNameOnCreate: input.directory?.userNameOnCreate ?? false,
      newRowChanges: input.newRowChanges ?? true,
      overrides: NO_OVERRIDES,
    };
  }

  /**
   * The next data row of the file (1-based row number), as the sheet is read; empty rows are passed over. With
   * `handle` (where a CSV row starts in the upload) only that number is kept, and rereadWith gives the cells back.
   */
  addRow(rowNumber: number, cells: readonly string[], handle?: number): void {
    if (this.matcher.fileRead) throw new Error('addRow after the users');
    if (isEmptyRow(cells)) return;
    this.samples.add(cells);
    const keyRow = this.validateKeys(rowNumber, cells);
    const position = this.rows.add(rowNumber, cells, chooseKey(keyRow, this.settings.matchBy), handle);
    this.matcher.index(position, keyRow);
  }

  /** How to read a row again by the handle addRow was given; needed before the users when rows have handles. */
  rereadWith(reread: (handle: number) => readonly string[]): void {
    this.rows.rereadWith(reread);
  }

  /**
   * Rows read as if their cells said these values (docs/import-semantics.md#licenses); given before the users, as
   * no key field can be overridden. A field the file has no column for is written for the overridden rows only.
   */
  overrideRows(overrides: OverrideValues): void {
    this.planning.overrides = overrides;
    for (const values of overrides.values())
      for (const field of Object.keys(values) as FieldKey[])
        if (!this.planning.unstored.has(field) && !this.columns.writable.includes(field))
          this.columns.writable.push(field);
  }

  /** The next page of the company's users (any order, each user once). */
  addUsers(users: readonly UserRecord[]): void {
    if (this.allUsersSeen) throw new Error('addUsers after finish');
    this.matcher.fileComplete();
    for (const user of users) {
      this.licenses.countUser(user);
      const positions = this.matcher.match(user, this.isPlanned);
      if (positions.length || (this.keepUnnamed && user.active)) this.onUserInPlan?.(user);
      if (!positions.length) {
        if (this.keepUnnamed && user.active) this.unnamedActive.push(user);
        continue;
      }
      for (const position of positions) {
        const key = this.onRowMatched && this.rows.keyAt(position);
        if (key) this.onRowMatched!(key);
        const row = this.planMatched(position, user);
        if (row) this.settle(position, row);
        else this.waiting.push(position);
      }
    }
  }

  /** Row `position` read back, with what its own cells and the other rows already say is wrong with it. */
  private toPlan(position: number, user?: UserRecord): RowToPlan {
    const row = withOverrides(this.rows.rowAt(position, user), this.planning.overrides);
    const key = this.rows.keyAt(position);
    const errors: RowError[] = [...row.errors, ...(this.matcher.fileComplete().get(row.rowNumber) ?? [])];
    return { row, key, errors };
  }

  private planMatched(position: number, user: UserRecord): PlannedRow | undefined {
    const toPlan = this.toPlan(position, user);
    const sameUserRows = this.matcher.rowNumbersOf(user.portatourId);
    return planMatched(this.planning, { ...toPlan, key: toPlan.key! }, user, sameUserRows, this.allUsersSeen);
  }

  private settle(position: number, row: PlannedRow): void {
    const omit = this.omitUnchanged && row.action === 'unchanged' && !row.warnings.length;
    this.planned[position] = omit ? OMITTED : row;
    if (omit) this.omitted++;
    this.rows.release(position, omit);
    this.matcher.release(position);
  }

  /** Every user has been added: the rest of the rows are planned and the plan is complete. */
  finish(): ImportPlan {
    return runToEnd(this.finishSteps());
  }

  /** finish as steps: it may pause after each row it plans (shared/time-slices.ts). */
  *finishSteps(): Steps<ImportPlan> {
    const { settings, say } = this;
    this.matcher.fileComplete();
    this.allUsersSeen = true;
    for (const position of this.waiting) {
      this.settle(position, this.planMatched(position, this.matcher.matchedAt(position)!)!);
      yield;
    }
    for (let position = 0; position < this.rows.count; position++) {
      if (this.planned[position]) continue;
      this.settle(position, planNew(this.planning, this.toPlan(position)));
      yield;
    }
    const rows = this.omitted
      ? this.planned.filter((row): row is PlannedRow => row !== OMITTED)
      : (this.planned as PlannedRow[]);
    if (this.rows.outOfOrder) rows.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const fileErrors = [...this.columns.fileErrors];

    let missingDeactivations = 0;
    // Which users are "missing" is only certain when every row could be read: an unreadable key would make its
    // user look absent and deactivate it.
    const invalidRows = rows.filter((row) => row.action === 'invalid').length;
    if (this.keepUnnamed && invalidRows) fileErrors.push(missingNeedsValidFile(say, invalidRows));
    const allRows: PlannedRow[] = rows;
    if (this.keepUnnamed && !fileErrors.length) {
      for (const user of this.unnamedActive) {
        missingDeactivations++;
        allRows.push({
          row: null,
          action: 'deactivate',
          key: { field: 'portatourId', value: user.portatourId },
          userId: user.portatourId,
          name: displayName(user.firstName, user.lastName),
          email: user.email,
          changes: [{ field: 'active', from: true, to: false }],
          errors: [],
          warnings: [],
          message: notInFile(say),
          write: { kind: 'update', userId: user.portatourId, before: user, changes: { active: false } },
        });
      }
    }

    const summary = {
      rows: this.rows.count,
      create: 0,
      update: 0,
      deactivate: 0,
      unchanged: 0,
      invalid: 0,
      skipped: 0,
    };
    // Only the rows that fit: the others are skipped before anything is counted.
    if (settings.skipRowsBeyondLicenses)
      this.licenses.skip(skipRowsBeyondLicenses(allRows, this.licenses.room, say));
    for (const row of allRows) if (row.row !== null || row.action === 'deactivate') summary[row.action]++;
    summary.unchanged += this.omitted;

    return {
      summary,
      headerRow: this.columns.headerRow,
      columns: this.columns.allMappings,
      columnSamples: this.samples.values,
      matchBy: settings.matchBy,
      fileErrors,
      warnings: [...this.columns.warnings, ...allRows.flatMap((r) => r.warnings)],
      errors: allRows.flatMap((r) => r.errors),
      rows: allRows,
      licenses: this.licenses.forecast(allRows),
      scheduleDeletions: this.licenses.deletions(),
      missingDeactivations,
    };
  }
}
