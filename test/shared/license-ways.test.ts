// The ways out of a license shortage, in the planner: office staff by row override or for every new user, and
// only the rows that fit (docs/import-semantics.md#licenses).
import { describe, expect, it } from 'vitest';
import { plan, rowOf, user } from './plan-fixtures.ts';

const fieldUser = user({ portatourId: '10', email: 'f@example.com', hasOwnSchedule: true });
const office = user({ portatourId: '11', email: 'o@example.com', hasOwnSchedule: false });
const leaver = user({ portatourId: '12', email: 'l@example.com', hasOwnSchedule: true, active: false });
const team = [fieldUser, office, leaver];

/** Five new people, no "Has own schedule" column: each would hold a license. */
const fiveNew = [
  ['First name', 'Last name', 'Email'],
  ['A', 'A', 'a@example.com'],
  ['B', 'B', 'b@example.com'],
  ['C', 'C', 'c@example.com'],
  ['D', 'D', 'd@example.com'],
  ['E', 'E', 'e@example.com'],
];

describe('office staff by row override', () => {
  it('reads an overridden row as office staff although the file has no such column, and needs no license for it', () => {
    const result = plan(fiveNew, {
      users: team,
      licenses: 5,
      overrides: new Map([
        [3, { hasOwnSchedule: false }],
        [5, { hasOwnSchedule: false }],
      ]),
    });
    expect(rowOf(result, 3).write).toMatchObject({ kind: 'create', user: { hasOwnSchedule: false } });
    expect(rowOf(result, 5).write).toMatchObject({ kind: 'create', user: { hasOwnSchedule: false } });
    expect(rowOf(result, 2).write).toMatchObject({ kind: 'create', user: { hasOwnSchedule: true } });
    expect(result.licenses).toMatchObject({
      usedBefore: 2,
      needed: 3,
      free: 3,
      usedAfter: 5,
      exceeded: false,
    });
  });

  it("replaces the row's own cell, an invalid one too, and leaves the other rows as their cells say", () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Has own schedule'],
        ['A', 'A', 'a@example.com', 'Ja'],
        ['B', 'B', 'b@example.com', 'vielleicht'],
        ['C', 'C', 'c@example.com', 'Ja'],
      ],
      {
        users: team,
        overrides: new Map([
          [2, { hasOwnSchedule: false }],
          [3, { hasOwnSchedule: false }],
        ]),
      },
    );
    expect(rowOf(result, 2).write).toMatchObject({ user: { hasOwnSchedule: false } });
    expect(rowOf(result, 3).action).toBe('create');
    expect(rowOf(result, 3).write).toMatchObject({ user: { hasOwnSchedule: false } });
    expect(rowOf(result, 4).write).toMatchObject({ user: { hasOwnSchedule: true } });
  });

  it('applies to a matched row as its cell would: No→Yes kept at No needs no license', () => {
    const result = plan(
      [
        ['Email', 'Has own schedule'],
        ['o@example.com', 'Yes'],
      ],
      { users: team, licenses: 2, overrides: new Map([[2, { hasOwnSchedule: false }]]) },
    );
    expect(rowOf(result, 2).action).toBe('unchanged');
    expect(result.licenses).toMatchObject({ needed: 0, exceeded: false });
  });
});

describe('every new user as office staff (newUsersAsOfficeStaff)', () => {
  it('creates every new user without own schedule, whatever the row says, except a row overridden to Yes', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Has own schedule'],
        ['A', 'A', 'a@example.com', 'Yes'],
        ['B', 'B', 'b@example.com', ''],
        ['C', 'C', 'c@example.com', ''],
        ['Luise', 'Lehmann', 'l@example.com', 'Yes'],
      ],
      {
        users: team,
        licenses: 3,
        settings: { newUsersAsOfficeStaff: true },
        overrides: new Map([[4, { hasOwnSchedule: true }]]),
      },
    );
    expect(rowOf(result, 2).write).toMatchObject({ user: { hasOwnSchedule: false } });
    expect(rowOf(result, 3).write).toMatchObject({ user: { hasOwnSchedule: false } });
    expect(rowOf(result, 4).write).toMatchObject({ user: { hasOwnSchedule: true } });
    // An existing user is not new: it keeps its own schedule.
    expect(rowOf(result, 5).write).toMatchObject({ kind: 'update', changes: { firstName: 'Luise' } });
    expect(rowOf(result, 5).write).not.toMatchObject({ changes: { hasOwnSchedule: false } });
    expect(result.licenses).toMatchObject({ needed: 1, free: 1, exceeded: false });
  });
});

describe('only the rows that fit (skipRowsBeyondLicenses)', () => {
  it('imports the first rows that need a license, in file order, and skips the others as not attempted', () => {
    const result = plan([...fiveNew, ['Office', 'O', 'x@example.com']], {
      users: team,
      licenses: 4,
      settings: { skipRowsBeyondLicenses: true },
      overrides: new Map([[7, { hasOwnSchedule: false }]]),
    });
    expect(result.rows.map((row) => [row.row, row.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'skipped'],
      [5, 'skipped'],
      [6, 'skipped'],
      [7, 'create'],
    ]);
    const skipped = rowOf(result, 4);
    expect(skipped.write).toBeUndefined();
    expect(skipped.message).toMatch(/^Not attempted: no license is free/);
    // Said for programs too: the wizard offers such a row of a new user as office staff.
    expect(skipped.skipReason).toBe('no-license');
    expect(rowOf(result, 2).skipReason).toBeUndefined();
    expect(skipped.name).toBe('C C');
    expect(result.summary).toMatchObject({ create: 3, skipped: 3 });
    expect(result.licenses).toMatchObject({
      usedBefore: 2,
      free: 2,
      needed: 2,
      usedAfter: 4,
      exceeded: false,
      skipped: 3,
    });
  });

  it('counts reactivations and No→Yes as rows that need a license, and lets a Yes→No make room', () => {
    const result = plan(
      [
        ['First name', 'Last name', 'Email', 'Active', 'Has own schedule'],
        ['First10', 'Last10', 'f@example.com', 'Yes', 'No'],
        ['First12', 'Last12', 'l@example.com', 'Yes', 'Yes'],
        ['First11', 'Last11', 'o@example.com', 'Yes', 'Yes'],
        ['New', 'N', 'n@example.com', 'Yes', 'Yes'],
      ],
      { users: team, licenses: 2, settings: { skipRowsBeyondLicenses: true, allowScheduleDeletion: true } },
    );
    expect(result.rows.map((row) => [row.row, row.action])).toEqual([
      [2, 'update'],
      [3, 'update'],
      [4, 'skipped'],
      [5, 'skipped'],
    ]);
    expect(result.licenses).toMatchObject({ free: 0, needed: 1, exceeded: false, skipped: 2 });
  });

  it('skips nothing when the licenses suffice', () => {
    const result = plan(fiveNew, { users: team, licenses: 10, settings: { skipRowsBeyondLicenses: true } });
    expect(result.summary).toMatchObject({ create: 5, skipped: 0 });
    expect(result.licenses.skipped).toBe(0);
  });

  it('without it, a shortage is exceeded and nothing is skipped', () => {
    const result = plan(fiveNew, { users: team, licenses: 4 });
    expect(result.licenses).toMatchObject({ needed: 5, free: 2, exceeded: true, skipped: 0 });
    expect(result.summary.skipped).toBe(0);
  });
});
