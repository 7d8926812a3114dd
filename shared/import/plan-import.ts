// THE planner (contract §6): one pure function that the preview shows and the import job executes, so what
// the administrator confirmed is exactly what runs. Linear in rows + users: every lookup is a Map.
import { emailKey, foldText, sameGroups } from '../fields/field-values.ts';
import { emptyValueOf, parseCell } from '../fields/parse-cell.ts';
import { FIELDS, USER_FIELDS, type FieldKey, type MatchKey, type UserRecord } from '../fields/user-fields.ts';
import type { ImportSettings } from '../import-settings.ts';
import type { RowError } from '../problems.ts';
import { mapColumns, type ColumnMapping } from './column-mapping.ts';
import type {
  FieldChange,
  ImportPlan,
  NewUser,
  PlannedRow,
  PlanWarning,
  ScheduleDeletion,
  UserChanges,
} from './plan-types.ts';
import { isEmptyRow, rowValidator, type ValidatedRow } from './validate-row.ts';

export interface PlanInput {
  /** Every row of the sheet as text; `headerRowIndex` is 0-based. */
  rows: readonly (readonly string[])[];
  headerRowIndex: number;
  users: readonly UserRecord[];
  licenses: number;
  settings: ImportSettings;
  /** The language of messages and warnings; default English (the API's), German for German pages. */
  lang?: 'en' | 'de';
}

type Say = (en: string, de: string) => string;

const HOME_FIELDS = [
  'homeStreet',
  'homePostalCode',
  'homeCity',
  'homeCountry',
] as const satisfies readonly FieldKey[];
// portatourId too: under an explicit matchBy other than portatourId, a row may name another user's ID.
const READ_ONLY_COMPARED = [
  'portatourId',
  'userName',
  'accessLinkSentAt',
  'lastLoginAt',
] as const satisfies readonly FieldKey[];
const USER_GROUPS_MIN_LICENSES = USER_FIELDS.userGroups.meta.minLicenses ?? 10;
// Fields `emptyCells: clear` cannot empty: the required ones, and those with no valid empty value
// (Language, Authorization level): writing '' there would send an invalid value to the user API.
const NOT_EMPTIABLE: ReadonlySet<FieldKey> = new Set(
  FIELDS.filter(
    (f) => f.requiredOnCreate || !USER_FIELDS[f.key].valueSchema.safeParse(emptyValueOf(f.key)).success,
  ).map((f) => f.key),
);

class UserIndex {
  readonly byId = new Map<string, UserRecord>();
  readonly byEmail = new Map<string, UserRecord>();
  readonly byEmployeeNumber = new Map<string, UserRecord>();

  constructor(users: readonly UserRecord[]) {
    for (const user of users) {
      this.byId.set(user.portatourId, user);
      if (user.email) this.byEmail.set(emailKey(user.email), user);
      if (user.employeeNumber) this.byEmployeeNumber.set(user.employeeNumber.trim(), user);
    }
  }

  find(field: MatchKey, value: string): UserRecord | undefined {
    if (field === 'portatourId') return this.byId.get(value.trim());
    if (field === 'email') return this.byEmail.get(emailKey(value));
    return this.byEmployeeNumber.get(value.trim());
  }
}

function displayName(first: unknown, last: unknown): string {
  return [first, last].filter((part) => typeof part === 'string' && part).join(' ');
}

function sameValue(field: FieldKey, a: unknown, b: unknown): boolean {
  if (field === 'userGroups') return sameGroups(a as string[], b as string[]);
  if (field === 'email') return emailKey(String(a ?? '')) === emailKey(String(b ?? ''));
  return (a ?? '') === (b ?? '');
}

