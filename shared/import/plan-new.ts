// The plan of a row that names no user (docs/import-semantics.md matching): a new account, when the row has what
// a new account needs and asks for no address or number another user owns.
import type { FieldKey } from '../fields/user-fields.ts';
import {
  actionSwitchedOff,
  displayName,
  emailTakenByOther,
  employeeNumberTaken,
  fieldRequired,
  unknownPortatourId,
} from './plan-messages.ts';
import type { FieldChange, NewUser, PlannedRow } from './plan-types.ts';
import { plannedRow } from './planned-row.ts';
import {
  columnOf,
  groupsError,
  homeDefaultsOf,
  labelOf,
  type RowPlanning,
  type RowToPlan,
} from './row-planning.ts';

export function planNew(planning: RowPlanning, { row, key, errors }: RowToPlan): PlannedRow {
  const { settings, say } = planning;
  const values = row.values;
  const column = (field: FieldKey) => columnOf(row, field);
  const label = (field: FieldKey) => labelOf(planning, field);
  if (key?.field === 'portatourId')
    errors.push(unknownPortatourId(say, row.rowNumber, column('portatourId'), key.value));
  const groups = groupsError(planning, row);
  if (groups) errors.push(groups);
  const homeDefaults = homeDefaultsOf(planning, row);
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
    errors.push(fieldRequired(say, row.rowNumber, column(field), field, label(field), 'new-user'));
  }
  if (typeof values.email === 'string' && values.email) {
    // Also without a key: under matchBy portatourId/employeeNumber a row lacking that value is a new user,
    // and its email must still be free (docs/api-guide.md#fields: unique per tenant).
    const owner = planning.owners.ofEmail(values.email);
    if (owner && key?.field !== 'email') {
      const noKey = label(settings.matchBy === 'auto' ? 'email' : settings.matchBy);
      errors.push(
        emailTakenByOther(say, row.rowNumber, column('email'), values.email, owner, key, label, noKey),
      );
    }
  }
  if (typeof values.employeeNumber === 'string' && values.employeeNumber && key?.field !== 'employeeNumber') {
    const owner = planning.owners.ofEmployeeNumber(values.employeeNumber);
    if (owner)
      errors.push(
        employeeNumberTaken(say, row.rowNumber, column('employeeNumber'), values.employeeNumber, owner),
      );
  }
  if (errors.length) return plannedRow(base, 'invalid', [], errors);
  if (!settings.actions.create)
    return plannedRow(base, 'skipped', [], errors, { message: actionSwitchedOff(say, 'create') });
  const user: NewUser = {
    firstName: values.firstName as string,
    lastName: values.lastName as string,
    email: values.email as string,
    active: true,
    hasOwnSchedule: true,
    authorizationLevel: 'User',
  };
  // Defaults of fields the directory does not store are not sent either (and hold no license there).
  if (planning.unstored.has('hasOwnSchedule')) delete user.hasOwnSchedule;
  if (planning.unstored.has('authorizationLevel')) delete user.authorizationLevel;
  for (const field of planning.columns.writable) {
    const value = values[field];
    if (value !== undefined && value !== null) (user as Record<string, unknown>)[field] = value;
  }
  if (planning.userNameOnCreate) {
    const given = values.userName;
    user.userName = typeof given === 'string' && given.trim() ? given.trim() : user.email;
  }
  Object.assign(user, homeDefaults);
  // Every new user as office staff, except a row whose own override says otherwise.
  if (planning.settings.newUsersAsOfficeStaff && 'hasOwnSchedule' in user)
    user.hasOwnSchedule = planning.overrides.get(row.rowNumber)?.hasOwnSchedule ?? false;
  if (user.hasOwnSchedule) planning.licenses.need();
  const changes: FieldChange[] = planning.newRowChanges
    ? (Object.keys(user) as FieldKey[]).map((field) => ({
        field,
        from: null,
        to: user[field as keyof NewUser],
      }))
    : [];
  return plannedRow(base, 'create', changes, errors, { write: { kind: 'create', user } });
}
