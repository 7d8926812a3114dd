// THE planner (docs/import-semantics.md): one pure computation that the preview shows and the import job executes, so what
// the administrator confirmed is exactly what runs. Linear in rows + users: every lookup is a Map.
//
// Rows and users stream through it: the rows as the sheet is read, each kept as one string and indexed
// by its key; then the company's users page by page. Each user that arrives is matched to its rows, which are
// validated and planned at once, and only what the plan keeps of them stays in memory. Checks that need every
// user (is this e-mail or employee number someone else's?) wait until the last page.
import { emptyValueOf } from '../fields/parse-cell.ts';
import {
  FIELDS,
  HOME_FIELDS,
  MATCH_KEYS,
  USER_FIELDS,
  type FieldKey,
  type HomeField,
  type MatchKey,
  type UserRecord,
} from '../fields/user-fields.ts';
import type { ImportSettings } from '../import-settings.ts';
import type { RowError } from '../problems.ts';
import { planColumns, type PlanColumns, type Say } from './plan-columns.ts';
import {
  displayName,
  duplicateKey,
  emailTaken,
  employeeNumberTaken,
  groupsNotAvailable,
  rowError,
  sameUserTwice,
  USER_GROUPS_MIN_LICENSES,
} from './plan-messages.ts';
import type {
  DirectoryFields,
  FieldChange,
  ImportPlan,
  NewUser,
  PlannedRow,
  PlanWarning,
  ScheduleDeletion,
  UserChanges,
} from './plan-types.ts';
import { chooseKey, keyValue, OMITTED, plannedRow, sameValue, type RowKey } from './planned-row.ts';
import { RowsByValue, storedCells, CELL_SEPARATOR } from './row-store.ts';
import { ColumnSamples } from './column-samples.ts';
import { UserOwners } from './user-owners.ts';
import { isEmptyRow, rowValidator, type ValidatedRow } from './validate-row.ts';
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
}

export interface SheetInput extends Omit<PlannerInput, 'header' | 'headerRow'> {
  /** Every row of the sheet as text; `headerRowIndex` is 0-based. */
  rows: readonly (readonly string[])[];
  headerRowIndex: number;
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
  return planner;
}

/** The plan of a file against the company's users, all at hand. */
export function planImport(input: PlanInput): ImportPlan {
  const planner = plannerForSheet(input);
  planner.addUsers(input.users);
  return planner.finish();
}

// portatourId too: under an explicit matchBy other than portatourId, a row may name another user's ID.
const READ_ONLY_COMPARED = [
  'portatourId',
  'userName',
  'accessLinkSentAt',
  'lastLoginAt',
] as const satisfies readonly FieldKey[];
// Fields `emptyCells: clear` cannot empty: the required ones, and those with no valid empty value
// (Language, Authorization level): writing '' there would send an invalid value to the user API.
const NOT_EMPTIABLE: ReadonlySet<FieldKey> = new Set(
  FIELDS.filter(
    (f) => f.requiredOnCreate || !USER_FIELDS[f.key].valueSchema.safeParse(emptyValueOf(f.key)).success,
  ).map((f) => f.key),
);