function chooseKey(
  validated: ValidatedRow,
  matchBy: ImportSettings['matchBy'],
): { field: MatchKey; value: string } | null {
  const value = (field: MatchKey) => {
    const v = validated.values[field];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const order: MatchKey[] = matchBy === 'auto' ? ['portatourId', 'employeeNumber', 'email'] : [matchBy];
  for (const field of order) {
    const v = value(field);
    if (v) return { field, value: v };
  }
  return null;
}

function rowError(
  row: number,
  column: string,
  field: FieldKey | null,
  code: string,
  message: string,
): RowError {
  return { row, column, field, code, message };
}

/** Two rows may not name the same user, e-mail or employee number (contract §6): an error on every row involved. */
function duplicateErrors(validated: readonly ValidatedRow[], lang: 'en' | 'de'): Map<number, RowError[]> {
  const errors = new Map<number, RowError[]>();
  for (const field of ['portatourId', 'email', 'employeeNumber'] as const) {
    const rowsByValue = new Map<string, ValidatedRow[]>();
    for (const row of validated) {
      const value = row.values[field];
      if (typeof value !== 'string' || !value.trim()) continue;
      const normalized = field === 'email' ? emailKey(value) : value.trim();
      const list = rowsByValue.get(normalized);
      if (list) list.push(row);
      else rowsByValue.set(normalized, [row]);
    }
    for (const [value, rows] of rowsByValue) {
      if (rows.length < 2) continue;
      const numbers = rows.map((r) => r.rowNumber);
      for (const row of rows) {
        const others = numbers.filter((n) => n !== row.rowNumber).join(', ');
        const list = errors.get(row.rowNumber) ?? [];
        list.push(
          rowError(
            row.rowNumber,
            row.columnOf[field] ?? USER_FIELDS[field].meta.header.en,
            field,
            'duplicate-key',
            lang === 'de'
              ? `${USER_FIELDS[field].meta.header.de} '${value}' steht auch in Zeile ${others}; jeder Benutzer darf nur einmal vorkommen.`
              : `${USER_FIELDS[field].meta.header.en} '${value}' also appears in row ${others}; each user may appear only once.`,
          ),
        );
        errors.set(row.rowNumber, list);
      }
    }
  }
  return errors;
}

export function planImport(input: PlanInput): ImportPlan {
  const { settings } = input;
  const lang = input.lang ?? 'en';
  const say: Say = (en, de) => (lang === 'de' ? de : en);
  const label = (field: FieldKey) => USER_FIELDS[field].meta.header[lang];
  const employeeNumberTaken = (rowNumber: number, column: string, value: string, owner: UserRecord) =>
    rowError(
      rowNumber,
      column,
      'employeeNumber',
      'employee-number-taken',
      say(
        `Employee number '${value}' already belongs to ${displayName(owner.firstName, owner.lastName)}.`,
        `Personalnummer '${value}' gehört schon ${displayName(owner.firstName, owner.lastName)}.`,
      ),
    );
  const headers = input.rows[input.headerRowIndex] ?? [];
  const headerRow = input.headerRowIndex + 1;
  const { mappings: allMappings, problems } = mapColumns(headers, settings.columns ?? undefined);
  const mappings: ColumnMapping[] = allMappings.filter(
    (m) => m.field && (settings.homeLocation.apply || !(HOME_FIELDS as readonly string[]).includes(m.field)),
  );
  const fileErrors = [...problems];
  const warnings: PlanWarning[] = [];
  const ignoredBySettings = new Set(
    Object.entries(settings.columns ?? {})
      .filter(([, field]) => field === null)
      .map(([header]) => foldText(header)),
  );
  for (const mapping of allMappings) {
    if (!mapping.field && mapping.header)
      warnings.push({
        row: headerRow,
        column: mapping.header,
        field: null,
        code: 'ignored-column',
        message: ignoredBySettings.has(foldText(mapping.header))
          ? say(
              `The column '${mapping.header}' is ignored, as the import settings say.`,
              `Die Spalte '${mapping.header}' wird laut Importeinstellungen ignoriert.`,
            )
          : say(
              `The column '${mapping.header}' is not a user field and is ignored.`,
              `Die Spalte '${mapping.header}' ist kein Benutzerfeld und wird ignoriert.`,
            ),
      });
    if (mapping.matchedBy === 'typo' && mapping.field)
      warnings.push({
        row: headerRow,
        column: mapping.header,
        field: mapping.field,
        code: 'column-guessed',
        message: say(
          `The column '${mapping.header}' is read as ${label(mapping.field)}.`,
          `Die Spalte '${mapping.header}' wird als ${label(mapping.field)} gelesen.`,
        ),
      });
  }
  const mapped = new Set(mappings.map((m) => m.field));
  if (settings.matchBy !== 'auto' && !mapped.has(settings.matchBy)) {
    fileErrors.push({
      column: USER_FIELDS[settings.matchBy].meta.header.en,
      field: settings.matchBy,
      message: say(
        `Users are matched by ${label(settings.matchBy)}, but the file has no such column.`,
        `Benutzer werden über ${label(settings.matchBy)} erkannt, aber die Datei hat keine solche Spalte.`,
      ),
    });
  }
  if (!mapped.has('email') && !mapped.has('portatourId') && !mapped.has('employeeNumber')) {
    fileErrors.push({
      column: 'Email',
      field: 'email',
      message: say(
        'The file needs an Email, Portatour ID or Employee number column to find or create users.',
        'Die Datei braucht eine Spalte E-Mail, Portatour-ID oder Personalnummer, um Benutzer zu finden oder anzulegen.',
      ),
    });
  }

  const index = new UserIndex(input.users);
  const validated: ValidatedRow[] = [];
  const validate = rowValidator(mappings, { lang });
  for (let i = input.headerRowIndex + 1; i < input.rows.length; i++) {
    const cells = input.rows[i] ?? [];
    if (isEmptyRow(cells)) continue;
    validated.push(validate(i + 1, cells));
  }
  const duplicates = duplicateErrors(validated, lang);
  // Two rows may also reach one user through different keys (row 2 by Portatour ID, row 3 by that user's old
  // email): each user may appear only once (contract §6), else both rows would write the same account.
  const matches = validated.map((row) => {
    const key = chooseKey(row, settings.matchBy);
    return { key, existing: key ? index.find(key.field, key.value) : undefined };
  });
  const rowsOfUser = new Map<string, number[]>();
  for (const [i, match] of matches.entries()) {
    if (!match.existing) continue;
    const list = rowsOfUser.get(match.existing.portatourId);
    if (list) list.push(validated[i]!.rowNumber);
    else rowsOfUser.set(match.existing.portatourId, [validated[i]!.rowNumber]);
  }

  // Home location defaults (contract §5 homeLocation.defaults), parsed once; one that is not a valid value
  // (a country nobody knows) is a warning rather than silently dropped.
  const parsedDefaults: Partial<Record<(typeof HOME_FIELDS)[number], string>> = {};
  if (settings.homeLocation.apply) {
    for (const field of HOME_FIELDS) {
      const fallback = settings.homeLocation.defaults[field];
      if (!fallback) continue;
      const parsed = parseCell(field, fallback);
      if (parsed.ok && parsed.value) parsedDefaults[field] = parsed.value as string;
      else if (!parsed.ok)
        warnings.push({
          row: null,
          column: null,
          field,
          code: 'invalid-default',
          message: say(
            `The default ${label(field)} ${parsed.message} and is not used.`,
            `Die Vorgabe für ${label(field)}: ${parsed.messageDe}; sie wird nicht verwendet.`,
          ),
        });
    }
  }

  const writable = mappings
    .filter((m) => m.field && !USER_FIELDS[m.field].meta.readOnly)
    .map((m) => m.field as FieldKey);
  const rows: PlannedRow[] = [];
  const matchedIds = new Set<string>();
  const scheduleDeletions: ScheduleDeletion[] = [];
  let needed = 0;
  let freed = 0;

  for (const [rowIndex, row] of validated.entries()) {
    const errors: RowError[] = [...row.errors, ...(duplicates.get(row.rowNumber) ?? [])];
    const rowWarnings: PlanWarning[] = [];
    const { key, existing } = matches[rowIndex]!;
    if (existing) matchedIds.add(existing.portatourId);
    const column = (field: FieldKey) => row.columnOf[field] ?? USER_FIELDS[field].meta.header.en;
    const values = row.values;

    const sameUserRows = existing ? (rowsOfUser.get(existing.portatourId) ?? []) : [];
    if (key && sameUserRows.length > 1 && !errors.some((e) => e.code === 'duplicate-key')) {
      const others = sameUserRows.filter((n) => n !== row.rowNumber).join(', ');
      errors.push(
        rowError(
          row.rowNumber,
          column(key.field),
          key.field,
          'duplicate-key',
          say(
            `Row ${others} also names ${displayName(existing?.firstName, existing?.lastName)} (Portatour ID ${existing?.portatourId}); each user may appear only once.`,
            `Zeile ${others} nennt auch ${displayName(existing?.firstName, existing?.lastName)} (Portatour-ID ${existing?.portatourId}); jeder Benutzer darf nur einmal vorkommen.`,
          ),
        ),
      );
    }

    if (key?.field === 'portatourId' && !existing) {
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
    if (values.userGroups && values.userGroups.length && input.licenses < USER_GROUPS_MIN_LICENSES) {
      errors.push(
        rowError(
          row.rowNumber,
          column('userGroups'),
          'userGroups',
          'not-available',
          say(
            `User groups are available to companies with at least ${USER_GROUPS_MIN_LICENSES} licenses.`,
            `Benutzergruppen gibt es für Unternehmen mit mindestens ${USER_GROUPS_MIN_LICENSES} Lizenzen.`,
          ),
        ),
      );
    }

    // Home location defaults fill the cells that are empty or absent.
    const homeDefaults: Partial<Record<(typeof HOME_FIELDS)[number], string>> = {};
    for (const field of HOME_FIELDS) {
      const fallback = parsedDefaults[field];
      if (fallback && (values[field] === undefined || values[field] === null)) homeDefaults[field] = fallback;
    }

    const name = displayName(values.firstName ?? existing?.firstName, values.lastName ?? existing?.lastName);
    const email = (typeof values.email === 'string' && values.email) || existing?.email || '';
    const base = {
      row: row.rowNumber,
      key,
      userId: existing?.portatourId ?? null,
      name,
      email,
      warnings: rowWarnings,
    };

    if (existing) {
      const changes: FieldChange[] = [];
      const patch: UserChanges = {};
      for (const field of writable) {
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
          // An empty home cell with a default gets the default, not emptiness (contract §5 homeLocation).
          to = (homeDefaults as Partial<Record<FieldKey, string>>)[field] ?? emptyValueOf(field);
        }
        if (sameValue(field, existing[field], to)) continue;
        changes.push({ field, from: existing[field], to });
        (patch as Record<string, unknown>)[field] = to;
      }
      for (const [field, value] of Object.entries(homeDefaults) as [(typeof HOME_FIELDS)[number], string][]) {
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
        const owner = index.byEmail.get(emailKey(patch.email));
        if (owner && owner.portatourId !== existing.portatourId)
          errors.push(
            rowError(
              row.rowNumber,
              column('email'),
              'email',
              'email-taken',
              say(
                `Email '${patch.email}' already belongs to ${displayName(owner.firstName, owner.lastName)} (Portatour ID ${owner.portatourId}).`,
                `E-Mail '${patch.email}' gehört schon ${displayName(owner.firstName, owner.lastName)} (Portatour-ID ${owner.portatourId}).`,
              ),
            ),
          );
      }
      if (patch.employeeNumber) {
        const owner = index.byEmployeeNumber.get(patch.employeeNumber.trim());
        if (owner && owner.portatourId !== existing.portatourId)
          errors.push(
            employeeNumberTaken(row.rowNumber, column('employeeNumber'), patch.employeeNumber, owner),
          );
      }
      if (errors.length) {
        rows.push({ ...base, action: 'invalid', changes, errors });
        continue;
      }
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
      const kept = changes.filter((change) => change.field in patch);
      if (!kept.length) {
        rows.push({
          ...base,
          action: changes.length ? 'skipped' : 'unchanged',
          changes: [],
          errors,
          // With updates on, the only change that can have been dropped is Active = No (deactivate off).
          ...(changes.length
            ? {
                message: settings.actions.update
                  ? say(
                      'Deactivating users is switched off in the import settings.',
                      'Das Deaktivieren ist in den Importeinstellungen ausgeschaltet.',
                    )
                  : say(
                      'Updating users is switched off in the import settings.',
                      'Das Ändern von Benutzern ist in den Importeinstellungen ausgeschaltet.',
                    ),
              }
            : {}),
        });
        continue;
      }
      const hasSchedule = patch.hasOwnSchedule ?? existing.hasOwnSchedule;
      if (existing.hasOwnSchedule && patch.hasOwnSchedule === false) {
        scheduleDeletions.push({ row: row.rowNumber, userId: existing.portatourId, name, email });
        freed++;
      }
      if (!existing.hasOwnSchedule && patch.hasOwnSchedule === true) needed++;
      else if (hasSchedule && !existing.active && patch.active === true) needed++; // reactivation (contract §6)
      rows.push({
        ...base,
        action: patch.active === false && existing.active ? 'deactivate' : 'update',
        changes: kept,
        errors,
        write: { kind: 'update', userId: existing.portatourId, before: existing, changes: patch },
      });
      continue;
    }

    // No user matched: a new account.
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
      // and its email must still be free (contract §2: unique per tenant).
      const owner = index.byEmail.get(emailKey(values.email));
      if (owner && key?.field !== 'email')
        errors.push(
          rowError(
            row.rowNumber,
            column('email'),
            'email',
            'email-taken',
            say(
              `Email '${values.email}' already belongs to ${displayName(owner.firstName, owner.lastName)} (Portatour ID ${owner.portatourId})`,
              `E-Mail '${values.email}' gehört schon ${displayName(owner.firstName, owner.lastName)} (Portatour-ID ${owner.portatourId})`,
            ) +
              (key
                ? say(
                    `, whose ${label(key.field)} is not '${key.value}'.`,
                    `, deren ${label(key.field)} nicht '${key.value}' ist.`,
                  )
                : say(
                    `; the row has no ${label(settings.matchBy === 'auto' ? 'email' : settings.matchBy)} to match it by.`,
                    `; die Zeile hat keine ${label(settings.matchBy === 'auto' ? 'email' : settings.matchBy)}, über die sie erkannt würde.`,
                  )),
          ),
        );
    }
    if (
      typeof values.employeeNumber === 'string' &&
      values.employeeNumber &&
      index.byEmployeeNumber.has(values.employeeNumber.trim()) &&
      key?.field !== 'employeeNumber'
    ) {
      const owner = index.byEmployeeNumber.get(values.employeeNumber.trim())!;
      errors.push(employeeNumberTaken(row.rowNumber, column('employeeNumber'), values.employeeNumber, owner));
    }
    if (errors.length) {
      rows.push({ ...base, action: 'invalid', changes: [], errors });
      continue;
    }
    if (!settings.actions.create) {
      rows.push({
        ...base,
        action: 'skipped',
        changes: [],
        errors,
        message: say(
          'Creating users is switched off in the import settings.',
          'Das Anlegen von Benutzern ist in den Importeinstellungen ausgeschaltet.',
        ),
      });
      continue;
    }
    const user: NewUser = {
      firstName: values.firstName as string,
      lastName: values.lastName as string,
      email: values.email as string,
      active: true,
      hasOwnSchedule: true,
      authorizationLevel: 'User',
    };
    for (const field of writable) {
      const value = values[field];
      if (value !== undefined && value !== null) (user as Record<string, unknown>)[field] = value;
    }
    Object.assign(user, homeDefaults);
    if (user.hasOwnSchedule) needed++;
    const changes: FieldChange[] = (Object.keys(user) as FieldKey[]).map((field) => ({
      field,
      from: null,
      to: user[field as keyof NewUser],
    }));
    rows.push({ ...base, action: 'create', changes, errors, write: { kind: 'create', user } });
  }

  let missingDeactivations = 0;
  // Which users are "missing" is only certain when every row could be read: an unreadable key would make its
  // user look absent and deactivate it.
  const invalidRows = rows.filter((row) => row.action === 'invalid').length;
  if (settings.deactivateMissing && settings.actions.deactivate && invalidRows) {
    fileErrors.push({
      column: USER_FIELDS.active.meta.header.en,
      field: 'active',
      message: say(
        `Deactivating users missing from the file needs a file without invalid rows (${invalidRows} are invalid): an unreadable row could deactivate the user it names.`,
        `Benutzer, die in der Datei fehlen, können nur mit einer Datei ohne ungültige Zeilen deaktiviert werden (${invalidRows} sind ungültig): eine unlesbare Zeile könnte den Benutzer deaktivieren, den sie nennt.`,
      ),
    });
  }
  if (settings.deactivateMissing && settings.actions.deactivate && !fileErrors.length) {
    for (const user of input.users) {
      if (!user.active || matchedIds.has(user.portatourId)) continue;
      missingDeactivations++;
      rows.push({
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

  const usedBefore = input.users.filter((user) => user.hasOwnSchedule).length;
  const creates = rows.filter((r) => r.write?.kind === 'create' && r.write.user.hasOwnSchedule).length;
  const turnedOn = rows.filter(
    (r) => r.write?.kind === 'update' && r.write.changes.hasOwnSchedule === true,
  ).length;
  const free = Math.max(0, input.licenses - usedBefore);
  const summary = {
    rows: validated.length,
    create: 0,
    update: 0,
    deactivate: 0,
    unchanged: 0,
    invalid: 0,
    skipped: 0,
  };
  for (const row of rows) if (row.row !== null || row.action === 'deactivate') summary[row.action]++;

  return {
    summary,
    headerRow,
    columns: allMappings,
    matchBy: settings.matchBy,
    fileErrors,
    warnings: [...warnings, ...rows.flatMap((r) => r.warnings)],
    errors: rows.flatMap((r) => r.errors),
    rows,
    licenses: {
      total: input.licenses,
      usedBefore,
      usedAfter: usedBefore + creates + turnedOn - freed,
      needed,
      free,
      deactivatedWithSchedule: input.users.filter((user) => user.hasOwnSchedule && !user.active).length,
      exceeded: needed - freed > free,
    },
    scheduleDeletions,
    missingDeactivations,
  };
}
