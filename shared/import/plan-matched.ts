// The plan of a row that names an existing user (docs/import-semantics.md update behaviour): which fields change,
// what the settings keep or switch off, and what the change does to the licenses.
import { sameDateTime } from '../fields/date-time.ts';
import { emptyValueOf } from '../fields/parse-cell.ts';
import {
  FIELDS,
  USER_FIELDS,
  type FieldKey,
  type HomeField,
  type UserRecord,
} from '../fields/user-fields.ts';
import {
  actionSwitchedOff,
  cannotBeEmptied,
  deactivateSwitchedOff,
  displayName,
  emailTaken,
  employeeNumberTaken,
  readOnlyIgnored,
  sameUserTwice,
} from './plan-messages.ts';
import { leadingZerosKept, lostLeadingZeros } from './lost-leading-zeros.ts';
import type { FieldChange, PlannedRow, PlanWarning, UserChanges } from './plan-types.ts';
import { plannedRow, sameValue, type RowKey } from './planned-row.ts';
import {
  columnOf,
  groupsError,
  homeDefaultsOf,
  labelOf,
  type RowPlanning,
  type RowToPlan,
} from './row-planning.ts';

// portatourId too: under an explicit matchBy other than portatourId, a row may name another user's ID.
const READ_ONLY_COMPARED = [
  'portatourId',
  'userName',
  'accessLinkSentAt',
  'lastLoginAt',
] as const satisfies readonly FieldKey[];
/**
 * A read-only cell as exported: date-times are the same instant (a re-imported XLSX/ODS date cell reads as UTC
 * without a zone, the user API writes `…Z`; docs/administrators.md#dates-and-times), the rest the same text.
 */
function sameReadOnlyValue(
  field: (typeof READ_ONLY_COMPARED)[number],
  given: string,
  existing: string,
): boolean {
  return USER_FIELDS[field].meta.kind === 'dateTime' ? sameDateTime(given, existing) : given === existing;
}
// Fields `emptyCells: clear` cannot empty: the required ones, and those with no valid empty value
// (Language, Authorization level): writing '' there would send an invalid value to the user API.
const NOT_EMPTIABLE: ReadonlySet<FieldKey> = new Set(
  FIELDS.filter(
    (f) => f.requiredOnCreate || !USER_FIELDS[f.key].valueSchema.safeParse(emptyValueOf(f.key)).success,
  ).map((f) => f.key),
);

/**
 * The plan of a row that names an existing user; undefined while it changes an e-mail or employee number and
 * not every user has been seen (whose they are decides whether the row is valid). `sameUserRows`: the numbers of
 * the rows that name this user, when two or more do.
 */
export function planMatched(
  planning: RowPlanning,
  { row, key, errors }: RowToPlan & { key: RowKey },
  existing: UserRecord,
  sameUserRows: readonly number[],
  allUsersSeen: boolean,
): PlannedRow | undefined {
  const { settings, say } = planning;
  const values = row.values;
  const rowWarnings: PlanWarning[] = [...row.warnings];
  const column = (field: FieldKey) => columnOf(row, field);
  const label = (field: FieldKey) => labelOf(planning, field);

  if (sameUserRows.length > 1 && !errors.some((e) => e.code === 'duplicate-key')) {
    const others = sameUserRows.filter((n) => n !== row.rowNumber).join(', ');
    errors.push(sameUserTwice(say, row.rowNumber, column(key.field), key.field, others, existing));
  }
  const groups = groupsError(planning, row);
  if (groups) errors.push(groups);

  const homeDefaults = homeDefaultsOf(planning, row);
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
  for (const field of planning.columns.writable) {
    if (settings.updateBehavior[field] === 'keep') continue;
    let to = values[field];
    if (to === undefined) continue;
    if (to === null) {
      if (settings.emptyCells === 'keep') continue;
      if (NOT_EMPTIABLE.has(field)) {
        errors.push(cannotBeEmptied(say, row.rowNumber, column(field), field, label(field)));
        continue;
      }
      // An empty home cell with a default gets the default, not emptiness (docs/api-guide.md#the-settings-file homeLocation).
      to = (homeDefaults as Partial<Record<FieldKey, string>>)[field] ?? emptyValueOf(field);
    }
    if (sameValue(field, existing[field], to)) continue;
    if (lostLeadingZeros(field, existing[field], to)) {
      const where = { row: row.rowNumber, column: column(field), field, label: label(field) };
      rowWarnings.push(leadingZerosKept(say, where, existing[field] as string, to as string));
      continue;
    }
    changes.push({ field, from: existing[field], to });
    (patch as Record<string, unknown>)[field] = to;
  }
  if ((patch.email !== undefined || patch.employeeNumber) && !allUsersSeen) return undefined;
  for (const [field, value] of Object.entries(homeDefaults) as [HomeField, string][]) {
    if (existing[field] || field in patch || settings.updateBehavior[field] === 'keep') continue;
    changes.push({ field, from: existing[field], to: value });
    patch[field] = value;
  }
  for (const field of READ_ONLY_COMPARED) {
    const given = values[field];
    if (typeof given === 'string' && given && !sameReadOnlyValue(field, given, existing[field] ?? ''))
      rowWarnings.push(readOnlyIgnored(say, row.rowNumber, column(field), field, label(field), given));
  }
  if (patch.email !== undefined) {
    const owner = planning.owners.ofEmail(patch.email);
    if (owner && owner.portatourId !== existing.portatourId)
      errors.push(emailTaken(say, row.rowNumber, column('email'), patch.email, owner, '.', '.'));
  }
  if (patch.employeeNumber) {
    const owner = planning.owners.ofEmployeeNumber(patch.employeeNumber);
    if (owner && owner.portatourId !== existing.portatourId)
      errors.push(
        employeeNumberTaken(say, row.rowNumber, column('employeeNumber'), patch.employeeNumber, owner),
      );
  }
  if (errors.length) return plannedRow(base, 'invalid', changes, errors);
  const deactivates = patch.active === false && existing.active;
  if (deactivates && !settings.actions.deactivate) {
    delete patch.active;
    rowWarnings.push(deactivateSwitchedOff(say, row.rowNumber, column('active')));
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
      : actionSwitchedOff(say, settings.actions.update ? 'deactivate' : 'update');
    return plannedRow(base, changes.length ? 'skipped' : 'unchanged', [], errors, { message });
  }
  const hasSchedule = patch.hasOwnSchedule ?? existing.hasOwnSchedule;
  if (existing.hasOwnSchedule && patch.hasOwnSchedule === false)
    planning.licenses.free({ row: row.rowNumber, userId: existing.portatourId, name, email });
  if (!existing.hasOwnSchedule && patch.hasOwnSchedule === true) planning.licenses.need();
  else if (hasSchedule && !existing.active && patch.active === true) planning.licenses.need(); // reactivation (docs/import-semantics.md)
  return plannedRow(base, patch.active === false && existing.active ? 'deactivate' : 'update', kept, errors, {
    write: { kind: 'update', userId: existing.portatourId, before: existing, changes: patch },
  });
}
