// A CSV export opened in Excel or LibreOffice comes back with "04107" as 4107: the stored value is kept, with a warning.
import { describe, expect, it } from 'vitest';
import { plan, rowOf, user } from './plan-fixtures.ts';
import { lostLeadingZeros } from '../../shared/import/lost-leading-zeros.ts';

const anna = user({
  portatourId: '1',
  firstName: 'Anna',
  lastName: 'Arndt',
  email: 'anna@example.com',
  employeeNumber: '00731',
  homePostalCode: '04107',
});

describe('leading zeros a spreadsheet program dropped', () => {
  it('keeps the stored postal code and employee number and warns once per cell', () => {
    const result = plan(
      [
        ['Portatour ID', 'Employee number', 'Home postal code'],
        ['1', '731', '4107'],
      ],
      { users: [anna] },
    );
    const row = rowOf(result, 2);
    expect(row.action).toBe('unchanged');
    expect(row.changes).toEqual([]);
    expect(row.warnings.map((w) => [w.code, w.column])).toEqual([
      ['leading-zeros-lost', 'Employee number'],
      ['leading-zeros-lost', 'Home postal code'],
    ]);
    expect(row.warnings[1]?.message).toContain("'04107' is kept");
  });

  it('still applies a real change of the postal code', () => {
    const result = plan(
      [
        ['Portatour ID', 'Home postal code'],
        ['1', '4108'],
      ],
      { users: [anna] },
    );
    expect(rowOf(result, 2).changes).toEqual([{ field: 'homePostalCode', from: '04107', to: '4108' }]);
  });

  it('only for codes made of digits, and only when zeros were dropped', () => {
    expect(lostLeadingZeros('homePostalCode', '04107', '4107')).toBe(true);
    expect(lostLeadingZeros('homePostalCode', '004107', '04107')).toBe(true);
    expect(lostLeadingZeros('homePostalCode', '04107', '04107')).toBe(false);
    expect(lostLeadingZeros('homePostalCode', 'SW1A 1AA', '1')).toBe(false);
    expect(lostLeadingZeros('homePostalCode', '04107', '4170')).toBe(false);
    expect(lostLeadingZeros('note', '0123', '123')).toBe(false);
    expect(lostLeadingZeros('employeeNumber', '0', '')).toBe(false);
  });
});
