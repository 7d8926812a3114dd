// What the planner tells the administrator about a row that cannot be imported as it is, in English or German
// (the language of the page or the API call): each error names the row, the column and the field.
import { USER_FIELDS, type FieldKey, type MatchKey } from '../fields/user-fields.ts';
import type { RowError } from '../problems.ts';
import type { MappingProblem } from './column-mapping.ts';
import type { Say } from './plan-columns.ts';
import type { PlanWarning } from './plan-types.ts';
import type { Owner } from './user-owners.ts';

export const USER_GROUPS_MIN_LICENSES = USER_FIELDS.userGroups.meta.minLicenses ?? 10;

export function rowError(
  row: number,
  column: string,
  field: FieldKey | null,
  code: string,
  message: string,
): RowError {
  return { row, column, field, code, message };
}

export function displayName(first: unknown, last: unknown): string {
  return [first, last].filter((part) => typeof part === 'string' && part).join(' ');
}

/** Two rows of the file carry the same key value (docs/import-semantics.md: each user may appear only once). */
export function duplicateKey(
  say: Say,
  rowNumber: number,
  column: string,
  field: MatchKey,
  value: string,
  otherRows: string,
): RowError {
  return rowError(
    rowNumber,
    column,
    field,
    'duplicate-key',
    say(
      `${USER_FIELDS[field].meta.header.en} '${value}' also appears in row ${otherRows}; each user may appear only once.`,
      `${USER_FIELDS[field].meta.header.de} '${value}' steht auch in Zeile ${otherRows}; jeder Benutzer darf nur einmal vorkommen.`,
    ),
  );
}

/** Two rows reach one user through different keys. */
export function sameUserTwice(
  say: Say,
  rowNumber: number,
  column: string,
  field: MatchKey,
  otherRows: string,
  user: Owner,
): RowError {
  const name = displayName(user.firstName, user.lastName);
  return rowError(
    rowNumber,
    column,
    field,
    'duplicate-key',
    say(
      `Row ${otherRows} also names ${name} (Portatour ID ${user.portatourId}); each user may appear only once.`,
      `Zeile ${otherRows} nennt auch ${name} (Portatour-ID ${user.portatourId}); jeder Benutzer darf nur einmal vorkommen.`,
    ),
  );
}

/** "Email '…' already belongs to …", the sentence ending in `endEn` / `endDe`. */
export function emailTaken(
  say: Say,
  rowNumber: number,
  column: string,
  email: string,
  owner: Owner,
  endEn: string,
  endDe: string,
): RowError {
  const name = displayName(owner.firstName, owner.lastName);
  return rowError(
    rowNumber,
    column,
    'email',
    'email-taken',
    say(
      `Email '${email}' already belongs to ${name} (Portatour ID ${owner.portatourId})${endEn}`,
      `E-Mail '${email}' gehört schon ${name} (Portatour-ID ${owner.portatourId})${endDe}`,
    ),
  );
}

export function employeeNumberTaken(
  say: Say,
  rowNumber: number,
  column: string,
  value: string,
  owner: Owner,
): RowError {
  const name = displayName(owner.firstName, owner.lastName);
  return rowError(
    rowNumber,
    column,
    'employeeNumber',
    'employee-number-taken',
    say(
      `Employee number '${value}' already belongs to ${name}.`,
      `Personalnummer '${value}' gehört schon ${name}.`,
    ),
  );
}

/** User groups are for companies with enough licenses (docs/api-guide.md#fields). */
export function groupsNotAvailable(say: Say, rowNumber: number, column: string): RowError {
  return rowError(
    rowNumber,
    column,
    'userGroups',
    'not-available',
    say(
      `User groups are available to companies with at least ${USER_GROUPS_MIN_LICENSES} licenses.`,
      `Benutzergruppen gibt es für Unternehmen mit mindestens ${USER_GROUPS_MIN_LICENSES} Lizenzen.`,
    ),
  );
}

/** A row keyed by a Portatour ID no user has: new users get theirs from the directory. */
export function unknownPortatourId(say: Say, rowNumber: number, column: string, id: string): RowError {
  return rowError(
    rowNumber,
    column,
    'portatourId',
    'unknown-user',
    say(
      `No user has the Portatour ID '${id}'. Leave the Portatour ID empty for new users.`,
      `Kein Benutzer hat die Portatour-ID '${id}'. Lassen Sie die Portatour-ID bei neuen Benutzern leer.`,
    ),
  );
}

