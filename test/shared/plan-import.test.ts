// The planner's rules (docs/api-guide.md#the-settings-file, docs/import-semantics.md), each proved with a few in-memory users.
// Over 400 lines on purpose: the planner's rules read as one list, a describe block per topic, all on plan-fixtures.ts.
import { describe, expect, it } from 'vitest';
import { changedFields, errorCodes, plan, rowOf, settings, user } from './plan-fixtures.ts';
import { planImport } from '../../shared/import/plan-import.ts';

const anna = user({
  portatourId: '1',
  firstName: 'Anna',
  lastName: 'Arndt',
  email: 'anna@example.com',
  employeeNumber: 'E1',
});
const bert = user({
  portatourId: '2',
  firstName: 'Bert',
  lastName: 'Brandt',
  email: 'bert@example.com',
  employeeNumber: 'E2',
});
const users = [anna, bert];

describe('matching rows to users (matchBy)', () => {
  it('matches a row with a Portatour ID by ID even when its email changed', () => {
    const result = plan(
      [
        ['Portatour ID', 'Email'],
        ['1', 'anna.new@example.com'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('update');
    expect(row.key).toEqual({ field: 'portatourId', value: '1' });
    expect(row.changes).toEqual([{ field: 'email', from: 'anna@example.com', to: 'anna.new@example.com' }]);
    expect(row.write).toMatchObject({
      kind: 'update',
      userId: '1',
      changes: { email: 'anna.new@example.com' },
    });
  });

  it('matches a row without Portatour ID by employee number even when its email changed', () => {
    const result = plan(
      [
        ['Portatour ID', 'Employee number', 'Email'],
        ['', 'E2', 'bert.new@example.com'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.key).toEqual({ field: 'employeeNumber', value: 'E2' });
    expect(row.userId).toBe('2');
    expect(changedFields(row)).toEqual(['email']);
  });

  it('matches a row with neither Portatour ID nor employee number by email, trimmed and case-insensitive', () => {
    const result = plan(
      [
        ['Employee number', 'Email', 'Note'],
        ['', '  ANNA@Example.com ', 'hello'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.key?.field).toBe('email');
    expect(row.userId).toBe('1');
    expect(row.changes).toEqual([{ field: 'note', from: '', to: 'hello' }]);
  });

  it('matches only by the explicit matchBy column and ignores the other keys', () => {
    const result = plan(
      [
        ['Employee number', 'Email', 'Note'],
        ['E1', 'bert@example.com', 'x'],
      ],
      { users, settings: { matchBy: 'email' } },
    );
    const row = rowOf(result, 2);
    expect(row.userId).toBe('2');
    // Bert gets Anna's employee number: an error, since it already belongs to her.
    expect(errorCodes(row)).toEqual(['employee-number-taken']);
  });

  it('refuses a file without the column that matchBy names', () => {
    const result = plan(
      [
        ['Email', 'Note'],
        ['anna@example.com', 'x'],
      ],
      { users, settings: { matchBy: 'employeeNumber' } },
    );
    expect(result.fileErrors.map((e) => e.field)).toEqual(['employeeNumber']);
  });

  it('refuses a file without any key column', () => {
    const result = plan(
      [
        ['First name', 'Last name'],
        ['Anna', 'Arndt'],
      ],
      { users },
    );
    expect(result.fileErrors).toHaveLength(1);
    expect(result.fileErrors[0]?.message).toMatch(/Email, Portatour ID or Employee number/);
  });

  it('reports an unknown Portatour ID as an error instead of creating a user', () => {
    const result = plan(
      [
        ['Portatour ID', 'First name', 'Last name', 'Email'],
        ['999', 'Cleo', 'Cramer', 'cleo@example.com'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('invalid');
    expect(errorCodes(row)).toEqual(['unknown-user']);
    expect(row.errors[0]).toMatchObject({ row: 2, column: 'Portatour ID', field: 'portatourId' });
    expect(row.write).toBeUndefined();
  });
});

describe('creating users', () => {
  it('creates an active user with own schedule and level User when the key matches nobody', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Language'],
        ['Cleo', 'Cramer', 'cleo@example.com', 'Englisch'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('create');
    expect(row.write).toEqual({
      kind: 'create',
      user: {
        firstName: 'Cleo',
        lastName: 'Cramer',
        email: 'cleo@example.com',
        language: 'en',
        active: true,
        hasOwnSchedule: true,
        authorizationLevel: 'User',
      },
    });
    expect(result.summary).toMatchObject({ rows: 1, create: 1, update: 0, invalid: 0 });
  });

  it.each(['First name', 'Last name', 'Email'])('needs %s to create a user', (missing) => {
    const headers = ['First name', 'Last name', 'Email', 'Employee number'];
    const cells = ['Cleo', 'Cramer', 'cleo@example.com', 'E9'];
    cells[headers.indexOf(missing)] = '';
    const row = rowOf(plan([headers, cells], { users }), 2);
    expect(row.action).toBe('invalid');
    expect(row.errors).toEqual([expect.objectContaining({ row: 2, column: missing, code: 'required' })]);
  });

  it('needs the required columns to create a user even when the file lacks them', () => {
    const row = rowOf(plan([['Email'], ['cleo@example.com']], { users }), 2);
    expect(row.action).toBe('invalid');
    expect(row.errors.map((e) => e.field).sort()).toEqual(['firstName', 'lastName']);
  });

  it('refuses a new user whose email already belongs to another account', () => {
    const result = plan(
      [
        ['Employee number', 'First name', 'Last name', 'Email'],
        ['E9', 'Anna', 'Arndt', 'Anna@example.com'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('invalid');
    expect(errorCodes(row)).toEqual(['email-taken']);
  });

  it('refuses a new user whose email belongs to another account when the row lacks the matchBy key', () => {
    const result = plan(
      [
        ['Portatour ID', 'First name', 'Last name', 'Email'],
        ['', 'Anna', 'Arndt', 'anna@example.com'],
      ],
      { users, settings: { matchBy: 'portatourId' } },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('invalid');
    expect(errorCodes(row)).toEqual(['email-taken']);
  });

  it('refuses a new user whose employee number already belongs to another account', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Employee number'],
        ['Cleo', 'Cramer', 'cleo@example.com', 'E2'],
      ],
      { users, settings: { matchBy: 'email' } },
    );
    expect(errorCodes(rowOf(result, 2))).toEqual(['employee-number-taken']);
  });
});

describe('updating users', () => {
  it('updates only the fields that differ', () => {
    const result = plan(
      [
        ['Email', 'First name', 'Last name', 'Note', 'Authorization level'],
        ['anna@example.com', 'Anna', 'Arndt-Berg', '', 'Vorgesetzter'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('update');
    expect(row.changes).toEqual([
      { field: 'lastName', from: 'Arndt', to: 'Arndt-Berg' },
      { field: 'authorizationLevel', from: 'User', to: 'Supervisor' },
    ]);
    expect(row.write).toEqual({
      kind: 'update',
      userId: '1',
      before: anna,
      changes: { lastName: 'Arndt-Berg', authorizationLevel: 'Supervisor' },
    });
  });

  it('plans no write for a row equal to the account', () => {
    const result = plan(
      [
        ['Portatour ID', 'First name', 'Last name', 'Email', 'Employee number', 'Active', 'Has own schedule'],
        ['1', 'Anna', 'Arndt', 'anna@example.com', 'E1', 'Ja', 'x'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('unchanged');
    expect(row.changes).toEqual([]);
    expect(row.write).toBeUndefined();
    expect(result.summary).toMatchObject({ rows: 1, unchanged: 1, update: 0 });
  });

  it('treats an email that differs only in case as unchanged', () => {
    const result = plan(
      [
        ['Portatour ID', 'Email'],
        ['1', 'ANNA@EXAMPLE.COM'],
      ],
      { users },
    );
    expect(rowOf(result, 2).action).toBe('unchanged');
  });

  it('compares user groups as sets: order and case do not matter', () => {
    const grouped = user({ portatourId: '7', email: 'g@example.com', userGroups: ['North', 'Sales'] });
    const result = plan(
      [
        ['Email', 'User groups'],
        ['g@example.com', 'sales, north'],
      ],
      { users: [grouped] },
    );
    expect(rowOf(result, 2).action).toBe('unchanged');
  });

  it('updates user groups when the set differs', () => {
    const grouped = user({ portatourId: '7', email: 'g@example.com', userGroups: ['North', 'Sales'] });
    const row = rowOf(
      plan(
        [
          ['Email', 'User groups'],
          ['g@example.com', 'Sales, South'],
        ],
        { users: [grouped] },
      ),
      2,
    );
    expect(row.changes).toEqual([{ field: 'userGroups', from: ['North', 'Sales'], to: ['Sales', 'South'] }]);
  });

  it('deactivates a user whose row says Active = No', () => {
    const result = plan(
      [
        ['Email', 'Active'],
        ['bert@example.com', 'Nein'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('deactivate');
    expect(row.write).toMatchObject({ kind: 'update', changes: { active: false } });
    expect(result.summary.deactivate).toBe(1);
  });

  it('reactivates a deactivated user whose row says Active = Yes', () => {
    const inactive = user({ portatourId: '3', email: 'c@example.com', active: false });
    const row = rowOf(
      plan(
        [
          ['Email', 'Active'],
          ['c@example.com', 'yes'],
        ],
        { users: [inactive] },
      ),
      2,
    );
    expect(row.action).toBe('update');
    expect(row.changes).toEqual([{ field: 'active', from: false, to: true }]);
  });

  it('refuses to give a user an email that already belongs to another account', () => {
    const result = plan(
      [
        ['Portatour ID', 'Email'],
        ['1', 'Bert@example.com'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('invalid');
    expect(row.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'Email', field: 'email', code: 'email-taken' }),
    ]);
    expect(row.write).toBeUndefined();
  });

  it('refuses to give a user an employee number that already belongs to another account', () => {
    const result = plan(
      [
        ['Portatour ID', 'Personalnummer'],
        ['1', 'E2'],
      ],
      { users },
    );
    expect(rowOf(result, 2).errors).toEqual([
      expect.objectContaining({ column: 'Personalnummer', code: 'employee-number-taken' }),
    ]);
  });

  it('reports an invalid cell as a row error naming row, column and value', () => {
    const result = plan(
      [
        ['Email', 'Mobile phone'],
        ['anna@example.com', 'call me'],
      ],
      { users },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('invalid');
    expect(row.errors).toEqual([
      {
        row: 2,
        column: 'Mobile phone',
        field: 'mobilePhone',
        code: 'invalid-value',
        message: "Mobile phone 'call me' is not a phone number",
        value: 'call me',
      },
    ]);
    expect(result.errors).toEqual(row.errors);
    expect(result.summary.invalid).toBe(1);
  });
});

describe('duplicate keys in one file', () => {
  it('marks every row that repeats an email (case-insensitive) as an error', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email'],
        ['Cleo', 'Cramer', 'cleo@example.com'],
        ['Dora', 'Dahl', 'dora@example.com'],
        ['Cleo', 'Cramer', ' CLEO@example.com'],
      ],
      { users },
    );
    expect(errorCodes(rowOf(result, 2))).toEqual(['duplicate-key']);
    expect(rowOf(result, 2).errors[0]?.message).toMatch(/row 4/);
    expect(rowOf(result, 3).action).toBe('create');
    expect(errorCodes(rowOf(result, 4))).toEqual(['duplicate-key']);
    expect(rowOf(result, 4).errors[0]?.message).toMatch(/row 2/);
  });

  it('marks every row that repeats an employee number as an error', () => {
    const result = plan(
      [
        ['Employee number', 'Email', 'First name', 'Last name'],
        ['E1', 'anna@example.com', 'A', 'A'],
        ['E7', 'x@example.com', 'X', 'X'],
        ['E7', 'y@example.com', 'Y', 'Y'],
        ['E7', 'z@example.com', 'Z', 'Z'],
      ],
      { users },
    );
    expect(rowOf(result, 2).action).not.toBe('invalid');
    for (const rowNumber of [3, 4, 5]) {
      const row = rowOf(result, rowNumber);
      expect(row.action).toBe('invalid');
      expect(row.errors).toEqual([
        expect.objectContaining({
          field: 'employeeNumber',
          code: 'duplicate-key',
          column: 'Employee number',
        }),
      ]);
    }
  });

  it('marks every row that repeats a Portatour ID as an error', () => {
    const result = plan(
      [
        ['Portatour ID', 'Note'],
        ['1', 'first'],
        ['1', 'second'],
      ],
      { users },
    );
    expect(result.rows.map((r) => r.action)).toEqual(['invalid', 'invalid']);
    expect(result.errors.map((e) => e.code)).toEqual(['duplicate-key', 'duplicate-key']);
    expect(result.summary.invalid).toBe(2);
  });

  it('marks every row that reaches the same user through different keys as an error', () => {
    const result = plan(
      [
        ['Portatour ID', 'Email', 'First name', 'Last name'],
        ['1', 'anna.new@example.com', 'Anna', 'Arndt'],
        ['', 'anna@example.com', 'Anna', 'Arndt'],
      ],
      { users },
    );
    expect(result.rows.map((r) => [r.action, r.userId])).toEqual([
      ['invalid', '1'],
      ['invalid', '1'],
    ]);
    expect(rowOf(result, 2).errors).toEqual([
      expect.objectContaining({
        code: 'duplicate-key',
        column: 'Portatour ID',
        message: expect.stringMatching(/Row 3/),
      }),
    ]);
    expect(rowOf(result, 3).errors).toEqual([
      expect.objectContaining({
        code: 'duplicate-key',
        column: 'Email',
        message: expect.stringMatching(/Row 2/),
      }),
    ]);
  });
});

describe('user groups and licenses', () => {
  const sheet = [
    ['Email', 'User groups'],
    ['anna@example.com', 'Sales'],
  ];

  it('refuses user groups for a company with fewer than 10 licenses', () => {
    const row = rowOf(plan(sheet, { users, licenses: 9 }), 2);
    expect(row.action).toBe('invalid');
    expect(row.errors).toEqual([expect.objectContaining({ field: 'userGroups', code: 'not-available' })]);
  });

  it('accepts user groups for a company with 10 licenses', () => {
    const row = rowOf(plan(sheet, { users, licenses: 10 }), 2);
    expect(row.action).toBe('update');
    expect(row.changes).toEqual([{ field: 'userGroups', from: [], to: ['Sales'] }]);
  });

  it('accepts an empty user groups column for a company with fewer than 10 licenses', () => {
    const row = rowOf(
      plan(
        [
          ['Email', 'User groups'],
          ['anna@example.com', ''],
        ],
        { users, licenses: 5 },
      ),
      2,
    );
    expect(row.action).toBe('unchanged');
  });
});

describe('empty cells and update behaviour (settings)', () => {
  const noted = user({ portatourId: '5', email: 'n@example.com', note: 'old', userGroups: ['A'] });
  const sheet = [
    ['Email', 'Note', 'User groups'],
    ['n@example.com', '', ''],
  ];

  it('keeps the value of an empty cell with emptyCells keep (the default)', () => {
    expect(rowOf(plan(sheet, { users: [noted] }), 2).action).toBe('unchanged');
  });

  it('empties the value of an empty cell with emptyCells clear', () => {
    const row = rowOf(plan(sheet, { users: [noted], settings: { emptyCells: 'clear' } }), 2);
    expect(row.action).toBe('update');
    expect(row.write).toMatchObject({ changes: { note: '', userGroups: [] } });
  });

  it('refuses to clear a required field with emptyCells clear', () => {
    const row = rowOf(
      plan(
        [
          ['Email', 'First name'],
          ['n@example.com', ''],
        ],
        { users: [noted], settings: { emptyCells: 'clear' } },
      ),
      2,
    );
    expect(row.action).toBe('invalid');
    expect(row.errors).toEqual([expect.objectContaining({ field: 'firstName', code: 'required' })]);
  });

  it.each([
    ['Language', 'language'],
    ['Authorization level', 'authorizationLevel'],
    ['Email', 'email'],
  ])('refuses to clear %s, which has no valid empty value, with emptyCells clear', (header, field) => {
    const row = rowOf(
      plan(
        [
          ['Portatour ID', header],
          ['5', ''],
        ],
        { users: [noted], settings: { emptyCells: 'clear' } },
      ),
      2,
    );
    expect(row.action).toBe('invalid');
    expect(row.errors).toEqual([expect.objectContaining({ column: header, field, code: 'required' })]);
  });

  it('lets an existing user keep a field whose updateBehavior is keep, but uses it for new users', () => {
    const result = plan(
      [
        ['Email', 'First name', 'Last name', 'Note'],
        ['n@example.com', 'First5', 'Last5', 'new'],
        ['cleo@example.com', 'Cleo', 'Cramer', 'new'],
      ],
      { users: [noted], settings: { updateBehavior: { note: 'keep' } } },
    );
    expect(rowOf(result, 2).action).toBe('unchanged');
    expect(rowOf(result, 3).write).toMatchObject({ kind: 'create', user: { note: 'new' } });
  });
});

describe('actions switched off (settings.actions)', () => {
  const sheet = [
    ['Email', 'First name', 'Last name', 'Active', 'Note'],
    ['anna@example.com', 'Anna', 'Arndt', 'Yes', 'changed'],
    ['bert@example.com', 'Bert', 'Brandt', 'No', ''],
    ['cleo@example.com', 'Cleo', 'Cramer', 'Yes', ''],
  ];

  it('skips new users when create is off', () => {
    const result = plan(sheet, { users, settings: { actions: { create: false } } });
    const row = rowOf(result, 4);
    expect(row.action).toBe('skipped');
    expect(row.write).toBeUndefined();
    expect(result.summary).toMatchObject({ create: 0, update: 1, deactivate: 1, skipped: 1 });
  });

  it('skips changes to existing users when update is off, but still deactivates', () => {
    const result = plan(sheet, { users, settings: { actions: { update: false } } });
    expect(rowOf(result, 2).action).toBe('skipped');
    expect(rowOf(result, 2).message).toMatch(/Updating users is switched off/);
    expect(rowOf(result, 2).write).toBeUndefined();
    expect(rowOf(result, 3).action).toBe('deactivate');
    expect(result.summary).toMatchObject({ create: 1, update: 0, deactivate: 1, skipped: 1 });
  });

  it('skips Active = No with a warning naming the right switch when deactivate is off', () => {
    const result = plan(sheet, { users, settings: { actions: { deactivate: false } } });
    const row = rowOf(result, 3);
    expect(row.action).toBe('skipped');
    expect(row.write).toBeUndefined();
    expect(row.message).toMatch(/Deactivating users is switched off/);
    expect(row.warnings).toEqual([expect.objectContaining({ code: 'action-off', field: 'active' })]);
    expect(result.summary.deactivate).toBe(0);
  });
});

describe('users missing from the file (deactivateMissing)', () => {
  const inactive = user({ portatourId: '3', email: 'c@example.com', active: false });
  const sheet = [['Email'], ['anna@example.com']];

  it('leaves users absent from the file untouched by default', () => {
    const result = plan(sheet, { users: [anna, bert, inactive] });
    expect(result.rows).toHaveLength(1);
    expect(result.missingDeactivations).toBe(0);
  });

  it('deactivates (never deletes) the active users absent from the file and lists them', () => {
    const result = plan(sheet, { users: [anna, bert, inactive], settings: { deactivateMissing: true } });
    expect(result.missingDeactivations).toBe(1);
    const missing = result.rows.filter((r) => r.row === null);
    expect(missing).toEqual([
      expect.objectContaining({
        action: 'deactivate',
        userId: '2',
        write: { kind: 'update', userId: '2', before: bert, changes: { active: false } },
      }),
    ]);
    expect(result.summary).toMatchObject({ rows: 1, unchanged: 1, deactivate: 1 });
  });

  it('deactivates nobody missing from the file when deactivate is off', () => {
    const result = plan(sheet, {
      users,
      settings: { deactivateMissing: true, actions: { deactivate: false } },
    });
    expect(result.missingDeactivations).toBe(0);
    expect(result.rows).toHaveLength(1);
  });

  it('refuses to deactivate missing users while a row is invalid, since its user would look absent', () => {
    const result = plan([['Email'], ['anna@example.com'], ['bert@@example.com']], {
      users: [anna, bert],
      settings: { deactivateMissing: true, skipInvalidRows: true },
    });
    expect(result.missingDeactivations).toBe(0);
    expect(result.rows.filter((r) => r.row === null)).toHaveLength(0);
    expect(result.fileErrors).toEqual([
      expect.objectContaining({ field: 'active', message: expect.stringMatching(/invalid rows/) }),
    ]);
  });
});

describe('home location (settings.homeLocation)', () => {
  const housed = user({ portatourId: '4', email: 'h@example.com', homeCity: 'Berlin' });

  it('ignores the home location columns when apply is false', () => {
    const result = plan(
      [
        ['Email', 'Home city', 'Home country'],
        ['h@example.com', 'Hamburg', 'DE'],
      ],
      { users: [housed], settings: { homeLocation: { apply: false } } },
    );
    expect(rowOf(result, 2).action).toBe('unchanged');
    expect(result.warnings).toEqual([]);
  });

  it('fills empty home location cells with the defaults, stored as a country code', () => {
    const result = plan(
      [
        ['Email', 'First name', 'Last name', 'Home city'],
        ['h@example.com', 'First4', 'Last4', ''],
        ['new@example.com', 'New', 'User', 'Köln'],
      ],
      {
        users: [housed],
        settings: { homeLocation: { defaults: { homeCity: 'München', homeCountry: 'Deutschland' } } },
      },
    );
    // An existing user keeps the value they have; only empty values get the default.
    expect(rowOf(result, 2).write).toMatchObject({ changes: { homeCountry: 'DE' } });
    expect(changedFields(rowOf(result, 2))).toEqual(['homeCountry']);
    expect(rowOf(result, 3).write).toMatchObject({
      kind: 'create',
      user: { homeCity: 'Köln', homeCountry: 'DE' },
    });
  });

  it('gives an empty home cell the default, not emptiness, with emptyCells clear', () => {
    const emptyHome = user({ portatourId: '8', email: 'e@example.com' });
    const result = plan(
      [
        ['Email', 'Home city', 'Home street'],
        ['h@example.com', '', ''],
        ['e@example.com', '', ''],
      ],
      {
        users: [housed, emptyHome],
        settings: { emptyCells: 'clear', homeLocation: { defaults: { homeCity: 'München' } } },
      },
    );
    expect(rowOf(result, 2).changes).toEqual([{ field: 'homeCity', from: 'Berlin', to: 'München' }]);
    expect(rowOf(result, 3).changes).toEqual([{ field: 'homeCity', from: '', to: 'München' }]);
  });

  it('warns about a home location default that is not a valid value instead of dropping it silently', () => {
    const result = plan([['Email'], ['h@example.com']], {
      users: [housed],
      settings: { homeLocation: { defaults: { homeStreet: 'Main\u0007Street 1' } } },
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ row: null, field: 'homeStreet', code: 'invalid-default' }),
    ]);
    expect(rowOf(result, 2).action).toBe('unchanged');
  });

  it('does not apply the defaults when apply is false', () => {
    const result = plan(
      [
        ['Email', 'First name', 'Last name'],
        ['new@example.com', 'New', 'User'],
      ],
      {
        settings: { homeLocation: { apply: false, defaults: { homeCity: 'München' } } },
      },
    );
    expect(rowOf(result, 2).write).toMatchObject({ kind: 'create' });
    expect(rowOf(result, 2).write).not.toMatchObject({ user: { homeCity: 'München' } });
  });

  it('keeps the country code a row gives its mobile number, whatever the company’s country', () => {
    const result = plan(
      [
        ['Email', 'Mobile phone', 'Home country'],
        ['h@example.com', '+43 664 1234567', 'Österreich'],
      ],
      { users: [housed] },
    );
    expect(rowOf(result, 2).write).toMatchObject({
      changes: { mobilePhone: '+436641234567', homeCountry: 'AT' },
    });
  });
});

describe('read-only columns', () => {
  const seen = user({
    portatourId: '6',
    email: 's@example.com',
    lastLoginAt: '2024-05-01T08:00:00.000Z',
  });

  it('warns about a changed read-only value and never writes it', () => {
    const result = plan(
      [
        ['Email', 'User name', 'Last login'],
        ['s@example.com', 'someone-else', '2025-01-01T00:00:00.000Z'],
      ],
      { users: [seen] },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('unchanged');
    expect(row.warnings.map((w) => [w.field, w.code])).toEqual([
      ['userName', 'read-only'],
      ['lastLoginAt', 'read-only'],
    ]);
    expect(result.warnings).toHaveLength(2);
  });

  it('does not warn about read-only values left as exported', () => {
    const result = plan(
      [
        ['Email', 'User name', 'Last login', 'Access link sent'],
        ['s@example.com', 'user6', '2024-05-01T08:00:00.000Z', ''],
      ],
      { users: [seen] },
    );
    expect(result.warnings).toEqual([]);
  });

  it('warns when the Portatour ID of a row matched by email is not that user’s', () => {
    const result = plan(
      [
        ['Portatour ID', 'Email'],
        ['2', 'anna@example.com'],
      ],
      { users, settings: { matchBy: 'email' } },
    );
    const row = rowOf(result, 2);
    expect(row.userId).toBe('1');
    expect(row.warnings).toEqual([expect.objectContaining({ field: 'portatourId', code: 'read-only' })]);
  });
});

describe('license forecast', () => {
  const fieldUser = user({ portatourId: '10', email: 'f@example.com', hasOwnSchedule: true });
  const office = user({ portatourId: '11', email: 'o@example.com', hasOwnSchedule: false });
  const leaver = user({ portatourId: '12', email: 'l@example.com', hasOwnSchedule: true, active: false });
  const team = [fieldUser, office, leaver];

  it('counts users with own schedule as holding a license, deactivated ones included', () => {
    const result = plan([['Email'], ['f@example.com']], { users: team, licenses: 5 });
    expect(result.licenses).toEqual({
      total: 5,
      usedBefore: 2,
      usedAfter: 2,
      needed: 0,
      free: 3,
      deactivatedWithSchedule: 1,
      exceeded: false,
      skipped: 0,
    });
  });

  it('counts creates with own schedule against the free licenses, and not those without', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Has own schedule'],
        ['A', 'A', 'a@example.com', ''],
        ['B', 'B', 'b@example.com', 'Nein'],
      ],
      { users: team, licenses: 3 },
    );
    expect(result.licenses).toMatchObject({
      usedBefore: 2,
      usedAfter: 3,
      needed: 1,
      free: 1,
      exceeded: false,
    });
  });

  it('counts reactivations and No→Yes of own schedule, and exceeds when they outnumber the free licenses', () => {
    const result = plan(
      [
        ['Email', 'Active', 'Has own schedule'],
        ['l@example.com', 'Ja', 'Ja'],
        ['o@example.com', 'Ja', 'Ja'],
      ],
      { users: team, licenses: 3 },
    );
    expect(result.licenses).toMatchObject({ usedBefore: 2, needed: 2, free: 1, exceeded: true });
  });

  it('lets a Yes→No of own schedule free a license, and lists it as a schedule deletion', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Has own schedule'],
        ['First10', 'Last10', 'f@example.com', 'No'],
        ['New', 'User', 'new@example.com', 'Yes'],
      ],
      { users: team, licenses: 2 },
    );
    expect(result.licenses).toMatchObject({
      usedBefore: 2,
      usedAfter: 2,
      needed: 1,
      free: 0,
      exceeded: false,
    });
    expect(result.scheduleDeletions).toEqual([
      { row: 2, userId: '10', name: 'First10 Last10', email: 'f@example.com' },
    ]);
  });

  it('does not list a schedule deletion for a row that is invalid', () => {
    const result = plan(
      [
        ['Email', 'Has own schedule', 'Mobile phone'],
        ['f@example.com', 'No', 'nope'],
      ],
      { users: team },
    );
    expect(result.scheduleDeletions).toEqual([]);
  });
});

describe('columns', () => {
  it('warns about ignored columns and about columns whose header was guessed from a typo', () => {
    const result = plan(
      [
        ['Emial', 'Frist name', 'Cost centre'],
        ['anna@example.com', 'Anna', '4711'],
      ],
      { users },
    );
    expect(result.warnings.map((w) => [w.column, w.code, w.field])).toEqual([
      ['Emial', 'column-guessed', 'email'],
      ['Frist name', 'column-guessed', 'firstName'],
      ['Cost centre', 'ignored-column', null],
    ]);
    expect(rowOf(result, 2).action).toBe('unchanged');
  });

  it('refuses a file whose two columns map to the same field', () => {
    const result = plan(
      [
        ['Email', 'E-Mail'],
        ['anna@example.com', 'anna@example.com'],
      ],
      { users },
    );
    expect(result.fileErrors.map((e) => e.column)).toEqual(['Email', 'E-Mail']);
  });

  it('uses the explicit columns of the settings instead of automatic matching', () => {
    const result = plan(
      [
        ['Mail', 'Kommentar', 'Note'],
        ['anna@example.com', 'from settings', 'ignored'],
      ],
      { users, settings: { columns: { Kommentar: 'note', Note: null } } },
    );
    expect(rowOf(result, 2).changes).toEqual([{ field: 'note', from: '', to: 'from settings' }]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        column: 'Note',
        code: 'ignored-column',
        message: expect.stringMatching(/import settings/),
      }),
    ]);
  });

  it('plans from the header row given, skipping title rows above it and empty rows below', () => {
    const result = plan(
      [['User export'], [], ['Email', 'Note'], ['anna@example.com', 'x'], ['', ''], ['bert@example.com', '']],
      { users, headerRowIndex: 2 },
    );
    expect(result.headerRow).toBe(3);
    expect(result.rows.map((r) => [r.row, r.action])).toEqual([
      [4, 'update'],
      [6, 'unchanged'],
    ]);
    expect(result.summary.rows).toBe(2);
  });
});

describe('messages in German (lang: de, for German pages)', () => {
  it('says what is wrong in German, naming the German column header', () => {
    const result = planImport({
      rows: [
        ['E-Mail', 'Vorname', 'Nachname', 'Aktiv'],
        ['anna@', 'Anna', 'A', 'vielleicht'],
        ['neu@example.com', '', 'B', 'Ja'],
      ],
      headerRowIndex: 0,
      users: [],
      licenses: 50,
      settings: settings(),
      lang: 'de',
    });
    expect(rowOf(result, 2).errors.map((e) => e.message)).toEqual([
      "E-Mail: 'anna@' ist keine gültige E-Mail-Adresse",
      "Aktiv: 'vielleicht' ist nicht Ja oder Nein (auch möglich: Yes/No, wahr/falsch, 1/0, x)",
    ]);
    expect(rowOf(result, 3).errors.map((e) => e.message)).toEqual(['Vorname ist für neue Benutzer Pflicht.']);
  });

  it('keeps English when no language is asked for', () => {
    const result = plan([
      ['Email', 'First name', 'Last name'],
      ['anna@', 'Anna', 'A'],
    ]);
    expect(rowOf(result, 2).errors[0]?.message).toBe("Email 'anna@' is not a valid e-mail address");
  });
});

describe('phone numbers', () => {
  it('reads national numbers in the company’s country and warns when the home country reads them otherwise', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Mobile phone', 'Home country'],
        ['Vera', 'Wien', 'vera@example.com', '0171 4567890', 'Austria'],
        ['Ugo', 'York', 'ugo@example.com', '(212) 555-0100', 'USA'],
      ],
      { country: 'US' },
    );
    expect(rowOf(result, 2).action).toBe('invalid');
    expect(rowOf(result, 2).errors[0]!.message).toContain('United States');
    const ugo = rowOf(result, 3);
    expect(ugo.write).toMatchObject({ kind: 'create', user: { mobilePhone: '+12125550100' } });
    const german = plan(
      [
        ['First name', 'Last name', 'Email', 'Mobile phone', 'Home country'],
        ['Vera', 'Wien', 'vera@example.com', '0171 4567890', 'Austria'],
      ],
      { country: 'DE' },
    );
    const vera = rowOf(german, 2);
    expect(vera.write).toMatchObject({ kind: 'create', user: { mobilePhone: '+491714567890' } });
    expect(vera.warnings.map((w) => w.code)).toEqual(['phone-country']);
    expect(german.warnings.map((w) => w.code)).toContain('phone-country');
  });

  it('takes the number a user holds back as it is, and still reads every other number', () => {
    // +999…: no country has that code, so only the number the user already holds passes unread.
    const held = user({ portatourId: '7', email: 'p@example.com', mobilePhone: '+9991234567' });
    const other = user({ portatourId: '8', email: 'q@example.com', mobilePhone: '+491714567890' });
    const result = plan(
      [
        ['Email', 'Mobile phone'],
        ['p@example.com', '+9991234567'],
        ['q@example.com', '+9991234567'],
      ],
      { users: [held, other] },
    );
    expect(rowOf(result, 2).action).toBe('unchanged');
    expect(rowOf(result, 2).warnings).toEqual([]);
    expect(rowOf(result, 3).action).toBe('invalid');
    expect(rowOf(result, 3).errors[0]).toMatchObject({ field: 'mobilePhone', code: 'invalid-value' });
  });
});

describe('column samples', () => {
  it('keeps up to three different values of each column, cut to 40 characters', () => {
    const long = 'x'.repeat(60);
    const result = plan([
      ['First name', 'Last name', 'Email', 'Note'],
      ['Anna', 'Arndt', 'a@example.com', long],
      ['Anna', 'Brandt', 'b@example.com', ''],
      ['Carl', 'Cohn', 'c@example.com', ''],
      ['Dora', 'Dorn', 'd@example.com', ''],
    ]);
    expect(result.columnSamples).toEqual([
      ['Anna', 'Carl', 'Dora'],
      ['Arndt', 'Brandt', 'Cohn'],
      ['a@example.com', 'b@example.com', 'c@example.com'],
      [`${'x'.repeat(39)}…`],
    ]);
  });
});

describe('rows that name a user (onRowMatched)', () => {
  it('tells the key of every row matched to a user, unchanged ones too, and of no new or unmatched row', () => {
    const keys: unknown[] = [];
    planImport({
      rows: [
        ['Email', 'First name', 'Last name', 'Employee number'],
        ['anna@example.com', 'Anna', 'Arndt', ''],
        ['new@example.com', 'Neu', 'Mensch', ''],
        ['', 'Bert', 'Brandt', 'E2'],
        ['', 'Nie', 'Mand', 'E9'],
      ],
      headerRowIndex: 0,
      users,
      licenses: 50,
      settings: settings(),
      onRowMatched: (key) => keys.push(key),
    });
    expect(keys).toEqual([
      { field: 'email', value: 'anna@example.com' },
      { field: 'employeeNumber', value: 'E2' },
    ]);
  });
});
