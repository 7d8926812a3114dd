import { describe, expect, it } from 'vitest';
import { dateTimeInstant, sameDateTime } from '../../shared/fields/date-time.ts';

describe('dateTimeInstant', () => {
  it('reads the ISO forms of the user API and of re-imported date cells, a missing zone as UTC', () => {
    const instant = Date.UTC(2026, 10, 26, 7, 41);
    expect(dateTimeInstant('2026-11-26T07:41:00.000Z')).toBe(instant);
    expect(dateTimeInstant('2026-11-26T07:41:00Z')).toBe(instant);
    expect(dateTimeInstant('2026-11-26T08:41:00+01:00')).toBe(instant);
    expect(dateTimeInstant('2026-11-26T02:41:00-05:00')).toBe(instant);
    expect(dateTimeInstant('2026-11-26T07:41:00')).toBe(instant);
    expect(dateTimeInstant('2026-11-26 07:41')).toBe(instant);
    expect(dateTimeInstant('2026-11-26T07:41:00.123456Z')).toBe(instant + 123);
    expect(dateTimeInstant('2026-11-26')).toBe(Date.UTC(2026, 10, 26));
    expect(dateTimeInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('is NaN for anything else', () => {
    for (const text of [
      '',
      'typed by hand',
      '26.11.2026 07:41',
      '2026-11-26T07:41:00.000Zx',
      '2026-11-26T24:00:00Z',
      '2026-11-26T07:60',
      '2026-13-01',
      '2025-02-29',
      '2026-11-26T07:41:00.Z',
      '2026-11-26T07:41:00+0100',
      '2026-11-26X07:41',
      '46352.32',
      '0099-01-01',
    ]) {
      expect(dateTimeInstant(text), text).toBeNaN();
    }
  });
});

describe('sameDateTime', () => {
  it('compares instants to the second, whatever the zone is written as', () => {
    expect(sameDateTime('2026-11-26T07:41:00', '2026-11-26T07:41:00.000Z')).toBe(true);
    expect(sameDateTime('2026-11-26T08:41:00+01:00', '2026-11-26T07:41:00.000Z')).toBe(true);
    expect(sameDateTime('2026-11-26T07:41:01', '2026-11-26T07:41:00.600Z')).toBe(true);
    expect(sameDateTime('2026-11-26T07:42:00', '2026-11-26T07:41:00.000Z')).toBe(false);
    expect(sameDateTime('2026-11-26', '2026-11-26T07:41:00.000Z')).toBe(false);
  });

  it('compares other texts as they are (trimmed)', () => {
    expect(sameDateTime(' yesterday ', 'yesterday')).toBe(true);
    expect(sameDateTime('yesterday', '2026-11-26T07:41:00.000Z')).toBe(false);
  });
});