export class ImportPlanner {
  private readonly settings: ImportSettings;
  private readonly lang: 'en' | 'de';
  private readonly say: Say;
  private readonly licenses: number;
  private readonly columns: PlanColumns;
  /**
   * The file's data rows until each is planned, as one string of its cells (see storedCells): a row is validated
   * when its user arrives, so the sheet is never held as 100,000 objects of field values (memory).
   */
  private readonly stored: (string | readonly string[] | number | undefined)[] = [];
  /** Reads a row again from the file by the number addRow was given instead of keeping its cells. */
  private reread: ((handle: number) => readonly string[]) | undefined;
  private readonly rowNumbers: number[] = [];
  /**
   * Each row's key, as two flat lists (no object per row while rows wait for their users): the key field's place
   * in MATCH_KEYS plus one (0: the row has no key) and the key's value.
   */
  private readonly keyFields: number[] = [];
  private readonly keyValues: (string | undefined)[] = [];
  /**
   * Rows by the value of each key field: the values two rows share (duplicates), and the rows a user's values
   * name (a row is matched only through the field of its own key).
   */
  private rowsByValue: Record<MatchKey, RowsByValue> = {
    portatourId: new RowsByValue(),
    employeeNumber: new RowsByValue(),
    email: new RowsByValue(),
  };
  private duplicates: Map<number, RowError[]> | undefined;
  private readonly validate: ReturnType<typeof rowValidator>;
  /** Reads only the key columns (Portatour ID, Employee number, Email) of a row, exactly as `validate` does. */
  private readonly validateKeys: ReturnType<typeof rowValidator>;
  /** Rows came in not sorted by number (legal in XLSX): the plan sorts them. */
  private outOfOrder = false;
  private readonly planned: (PlannedRow | undefined)[] = [];
  private readonly matched: (UserRecord | undefined)[] = [];
  /** Row positions of users named by two or more rows (through different keys). */
  private readonly rowsOfUser = new Map<string, number[]>();
  /** Matched rows whose e-mail or employee number changes: planned when every owner is known. */
  private readonly waiting: number[] = [];
  private readonly owners = new UserOwners();
  /**
   * Rows by the e-mail address and employee number they carry (not only as key) while users arrive: a user is
   * remembered as an owner only when a row other than its own asks for its address or number.
   */
  private valuesInRows: { email: RowsByValue; employeeNumber: RowsByValue } | undefined;
  /** Active users no row names, kept only when the settings deactivate them. */
  private readonly unnamedActive: UserRecord[] = [];
  private readonly keepUnnamed: boolean;
  private usedBefore = 0;
  private deactivatedWithSchedule = 0;
  private needed = 0;
  private freed = 0;
  private readonly scheduleDeletions: ScheduleDeletion[] = [];
  private allUsersSeen = false;
  private readonly omitUnchanged: boolean;
  /** Unchanged rows left out of the plan's rows (omitUnchanged). */
  private omitted = 0;
  private readonly unstored: ReadonlySet<FieldKey>;
  private readonly userNameOnCreate: boolean;
  /** A few values of each column, shown beside it while the columns are mapped. */
  private readonly samples: ColumnSamples;

  constructor(input: PlannerInput) {
    this.settings = input.settings;
    this.lang = input.lang ?? 'en';
    this.say = (en, de) => (this.lang === 'de' ? de : en);
    this.licenses = input.licenses;
    this.omitUnchanged = input.omitUnchanged ?? false;
    this.unstored = new Set(input.directory?.unstored ?? []);
    this.userNameOnCreate = input.directory?.userNameOnCreate ?? false;
    this.columns = planColumns(
      input.header,
      input.headerRow,
      this.settings,
      this.say,
      this.lang,
      this.unstored,
    );
    this.keepUnnamed = this.settings.deactivateMissing && this.settings.actions.deactivate;
    this.samples = new ColumnSamples(input.header.length);
    this.validate = rowValidator(this.columns.mappings, { lang: this.lang, defaultCountry: input.country });
    this.validateKeys = rowValidator(
      this.columns.mappings.filter((m) => m.field && (MATCH_KEYS as readonly string[]).includes(m.field)),
      { lang: this.lang },
    );
  }

  /**
   * The next data row of the file (1-based row number), as the sheet is read; empty rows are passed over. With
   * `handle` (where a CSV row starts in the upload) only that number is kept, and rereadWith gives the cells back.
   */
  addRow(rowNumber: number, cells: readonly string[], handle?: number): void {
    if (this.duplicates) throw new Error('addRow after the users');
    if (isEmptyRow(cells)) return;
    this.samples.add(cells);
    const keyRow = this.validateKeys(rowNumber, cells);
    const previous = this.rowNumbers[this.rowNumbers.length - 1];
    if (previous !== undefined && rowNumber < previous) this.outOfOrder = true;
    const position = this.stored.push(handle ?? storedCells(cells)) - 1;
    this.rowNumbers.push(rowNumber);
    const key = chooseKey(keyRow, this.settings.matchBy);
    this.keyFields.push(key ? MATCH_KEYS.indexOf(key.field) + 1 : 0);
    this.keyValues.push(key?.value);
    for (const field of MATCH_KEYS) {
      const value = keyRow.values[field];
      if (typeof value === 'string' && value.trim())
        this.rowsByValue[field].add(keyValue(field, value), position);
    }
  }

