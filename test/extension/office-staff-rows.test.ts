// Which rows of the preview table get the office-staff box, and whether it is ticked: a new user, also one skipped
// because no license was free; never an existing user's row (No there may delete their schedule data) nor a row
// skipped for another reason.
import { describe, expect, it } from 'vitest';
import { isOfficeStaff } from '../../extension/src/dialog/import/license-ways.tsx';
import type { RowOverride } from '../../extension/src/dialog/import/import-types.ts';
import { change, recordedPreview } from './wizard-samples.ts';

const office = (row: number): RowOverride => ({ row, field: 'hasOwnSchedule', value: 'No' });
const field = (row: number): RowOverride => ({ row, field: 'hasOwnSchedule', value: 'Yes' });

describe('the office-staff box', () => {
  it('is offered on a new user skipped for want of a license, unticked until chosen', () => {
    // Recorded: Otto Other (row 3) and Paula Person (row 4) were skipped, one license being free.
    const skipped = recordedPreview('preview-rows-that-fit').changes.filter((c) => c.action === 'skipped');
    expect(skipped.map((c) => [c.row, isOfficeStaff(c, [])])).toEqual([
      [3, false],
      [4, false],
    ]);
    expect(isOfficeStaff(skipped[0]!, [office(3)])).toBe(true);
    expect(isOfficeStaff(skipped[0]!, [field(3)])).toBe(false);
  });

  it('shows a created row as the plan has it, the choice made first', () => {
    const [nora, otto] = recordedPreview('preview-skipped-as-office-staff').changes;
    expect(isOfficeStaff(nora!, [])).toBe(false);
    expect(isOfficeStaff(otto!, [])).toBe(true);
    expect(isOfficeStaff(nora!, [office(2)])).toBe(true);
  });

  it("is not offered on an existing user's skipped row, a row skipped for another reason, or an update", () => {
    const reactivation = {
      ...change(5, 'skipped', 'Lea Leaver', 'lea@example.com'),
      userId: 'u-1',
      skipReason: 'no-license' as const,
    };
    const createsOff = {
      ...change(6, 'skipped', 'Nils New', 'nils@example.com'),
      message: 'Creating is off.',
    };
    const update = change(7, 'update', 'Ute Update', 'ute@example.com');
    expect([reactivation, createsOff, update].map((c) => isOfficeStaff(c, []))).toEqual([null, null, null]);
  });
});
