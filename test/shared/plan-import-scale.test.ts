// Planning is linear in rows + users (every lookup is a Map): 100,000 exported rows against 100,000 users
// must finish well within the test timeout. No timing assertion — a quadratic planner would not finish.
import { describe, expect, it } from 'vitest';
import { formatCell } from '../../shared/fields/parse-cell.ts';
import { FIELDS, type UserRecord } from '../../shared/fields/user-fields.ts';
import { planImport } from '../../shared/import/plan-import.ts';
import { settings, user } from './plan-fixtures.ts';

const USERS = 100_000;
const ROWS_OF_EXISTING = 90_000;
const NEW_ROWS = USERS - ROWS_OF_EXISTING;

function manyUsers(): UserRecord[] {
  return Array.from({ length: USERS }, (_, i) =>
    user({
      portatourId: String(i + 1),
      employeeNumber: `E${i + 1}`,
      mobilePhone: '+4915112345678',
      userGroups: i % 2 ? ['Sales', 'North'] : [],
      homeCountry: 'DE',
      lastLoginAt: '2024-05-01T08:00:00.000Z',
    }),
  );
}

describe('planning at scale', () => {
  it('plans 100,000 rows (German export, every field) against 100,000 users in one linear pass', () => {
    const users = manyUsers();
    const header = FIELDS.map((field) => field.header.de);
    const rows: string[][] = [header];
    // The first 90,000 users as exported, every 10th with a changed note; then 10,000 new users.
    for (let i = 0; i < ROWS_OF_EXISTING; i++) {
      const record = users[i]!;
      const edited = i % 10 === 0 ? { ...record, note: 'changed' } : record;
      rows.push(FIELDS.map((field) => formatCell(field.key, edited[field.key], 'de')));
    }
    for (let i = 0; i < NEW_ROWS; i++) {
      const fresh = user({ portatourId: `new${i}`, employeeNumber: `N${i}` });
      rows.push(FIELDS.map((field) => (field.readOnly ? '' : formatCell(field.key, fresh[field.key], 'de'))));
    }

    const result = planImport({
      rows,
      headerRowIndex: 0,
      users,
      licenses: 200_000,
      settings: settings({ deactivateMissing: true }),
    });

    expect(result.fileErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.summary).toEqual({
      rows: USERS,
      create: NEW_ROWS,
      update: ROWS_OF_EXISTING / 10,
      unchanged: ROWS_OF_EXISTING - ROWS_OF_EXISTING / 10,
      deactivate: USERS - ROWS_OF_EXISTING,
      invalid: 0,
      skipped: 0,
    });
    expect(result.missingDeactivations).toBe(USERS - ROWS_OF_EXISTING);
    expect(result.licenses).toMatchObject({ usedBefore: USERS, needed: NEW_ROWS, exceeded: false });
  });
});