  /** How to read a row again by the handle addRow was given; needed before the users when rows have handles. */
  rereadWith(reread: (handle: number) => readonly string[]): void {
    this.reread = reread;
  }

  /** Row `position` validated (again: a row is validated when planned, never kept validated). */
  private rowAt(position: number): ValidatedRow {
    const stored = this.stored[position]!;
    if (typeof stored === 'number') {
      if (!this.reread) throw new Error('rows were added by handle, but nothing reads them again');
      return this.validate(this.rowNumbers[position]!, this.reread(stored));
    }
    return this.validate(
      this.rowNumbers[position]!,
      typeof stored === 'string' ? stored.split(CELL_SEPARATOR) : stored,
    );
  }

  private keyFieldAt(position: number): MatchKey | undefined {
    const code = this.keyFields[position] ?? 0;
    return code ? MATCH_KEYS[code - 1] : undefined;
  }

  private keyAt(position: number): RowKey | null {
    const field = this.keyFieldAt(position);
    return field ? { field, value: this.keyValues[position]! } : null;
  }

  /** Every row is in: what rows say about each other can be worked out. */
  private fileComplete(): Map<number, RowError[]> {
    if (!this.duplicates) {
      this.duplicates = this.duplicateErrors();
      // When every row is keyed by one of these fields, filter() below keeps the very same index for matching:
      // every row that carries a user's value is then that user's own row, which is all rememberOwner asks.
      this.valuesInRows = { email: this.rowsByValue.email, employeeNumber: this.rowsByValue.employeeNumber };
      // From here on the index only finds rows for users: each row under the field of its own key.
      for (const field of MATCH_KEYS)
        this.rowsByValue[field] = this.rowsByValue[field].filter(
          (position) => this.keyFieldAt(position) === field,
        );
    }
    return this.duplicates;
  }

  private label(field: FieldKey): string {
    return USER_FIELDS[field].meta.header[this.lang];
  }

  /** Two rows may not name the same user, e-mail or employee number (docs/import-semantics.md): an error on every row involved. */
  private duplicateErrors(): Map<number, RowError[]> {
    const errors = new Map<number, RowError[]>();
    for (const field of ['portatourId', 'email', 'employeeNumber'] as const) {
      const column =
        this.columns.mappings.find((m) => m.field === field)?.header ?? USER_FIELDS[field].meta.header.en;
      for (const [value, positions] of this.rowsByValue[field].repeated()) {
        const numbers = positions.map((p) => this.rowNumbers[p]!);
        for (const rowNumber of numbers) {
          const others = numbers.filter((n) => n !== rowNumber).join(', ');
          const list = errors.get(rowNumber) ?? [];
          list.push(duplicateKey(this.say, rowNumber, column, field, value, others));
          errors.set(rowNumber, list);
        }
      }
    }
    return errors;
  }

  /** The next page of the company's users (any order, each user once). */
  addUsers(users: readonly UserRecord[]): void {
    if (this.allUsersSeen) throw new Error('addUsers after finish');
    this.fileComplete();
    for (const user of users) {
      if (user.hasOwnSchedule) {
        this.usedBefore++;
        if (!user.active) this.deactivatedWithSchedule++;
      }
      const positions = this.rowsNaming(user);
      this.rememberOwner(user, positions);
      if (!positions.length) {
        if (this.keepUnnamed && user.active) this.unnamedActive.push(user);
        continue;
      }
      // Two rows may also reach one user through different keys (row 2 by Portatour ID, row 3 by that user's
      // old email): each user may appear only once (docs/import-semantics.md), else both rows would write the same account.
      if (positions.length > 1) this.rowsOfUser.set(user.portatourId, positions);
      for (const position of positions) {
        this.matched[position] = user;
        const row = this.planMatched(position, user);
        if (row) this.settle(position, row);
        else this.waiting.push(position);
      }
    }
  }