export function requiredForNewUser(
  say: Say,
  rowNumber: number,
  column: string,
  field: FieldKey,
  label: string,
): RowError {
  return rowError(
    rowNumber,
    column,
    field,
    'required',
    say(`${label} is required for a new user.`, `${label} ist für neue Benutzer Pflicht.`),
  );
}

/** `emptyCells: clear` on a field that has no valid empty value. */
export function cannotBeEmptied(
  say: Say,
  rowNumber: number,
  column: string,
  field: FieldKey,
  label: string,
): RowError {
  return rowError(
    rowNumber,
    column,
    field,
    'required',
    say(`${label} cannot be emptied.`, `${label} kann nicht geleert werden.`),
  );
}

/** The row's e-mail address belongs to another user, and the row cannot be matched to that user. */
export function emailTakenByOther(
  say: Say,
  rowNumber: number,
  column: string,
  email: string,
  owner: Owner,
  key: { field: FieldKey; value: string } | null,
  label: (field: FieldKey) => string,
  noKey: string,
): RowError {
  const [endEn, endDe] = key
    ? [
        `, whose ${label(key.field)} is not '${key.value}'.`,
        `, deren ${label(key.field)} nicht '${key.value}' ist.`,
      ]
    : [
        `; the row has no ${noKey} to match it by.`,
        `; die Zeile hat keine ${noKey}, über die sie erkannt würde.`,
      ];
  return emailTaken(say, rowNumber, column, email, owner, endEn, endDe);
}

/** A read-only field whose cell differs from the user's value. */
export function readOnlyIgnored(
  say: Say,
  rowNumber: number,
  column: string,
  field: FieldKey,
  label: string,
  given: string,
): PlanWarning {
  return {
    row: rowNumber,
    column,
    field,
    code: 'read-only',
    message: say(
      `${label} is read-only; the change to '${given}' is ignored.`,
      `${label} ist nur lesbar; die Änderung auf '${given}' wird ignoriert.`,
    ),
  };
}

/** Active = No in a row while the settings do not deactivate. */
export function deactivateSwitchedOff(say: Say, rowNumber: number, column: string): PlanWarning {
  return {
    row: rowNumber,
    column,
    field: 'active',
    code: 'action-off',
    message: say(
      'Deactivating users is switched off in the import settings; Active = No is ignored.',
      'Das Deaktivieren ist in den Importeinstellungen ausgeschaltet; Aktiv = Nein wird ignoriert.',
    ),
  };
}

/** Why a row is skipped: the action it needs is switched off in the import settings. */
export function actionSwitchedOff(say: Say, action: 'create' | 'update' | 'deactivate'): string {
  switch (action) {
    case 'create':
      return say(
        'Creating users is switched off in the import settings.',
        'Das Anlegen von Benutzern ist in den Importeinstellungen ausgeschaltet.',
      );
    case 'update':
      return say(
        'Updating users is switched off in the import settings.',
        'Das Ändern von Benutzern ist in den Importeinstellungen ausgeschaltet.',
      );
    case 'deactivate':
      return say(
        'Deactivating users is switched off in the import settings.',
        'Das Deaktivieren ist in den Importeinstellungen ausgeschaltet.',
      );
  }
}

/** Which users are missing is only certain when every row could be read. */
export function missingNeedsValidFile(say: Say, invalidRows: number): MappingProblem {
  return {
    column: USER_FIELDS.active.meta.header.en,
    field: 'active',
    message: say(
      `Deactivating users missing from the file needs a file without invalid rows (${invalidRows} are invalid): an unreadable row could deactivate the user it names.`,
      `Benutzer, die in der Datei fehlen, können nur mit einer Datei ohne ungültige Zeilen deaktiviert werden (${invalidRows} sind ungültig): eine unlesbare Zeile könnte den Benutzer deaktivieren, den sie nennt.`,
    ),
  };
}

/** The message of a user deactivated because the file does not name it. */
export function notInFile(say: Say): string {
  return say(
    'Not in the file (deactivate users missing from the file).',
    'Nicht in der Datei (Benutzer deaktivieren, die in der Datei fehlen).',
  );
}
