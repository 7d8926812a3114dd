// The comparisons the planner and the import job share (shared/import/planned-row.ts): a cell against a user.
import { describe, expect, it } from 'vitest';
import { chooseKey, keyValue, sameValue } from '../../shared/import/planned-row.ts';
import type { ValidatedRow } from '../../shared/import/validate-row.ts';

const validated = (values: ValidatedRow['values']): ValidatedRow =>
  ({ rowNumber: 2, values, errors: [], columnOf: {} }) as unknown as ValidatedRow;

describe('sameValue (the planner and the import job compare a cell with a user by it)', () => {
  it('compares groups as sets, case-blind, and a missing list as none', () => {
    expect(sameValue('userGroups', ['North', 'key accounts'], ['Key Accounts', 'north'])).toBe(true);
    expect(sameValue('userGroups', ['North'], ['North', 'South'])).toBe(false);
    expect(sameValue('userGroups', undefined, [])).toBe(true);
    expect(sameValue('userGroups', undefined, ['North'])).toBe(false);
  });

  it('compares e-mail addresses case-blind and other fields exactly, a missing value as empty', () => {
    expect(sameValue('email', 'Anna.Schmidt@Example.com', 'anna.schmidt@example.com')).toBe(true);
    expect(sameValue('lastName', 'Schmidt', 'schmidt')).toBe(false);
    expect(sameValue('note', null, '')).toBe(true);
    expect(sameValue('note', undefined, 'x')).toBe(false);
    expect(sameValue('active', false, false)).toBe(true);
    expect(sameValue('active', true, false)).toBe(false);
  });
});

describe('row keys', () => {
  it('tries Portatour ID, employee number, then e-mail under matchBy auto; only the named one otherwise', () => {
    const row = validated({ portatourId: ' ', employeeNumber: ' E-7 ', email: 'a@example.com' });
    expect(chooseKey(row, 'auto')).toEqual({ field: 'employeeNumber', value: 'E-7' });
    expect(chooseKey(row, 'email')).toEqual({ field: 'email', value: 'a@example.com' });
    expect(chooseKey(row, 'portatourId')).toBeNull();
  });

  it('normalizes e-mail keys case-blind and trims the others', () => {
    expect(keyValue('email', ' Anna@Example.COM ')).toBe(keyValue('email', 'anna@example.com'));
    expect(keyValue('employeeNumber', ' E-7 ')).toBe('E-7');
  });
});