  /**
   * Remembers the user as the owner of its e-mail address / employee number when a row other than `own` (the
   * rows matched to it) carries them: only such a row can be refused for asking for another user's.
   */
  private rememberOwner(user: UserRecord, own: readonly number[]): void {
    const askedByOthers = (field: 'email' | 'employeeNumber', value: string | null | undefined): boolean => {
      if (!value) return false;
      const rows = this.valuesInRows![field];
      const key = keyValue(field, value);
      const others = rows.get(key).some((position) => !own.includes(position));
      rows.delete(key); // each address and number belongs to one user only (docs/api-guide.md#fields)
      return others;
    };
    const email = askedByOthers('email', user.email);
    const employeeNumber = askedByOthers('employeeNumber', user.employeeNumber);
    if (email || employeeNumber) this.owners.add(user, { email, employeeNumber });
  }

  /** Rows whose key names this user; a row already matched to another user (a duplicate address) keeps it. */
  private rowsNaming(user: UserRecord): number[] {
    const positions: number[] = [];
    const collect = (field: MatchKey, value: string | null | undefined) => {
      if (!value) return;
      const normalized = keyValue(field, value);
      for (const position of this.rowsByValue[field].get(normalized))
        if (
          this.keyFieldAt(position) === field &&
          !this.matched[position] &&
          !this.planned[position] &&
          !positions.includes(position)
        )
          positions.push(position);
      // Every row this value can match is now matched: the index need not hold it any longer.
      this.rowsByValue[field].delete(normalized);
    };
    collect('portatourId', user.portatourId);
    collect('employeeNumber', user.employeeNumber);
    collect('email', user.email);
    return positions.sort((a, b) => a - b);
  }

  private settle(position: number, row: PlannedRow): void {
    const omit = this.omitUnchanged && row.action === 'unchanged' && !row.warnings.length;
    this.planned[position] = omit ? OMITTED : row;
    if (omit) {
      this.omitted++;
      this.keyFields[position] = 0;
      this.keyValues[position] = undefined;
    }
    this.stored[position] = undefined;
    this.matched[position] = undefined;
  }

  private column(row: ValidatedRow, field: FieldKey): string {
    return row.columnOf[field] ?? USER_FIELDS[field].meta.header.en;
  }

  /** What the row's own cells and the other rows already say is wrong with it. */
  private fileErrors(row: ValidatedRow): RowError[] {
    return [...row.errors, ...(this.fileComplete().get(row.rowNumber) ?? [])];
  }

  /** User groups are for companies with enough licenses (docs/api-guide.md#fields). */
  private groupsError(row: ValidatedRow): RowError | undefined {
    const groups = row.values.userGroups;
    if (!groups || !groups.length || this.licenses >= USER_GROUPS_MIN_LICENSES) return undefined;
    return groupsNotAvailable(this.say, row.rowNumber, this.column(row, 'userGroups'));
  }

  /** Home location defaults fill the cells that are empty or absent. */
  private homeDefaultsOf(row: ValidatedRow): Partial<Record<HomeField, string>> {
    const homeDefaults: Partial<Record<HomeField, string>> = {};
    for (const field of HOME_FIELDS) {
      const fallback = this.columns.homeDefaults[field];
      const value = row.values[field];
      if (fallback && (value === undefined || value === null)) homeDefaults[field] = fallback;
    }
    return homeDefaults;
  }

