// What the planner tells the administrator about a row that cannot be imported as it is, in English or German
// (the language of the page or the API call): each error names the row, the column and the field.
import { USER_FIELDS, type FieldKey, type MatchKey } from '../fields/user-fields.ts';
import type { RowError } from '../problems.ts';
import type { Say } from './plan-columns.ts';
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
