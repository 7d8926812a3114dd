import { describe, expect, it } from 'vitest';
import { importSettingsSchema } from '../../shared/import-settings.ts';
import {
  DEFAULT_CHOICES,
  assignField,
  mappingIssues,
  settingsFor,
} from '../../extension/src/dialog/import/wizard-choices.ts';
import { pagesInRange } from '../../extension/src/dialog/import/change-pages.ts';
import {
  keepSamples,
  roundedTimeLeft,
  secondsLeft,
  type ProgressSample,
} from '../../extension/src/dialog/import/time-left.ts';
import { visibleRange } from '../../extension/src/dialog/import/virtual-rows.tsx';
import { samplePreview } from './wizard-samples.ts';

const columns = samplePreview().columns;

describe('wizard choices → settings file (docs/api-guide.md#the-settings-file)', () => {
  it('writes a valid settings file that names every column and nobody is notified', () => {
    const choices = {
      ...DEFAULT_CHOICES,
      mapping: { 0: 'email', 1: 'firstName', 2: 'lastName', 3: 'note' } as const,
      updateBehavior: { note: 'keep', firstName: 'overwrite' } as const,
      homeLocation: { apply: true, defaults: { homeCountry: 'DE', homeCity: ' ' } },
      sheet: 'Users',
      headerRow: 2,
    };
    const settings = settingsFor(choices, columns);
    expect(importSettingsSchema.safeParse(settings).success).toBe(true);
    expect(settings.columns).toEqual({
      Email: 'email',
      'First name': 'firstName',
      'Last name': 'lastName',
      Remarks: 'note',
    });
    expect(settings.updateBehavior).toEqual({ note: 'keep' });
    expect(settings.homeLocation.defaults).toEqual({ homeCountry: 'DE' });
    expect(settings).toMatchObject({ sheet: 'Users', headerRow: 2, sendAccessLink: false });
  });

  it('allows schedule deletion only when the administrator confirmed', () => {
    expect(settingsFor(DEFAULT_CHOICES, columns).allowScheduleDeletion).toBe(false);
    expect(settingsFor({ ...DEFAULT_CHOICES, confirmed: true }, columns).allowScheduleDeletion).toBe(true);
  });

  it('leaves the columns automatic before the mapping step (the first look at the file)', () => {
    const settings = settingsFor(DEFAULT_CHOICES, null);
    expect(settings.columns).toBeUndefined();
    expect(importSettingsSchema.safeParse(settings).success).toBe(true);
  });

  it('explains a missing key, a missing required field and a field mapped twice', () => {
    const noKey = {
      ...DEFAULT_CHOICES,
      mapping: { 0: null, 1: 'firstName', 2: 'lastName', 3: null } as const,
    };
    expect(mappingIssues(noKey, columns).map((i) => i.kind)).toEqual(['no-key', 'required-missing']);
    const twice = {
      ...DEFAULT_CHOICES,
      mapping: { 0: 'email', 1: 'firstName', 2: 'firstName', 3: null } as const,
    };
    expect(mappingIssues(twice, columns)).toContainEqual({ kind: 'duplicate', field: 'firstName' });
    expect(mappingIssues(twice, columns)).toContainEqual({ kind: 'required-missing', fields: ['lastName'] });
    const byNumber = {
      ...DEFAULT_CHOICES,
      matchBy: 'employeeNumber' as const,
      mapping: { 0: 'email', 1: 'firstName', 2: 'lastName', 3: null } as const,
    };
    expect(mappingIssues(byNumber, columns)).toEqual([
      { kind: 'match-column-missing', field: 'employeeNumber' },
    ]);
  });

  it('assigns a field to one column and takes it from any other', () => {
    expect(assignField({ 0: 'email', 1: null }, 1, 'email')).toEqual({ 0: null, 1: 'email' });
    expect(assignField({ 0: 'email', 1: 'note' }, 1, null)).toEqual({ 0: 'email', 1: null });
  });
});

describe('pure helpers of the preview and the running step', () => {
  it('renders only the rows in view of a 100,000-row table, plus a few either side', () => {
    expect(visibleRange(0, 324, 54, 100_000, 6)).toEqual({ first: 0, last: 12 });
    expect(visibleRange(54 * 50_000, 324, 54, 100_000, 6)).toEqual({ first: 49_994, last: 50_012 });
    expect(visibleRange(54 * 99_999, 324, 54, 100_000, 6).last).toBe(99_999);
    expect(visibleRange(0, 324, 54, 0, 6)).toEqual({ first: 0, last: -1 });
  });

  it('asks for the pages that hold the rows in view', () => {
    expect(pagesInRange(0, 12, 500)).toEqual([0]);
    expect(pagesInRange(495, 510, 500)).toEqual([0, 1]);
    expect(pagesInRange(5, 4, 500)).toEqual([]);
  });

  it('estimates the time left from the rows processed since the first look', () => {
    const first = { at: 0, processed: 100 };
    expect(secondsLeft([first], 1000)).toBeNull();
    expect(secondsLeft([first, { at: 10_000, processed: 200 }], 1000)).toBe(80);
    expect(roundedTimeLeft(80)).toEqual({ unit: 'seconds', value: 80 });
    expect(roundedTimeLeft(2)).toEqual({ unit: 'seconds', value: 5 });
    expect(roundedTimeLeft(600)).toEqual({ unit: 'minutes', value: 10 });
  });

  it('follows the rate of the last ten seconds: an import that slows down gets a longer estimate', () => {
    // 20,000 rows: 1,000 rows a second for 10 s, then 100 rows a second.
    let samples: ProgressSample[] = [];
    const estimates: (number | null)[] = [];
    for (let second = 0; second <= 30; second++) {
      const processed = second <= 10 ? second * 1000 : 10_000 + (second - 10) * 100;
      samples = keepSamples(samples, { at: second * 1000, processed });
      estimates.push(secondsLeft(samples, 20_000));
    }
    expect(estimates[10]).toBe(10);
    // Ten seconds after the slow-down only the slow rate counts: 8,000 rows at 100 a second.
    expect(estimates[30]).toBe(80);
    expect(samples.length).toBeLessThanOrEqual(12);
  });
});