  /**
   * The plan of a row that names an existing user; undefined while it changes an e-mail or employee number and
   * not every user has been seen (whose they are decides whether the row is valid).
   */
  private planMatched(position: number, existing: UserRecord): PlannedRow | undefined {
    const { settings, say } = this;
    const row = this.rowAt(position);
    const key = this.keyAt(position)!;
    const values = row.values;
    const errors = this.fileErrors(row);
    const rowWarnings: PlanWarning[] = [...row.warnings];
    const column = (field: FieldKey) => this.column(row, field);
    const label = (field: FieldKey) => this.label(field);

    const sameUserRows = (this.rowsOfUser.get(existing.portatourId) ?? []).map((p) => this.rowNumbers[p]!);
    if (sameUserRows.length > 1 && !errors.some((e) => e.code === 'duplicate-key')) {
      const others = sameUserRows.filter((n) => n !== row.rowNumber).join(', ');
      errors.push(sameUserTwice(say, row.rowNumber, column(key.field), key.field, others, existing));
    }
    const groupsError = this.groupsError(row);
    if (groupsError) errors.push(groupsError);

    const homeDefaults = this.homeDefaultsOf(row);
    const name = displayName(values.firstName ?? existing.firstName, values.lastName ?? existing.lastName);
    // The account's own address when the row's is the same one: a cell cut from the stored row would keep that
    // whole row's text alive for as long as the plan lives.
    const given = typeof values.email === 'string' && values.email;
    const email = (given && !sameValue('email', given, existing.email) ? given : existing.email) || '';
    const base = {
      row: row.rowNumber,
      key,
      userId: existing.portatourId,
      name,
      email,
      warnings: rowWarnings,
    };

    const changes: FieldChange[] = [];
    const patch: UserChanges = {};
    for (const field of this.columns.writable) {
      if (settings.updateBehavior[field] === 'keep') continue;
      let to = values[field];
      if (to === undefined) continue;
      if (to === null) {
        if (settings.emptyCells === 'keep') continue;
        if (NOT_EMPTIABLE.has(field)) {
          errors.push(
            rowError(
              row.rowNumber,
              column(field),
              field,
              'required',
              say(`${label(field)} cannot be emptied.`, `${label(field)} kann nicht geleert werden.`),
            ),
          );
          continue;
        }
        // An empty home cell with a default gets the default, not emptiness (docs/api-guide.md#the-settings-file homeLocation).
        to = (homeDefaults as Partial<Record<FieldKey, string>>)[field] ?? emptyValueOf(field);
      }
      if (sameValue(field, existing[field], to)) continue;
      changes.push({ field, from: existing[field], to });
      (patch as Record<string, unknown>)[field] = to;
    }
    if ((patch.email !== undefined || patch.employeeNumber) && !this.allUsersSeen) return undefined;
    for (const [field, value] of Object.entries(homeDefaults) as [HomeField, string][]) {
      if (existing[field] || field in patch || settings.updateBehavior[field] === 'keep') continue;
      changes.push({ field, from: existing[field], to: value });
      patch[field] = value;
    }
    for (const field of READ_ONLY_COMPARED) {
      const given = values[field];
      if (typeof given === 'string' && given && given !== (existing[field] ?? '')) {
        rowWarnings.push({
          row: row.rowNumber,
          column: column(field),
          field,
          code: 'read-only',
          message: say(
            `${label(field)} is read-only; the change to '${given}' is ignored.`,
            `${label(field)} ist nur lesbar; die Änderung auf '${given}' wird ignoriert.`,
          ),
        });
      }
    }
    if (patch.email !== undefined) {
      const owner = this.owners.ofEmail(patch.email);
      if (owner && owner.portatourId !== existing.portatourId)
        errors.push(emailTaken(say, row.rowNumber, column('email'), patch.email, owner, '.', '.'));
    }
    if (patch.employeeNumber) {
      const owner = this.owners.ofEmployeeNumber(patch.employeeNumber);
      if (owner && owner.portatourId !== existing.portatourId)
        errors.push(
          employeeNumberTaken(say, row.rowNumber, column('employeeNumber'), patch.employeeNumber, owner),
        );
    }
    if (errors.length) return plannedRow(base, 'invalid', changes, errors);
    const deactivates = patch.active === false && existing.active;
    if (deactivates && !settings.actions.deactivate) {
      delete patch.active;
      rowWarnings.push({
        row: row.rowNumber,
        column: column('active'),
        field: 'active',
        code: 'action-off',
        message: say(
          'Deactivating users is switched off in the import settings; Active = No is ignored.',
          'Das Deaktivieren ist in den Importeinstellungen ausgeschaltet; Aktiv = Nein wird ignoriert.',
        ),
      });
    }
    if (!settings.actions.update) {
      for (const field of Object.keys(patch) as (keyof UserChanges)[])
        if (field !== 'active' || !deactivates) delete patch[field];
    }
    const kept = changes.filter((change) => Object.hasOwn(patch, change.field));
    if (!kept.length) {
      // With updates on, the only change that can have been dropped is Active = No (deactivate off).
      const message = !changes.length
        ? undefined
        : settings.actions.update
          ? say(
              'Deactivating users is switched off in the import settings.',
              'Das Deaktivieren ist in den Importeinstellungen ausgeschaltet.',
            )
          : say(
              'Updating users is switched off in the import settings.',
              'Das Ändern von Benutzern ist in den Importeinstellungen ausgeschaltet.',
            );
      return plannedRow(base, changes.length ? 'skipped' : 'unchanged', [], errors, { message });
    }
    const hasSchedule = patch.hasOwnSchedule ?? existing.hasOwnSchedule;
    if (existing.hasOwnSchedule && patch.hasOwnSchedule === false) {
      this.scheduleDeletions.push({ row: row.rowNumber, userId: existing.portatourId, name, email });
      this.freed++;
    }
    if (!existing.hasOwnSchedule && patch.hasOwnSchedule === true) this.needed++;
    else if (hasSchedule && !existing.active && patch.active === true) this.needed++; // reactivation (docs/import-semantics.md)
    return plannedRow(
      base,
      patch.active === false && existing.active ? 'deactivate' : 'update',
      kept,
      errors,
      {
        write: { kind: 'update', userId: existing.portatourId, before: existing, changes: patch },
      },
    );
  }

