import { describe, expect, it } from 'vitest';
import {
  builtinNumberFormat,
  numberCellText,
  parseNumberFormat,
  plainNumberText,
  serialToIso,
} from '../../proxy/spreadsheet/cell-text.ts';

describe('plainNumberText shows numbers as a person sees them', () => {
  it.each([
    [4915112345678, '4915112345678'],
    [0.1 + 0.2, '0.3'],
    [3, '3'],
    [-12.5, '-12.5'],
    [1e-7, '0.0000001'],
    [1.5e21, '1500000000000000000000'],
    [123456.789, '123456.789'],
  ])('%d → %s', (value, text) => {
    expect(plainNumberText(value)).toBe(text);
  });
});

describe('number formats', () => {
  it.each([
    ['00000', 1234, '01234'],
    ['0.00', 2.5, '2.50'],
    ['0%', 0.125, '13%'],
    ['0.0%', 0.125, '12.5%'],
    ['#,##0', 1234567, '1234567'],
    ['0.00E+00', 4915112345678, '4915112345678'],
    ['General', 42, '42'],
    ['@', 42, '42'],
    ['dd.mm.yyyy', 45356, '2024-03-05'],
    ['[$-407]dd. mmmm yyyy;@', 45356, '2024-03-05'],
    ['yyyy-mm-dd hh:mm:ss', 45356.5, '2024-03-05T12:00:00'],
    ['h:mm', 0.75, '18:00:00'],
    ['mm:ss', 0.000694444, '00:01:00'],
    ['[h]:mm:ss', 1.5, '36:00:00'],
    ['"Stk." 0', 7, '7'],
  ])('%s shows %d as %s', (code, value, text) => {
    expect(numberCellText(value, parseNumberFormat(code), false)).toBe(text);
  });

  it('knows the built-in date formats by id', () => {
    expect(numberCellText(45356, builtinNumberFormat(14), false)).toBe('2024-03-05');
    expect(numberCellText(45356.25, builtinNumberFormat(22), false)).toBe('2024-03-05T06:00:00');
    expect(numberCellText(45356, builtinNumberFormat(0), false)).toBe('45356');
  });
});

describe('serialToIso', () => {
  const date = { date: true, time: false };
  it('follows the 1900 system including the phantom 1900-02-29', () => {
    expect(serialToIso(1, false, date)).toBe('1900-01-01');
    expect(serialToIso(59, false, date)).toBe('1900-02-28');
    expect(serialToIso(60, false, date)).toBe('1900-02-29');
    expect(serialToIso(61, false, date)).toBe('1900-03-01');
  });

  it('follows the 1904 system', () => {
    expect(serialToIso(0, true, date)).toBe('1904-01-01');
    expect(serialToIso(45356 - 1462, true, date)).toBe('2024-03-05'); // the two systems are 1462 days apart
  });

  it('rounds to the second', () => {
    expect(serialToIso(45356 + 0.5 + 0.4 / 86400, false, { date: true, time: true })).toBe(
      '2024-03-05T12:00:00',
    );
  });
});
