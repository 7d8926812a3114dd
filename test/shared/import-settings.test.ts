// The import settings file (docs/api-guide.md#the-settings-file): version 1, defaults, and refusal of anything unknown.
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_SETTINGS, importSettingsSchema } from '../../shared/import-settings.ts';

describe('import settings', () => {
  it('fills the defaults of docs/api-guide.md#the-settings-file for a file that says only its version', () => {
    expect(DEFAULT_IMPORT_SETTINGS).toEqual({
      version: 1,
      matchBy: 'auto',
      actions: { create: true, update: true, deactivate: true },
      updateBehavior: {},
      csv: { delimiter: 'auto', encoding: 'auto' },
      deactivateMissing: false,
      emptyCells: 'keep',
      homeLocation: { apply: true, defaults: {} },
      skipInvalidRows: false,
      newUsersAsOfficeStaff: false,
      skipRowsBeyondLicenses: false,
      allowScheduleDeletion: false,
      sendAccessLink: false,
    });
    expect(DEFAULT_IMPORT_SETTINGS.columns).toBeUndefined();
    expect(DEFAULT_IMPORT_SETTINGS.sheet).toBeUndefined();
    expect(DEFAULT_IMPORT_SETTINGS.headerRow).toBeUndefined();
  });

  it('defaults the actions left out of a partial actions object to true', () => {
    const settings = importSettingsSchema.parse({ version: 1, actions: { create: false } });
    expect(settings.actions).toEqual({ create: false, update: true, deactivate: true });
  });

  it('accepts a complete settings file as the wizard saves it', () => {
    const file = {
      version: 1,
      matchBy: 'employeeNumber',
      actions: { create: true, update: false, deactivate: true },
      columns: { 'E-Mail-Adresse': 'email', Kostenstelle: null },
      updateBehavior: { note: 'keep', language: 'overwrite' },
      sheet: 'Mitarbeiter',
      headerRow: 3,
      csv: { delimiter: ';', encoding: 'windows-1252' },
      deactivateMissing: true,
      emptyCells: 'clear',
      homeLocation: { apply: true, defaults: { homeCountry: 'DE', homeCity: 'München' } },
      skipInvalidRows: true,
      newUsersAsOfficeStaff: true,
      skipRowsBeyondLicenses: true,
      allowScheduleDeletion: true,
      sendAccessLink: true,
    };
    expect(importSettingsSchema.parse(file)).toEqual(file);
  });

  it.each([
    ['no version', {}],
    ['another version', { version: 2 }],
    ['an unknown key', { version: 1, matchby: 'email' }],
    ['an unknown nested key', { version: 1, actions: { create: true, delete: true } }],
    ['an unknown home default', { version: 1, homeLocation: { defaults: { homeState: 'BY' } } }],
    ['an unknown matchBy', { version: 1, matchBy: 'userName' }],
    ['a column mapped to an unknown field', { version: 1, columns: { Kostenstelle: 'costCentre' } }],
    ['an updateBehavior for an unknown field', { version: 1, updateBehavior: { costCentre: 'keep' } }],
    ['an unknown update behaviour', { version: 1, updateBehavior: { note: 'merge' } }],
    ['header row 0', { version: 1, headerRow: 0 }],
    ['a fractional header row', { version: 1, headerRow: 1.5 }],
    ['an unknown delimiter', { version: 1, csv: { delimiter: ':' } }],
    ['an unknown encoding', { version: 1, csv: { encoding: 'ebcdic' } }],
    ['emptyCells other than keep or clear', { version: 1, emptyCells: 'ignore' }],
    ['a string where a boolean belongs', { version: 1, deactivateMissing: 'true' }],
    [
      'a home country default that is no country',
      { version: 1, homeLocation: { defaults: { homeCountry: 'Narnia' } } },
    ],
  ])('refuses a file with %s', (_, file) => {
    expect(importSettingsSchema.safeParse(file).success).toBe(false);
  });
});