  /** The plan of a row that names no user: a new account. */
  private planNew(position: number): PlannedRow {
    const { settings, say } = this;
    const row = this.rowAt(position);
    const key = this.keyAt(position);
    const values = row.values;
    const errors = this.fileErrors(row);
    const column = (field: FieldKey) => this.column(row, field);
    const label = (field: FieldKey) => this.label(field);
    if (key?.field === 'portatourId') {
      errors.push(
        rowError(
          row.rowNumber,
          column('portatourId'),
          'portatourId',
          'unknown-user',
          say(
            `No user has the Portatour ID '${key.value}'. Leave the Portatour ID empty for new users.`,
            `Kein Benutzer hat die Portatour-ID '${key.value}'. Lassen Sie die Portatour-ID bei neuen Benutzern leer.`,
          ),
        ),
      );
    }
    const groupsError = this.groupsError(row);
    if (groupsError) errors.push(groupsError);
    const homeDefaults = this.homeDefaultsOf(row);
    const base = {
      row: row.rowNumber,
      key,
      userId: null,
      name: displayName(values.firstName, values.lastName),
      email: (typeof values.email === 'string' && values.email) || '',
      warnings: [...row.warnings],
    };
    const missing = (['firstName', 'lastName', 'email'] as const).filter((field) => !values[field]);
    for (const field of missing) {
      if (errors.some((e) => e.field === field)) continue;
      errors.push(
        rowError(
          row.rowNumber,
          column(field),
          field,
          'required',
          say(
            `${label(field)} is required for a new user.`,
            `${label(field)} ist für neue Benutzer Pflicht.`,
          ),
        ),
      );
    }
    if (typeof values.email === 'string' && values.email) {
      // Also without a key: under matchBy portatourId/employeeNumber a row lacking that value is a new user,
      // and its email must still be free (docs/api-guide.md#fields: unique per tenant).
      const owner = this.owners.ofEmail(values.email);
      if (owner && key?.field !== 'email') {
        const noKey = label(settings.matchBy === 'auto' ? 'email' : settings.matchBy);
        const [endEn, endDe] = key
          ? [
              `, whose ${label(key.field)} is not '${key.value}'.`,
              `, deren ${label(key.field)} nicht '${key.value}' ist.`,
            ]
          : [
              `; the row has no ${noKey} to match it by.`,
              `; die Zeile hat keine ${noKey}, über die sie erkannt würde.`,
            ];
        errors.push(emailTaken(say, row.rowNumber, column('email'), values.email, owner, endEn, endDe));
      }
    }
    if (
      typeof values.employeeNumber === 'string' &&
      values.employeeNumber &&
      key?.field !== 'employeeNumber'
    ) {
      const owner = this.owners.ofEmployeeNumber(values.employeeNumber);
      if (owner)
        errors.push(
          employeeNumberTaken(say, row.rowNumber, column('employeeNumber'), values.employeeNumber, owner),
        );
    }
    if (errors.length) return plannedRow(base, 'invalid', [], errors);
    if (!settings.actions.create) {
      return plannedRow(base, 'skipped', [], errors, {
        message: say(
          'Creating users is switched off in the import settings.',
          'Das Anlegen von Benutzern ist in den Importeinstellungen ausgeschaltet.',
        ),
      });
    }
    const user: NewUser = {
      firstName: values.firstName as string,
      lastName: values.lastName as string,
      email: values.email as string,
      active: true,
      hasOwnSchedule: true,
      authorizationLevel: 'User',
    };
    // Defaults of fields the directory does not store are not sent either (and hold no license there).
    if (this.unstored.has('hasOwnSchedule')) delete user.hasOwnSchedule;
    if (this.unstored.has('authorizationLevel')) delete user.authorizationLevel;
    for (const field of this.columns.writable) {
      const value = values[field];
      if (value !== undefined && value !== null) (user as Record<string, unknown>)[field] = value;
    }
    if (this.userNameOnCreate) {
      const given = values.userName;
      user.userName = typeof given === 'string' && given.trim() ? given.trim() : user.email;
    }
    Object.assign(user, homeDefaults);
    if (user.hasOwnSchedule) this.needed++;
    const changes: FieldChange[] = (Object.keys(user) as FieldKey[]).map((field) => ({
      field,
      from: null,
      to: user[field as keyof NewUser],
    }));
    return plannedRow(base, 'create', changes, errors, { write: { kind: 'create', user } });
  }

