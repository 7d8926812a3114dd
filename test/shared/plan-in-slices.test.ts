// The planner's last pass (every row without a user planned as a new account) runs on the proxy's event loop in
// slices: it must give other callbacks their turns and still make exactly the plan that finish() makes.
import { describe, expect, it } from 'vitest';
import { plannerForSheet } from '../../shared/import/plan-import.ts';
import { runInSlices, TimeSlices } from '../../shared/time-slices.ts';
import { settings, user } from './plan-fixtures.ts';
import { turnsDuring } from '../support/event-loop-watch.ts';

const ROWS = 300;

function planner() {
  const rows = [
    ['Portatour ID', 'Email', 'First name', 'Last name'],
    ['1', 'known@example.com', 'Kim', 'Known'],
    ...Array.from({ length: ROWS }, (_, i) => ['', `new.${i}@example.com`, 'New', `User ${i}`]),
  ];
  const made = plannerForSheet({ rows, headerRowIndex: 0, licenses: 1000, settings: settings() });
  made.addUsers([user({ portatourId: '1', email: 'known@example.com', firstName: 'Kim', lastName: 'Old' })]);
  return made;
}

describe('planning in slices', () => {
  it('makes the same plan as finish() and lets other callbacks run between the rows', async () => {
    const whole = planner().finish();
    const { value, turns } = await turnsDuring(runInSlices(planner().finishSteps(), new TimeSlices(0)));
    expect(value).toEqual(whole);
    expect(value.summary).toMatchObject({ create: ROWS, update: 1 });
    // Slices of 0 ms: a turn after every planned row.
    expect(turns).toBeGreaterThanOrEqual(ROWS - 1);
  });

  it('runs in one piece when the slice is long enough', async () => {
    const { value, turns } = await turnsDuring(runInSlices(planner().finishSteps(), new TimeSlices(60_000)));
    expect(value.summary.create).toBe(ROWS);
    expect(turns).toBeLessThanOrEqual(1);
  });
});
