// One row → its values or errors naming row, column and what is wrong (docs/api-guide.md#problems).
import { describe, expect, it } from 'vitest';
import { parseCell } from '../../shared/fields/parse-cell.ts';
import { mapColumns } from '../../shared/import/column-mapping.ts';
import { isEmptyRow, validateRow } from '../../shared/import/validate-row.ts';

describe('validateRow', () => {
  const { mappings } = mapColumns([
    'E-Mail',
    'Aktiv',
    'Notiz',
    'Mobiltelefon',
    'Heimatadresse Land',
    'Kostenstelle',
  ]);

  it('parses every mapped cell, gives empty cells as null and skips unmapped columns', () => {
    const row = validateRow(7, ['Anna@Example.com', 'Ja', '', '0151 12345678', '', '4711'], mappings);
    expect(row).toEqual({
      rowNumber: 7,
      values: {
        email: 'Anna@Example.com',
        active: true,
        note: null,
        mobilePhone: '+4915112345678',
        homeCountry: null,
      },
      errors: [],
      warnings: [],
      columnOf: {
        email: 'E-Mail',
        active: 'Aktiv',
        note: 'Notiz',
        mobilePhone: 'Mobiltelefon',
        homeCountry: 'Heimatadresse Land',
      },
    });
  });

  it('reads a national phone number in the company’s country, not the row’s home country', () => {
    // Someone living in Vienna with a German mobile number, in a German company.
    const vienna = ['a@example.com', '', '', '0171 4567890', 'Österreich'];
    const row = validateRow(2, vienna, mappings, { defaultCountry: 'DE' });
    expect(row.values.mobilePhone).toBe('+491714567890');
    // The digits are an Austrian number too: the preview says which reading was taken.
    expect(row.warnings).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Mobiltelefon',
        field: 'mobilePhone',
        code: 'phone-country',
      }),
    ]);
    expect(row.warnings[0]!.message).toContain('+431714567890');
    expect(
      validateRow(2, ['a@example.com', '', '', '06 1234 5678', ''], mappings, { defaultCountry: 'IT' }).values
        .mobilePhone,
    ).toBe('+390612345678');
  });

  it('takes a number with its own country code as it is, without a warning', () => {
    const row = validateRow(2, ['a@example.com', '', '', '+43 664 1234567', 'AT'], mappings, {
      defaultCountry: 'DE',
    });
    expect(row.values.mobilePhone).toBe('+436641234567');
    expect(row.warnings).toEqual([]);
  });

  it('names the company’s country when a national number cannot be valid there', () => {
    const row = validateRow(2, ['a@example.com', '', '', '0171 45', ''], mappings, {
      defaultCountry: 'DE',
      lang: 'de',
    });
    expect(row.errors[0]!.message).toContain('Deutschland');
  });

  it('reports every invalid cell with row, column header, field and a message naming the field', () => {
    const row = validateRow(9, ['anna@', 'vielleicht', 'x'.repeat(1001), '', 'Atlantis'], mappings);
    expect(row.errors.map((e) => [e.row, e.column, e.field, e.code])).toEqual([
      [9, 'E-Mail', 'email', 'invalid-value'],
      [9, 'Aktiv', 'active', 'invalid-value'],
      [9, 'Notiz', 'note', 'invalid-value'],
      [9, 'Heimatadresse Land', 'homeCountry', 'invalid-value'],
    ]);
    expect(row.errors[0]?.message).toBe("Email 'anna@' is not a valid e-mail address");
    expect(row.errors[2]?.message).toMatch(/^Note is 1001 characters long/);
    // Invalid cells give no value at all, so nothing downstream can write them.
    expect(row.values).toEqual({ mobilePhone: null });
  });

  it('treats a row of blank cells as empty', () => {
    expect(isEmptyRow(['', '  ', '\t'])).toBe(true);
    expect(isEmptyRow(['', 'x'])).toBe(false);
    expect(isEmptyRow([])).toBe(true);
  });
});

describe('parseCell', () => {
  it('reads a blank cell as empty (null), whatever the field', () => {
    expect(parseCell('active', '   ')).toEqual({ ok: true, value: null });
    expect(parseCell('email', '')).toEqual({ ok: true, value: null });
  });

  it('keeps read-only cells as trimmed text, only to compare them', () => {
    expect(parseCell('portatourId', ' 42 ')).toEqual({ ok: true, value: '42' });
    expect(parseCell('lastLoginAt', 'gestern')).toEqual({ ok: true, value: 'gestern' });
  });

  it('enforces each text field’s own maximum length', () => {
    expect(parseCell('homePostalCode', '1'.repeat(20)).ok).toBe(true);
    expect(parseCell('homePostalCode', '1'.repeat(21)).ok).toBe(false);
    expect(parseCell('employeeNumber', 'E'.repeat(51)).ok).toBe(false);
  });
});