  /** Every user has been added: the rest of the rows are planned and the plan is complete. */
  finish(): ImportPlan {
    return runToEnd(this.finishSteps());
  }

  /** finish as steps: it may pause after each row it plans (shared/time-slices.ts). */
  *finishSteps(): Steps<ImportPlan> {
    const { settings, say } = this;
    this.fileComplete();
    this.allUsersSeen = true;
    for (const position of this.waiting) {
      this.settle(position, this.planMatched(position, this.matched[position]!)!);
      yield;
    }
    for (let position = 0; position < this.stored.length; position++) {
      if (this.planned[position]) continue;
      this.settle(position, this.planNew(position));
      yield;
    }
    const rows = this.omitted
      ? this.planned.filter((row): row is PlannedRow => row !== OMITTED)
      : (this.planned as PlannedRow[]);
    if (this.outOfOrder) rows.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const fileErrors = [...this.columns.fileErrors];

    let missingDeactivations = 0;
    // Which users are "missing" is only certain when every row could be read: an unreadable key would make its
    // user look absent and deactivate it.
    const invalidRows = rows.filter((row) => row.action === 'invalid').length;
    if (this.keepUnnamed && invalidRows) {
      fileErrors.push({
        column: USER_FIELDS.active.meta.header.en,
        field: 'active',
        message: say(
          `Deactivating users missing from the file needs a file without invalid rows (${invalidRows} are invalid): an unreadable row could deactivate the user it names.`,
          `Benutzer, die in der Datei fehlen, können nur mit einer Datei ohne ungültige Zeilen deaktiviert werden (${invalidRows} sind ungültig): eine unlesbare Zeile könnte den Benutzer deaktivieren, den sie nennt.`,
        ),
      });
    }
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
          message: say(
            'Not in the file (deactivate users missing from the file).',
            'Nicht in der Datei (Benutzer deaktivieren, die in der Datei fehlen).',
          ),
          write: { kind: 'update', userId: user.portatourId, before: user, changes: { active: false } },
        });
      }
    }

    const creates = allRows.filter((r) => r.write?.kind === 'create' && r.write.user.hasOwnSchedule).length;
    const turnedOn = allRows.filter(
      (r) => r.write?.kind === 'update' && r.write.changes.hasOwnSchedule === true,
    ).length;
    const free = Math.max(0, this.licenses - this.usedBefore);
    const summary = {
      rows: this.rowNumbers.length,
      create: 0,
      update: 0,
      deactivate: 0,
      unchanged: 0,
      invalid: 0,
      skipped: 0,
    };
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
      licenses: {
        total: this.licenses,
        usedBefore: this.usedBefore,
        usedAfter: this.usedBefore + creates + turnedOn - this.freed,
        needed: this.needed,
        free,
        deactivatedWithSchedule: this.deactivatedWithSchedule,
        exceeded: this.needed - this.freed > free,
      },
      scheduleDeletions: this.scheduleDeletions.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
      missingDeactivations,
    };
  }
}
