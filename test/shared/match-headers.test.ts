// Header → field (docs/api-guide.md#fields): case-, accent- and punctuation-insensitive, forgiving small typos
// in longer names only, and never guessing between two fields.
import { describe, expect, it } from 'vitest';
import { fieldForHeader } from '../../shared/fields/match-headers.ts';

describe('fieldForHeader', () => {
  it.each([
    ['Email', 'email'],
    ['E-MAIL', 'email'],
    ['e_mail', 'email'],
    ['  Vorname ', 'firstName'],
    ['first-name', 'firstName'],
    ['FIRSTNAME', 'firstName'],
    ['Heimatadresse Straße', 'homeStreet'],
    ['heimatadresse strasse', 'homeStreet'],
    ['Portatour-ID', 'portatourId'],
    ['portatourId', 'portatourId'],
    ['Mobile phone', 'mobilePhone'],
    ['Handy', 'mobilePhone'],
    ['E-Mail-Adresse', 'email'],
    ['Rolle', 'authorizationLevel'],
  ])('matches %j to %s by name', (header, key) => {
    expect(fieldForHeader(header)).toEqual({ key, by: 'name' });
  });

  it.each([
    ['Frist name', 'firstName'],
    ['Emial', 'email'],
    ['Nachnme', 'lastName'],
    ['Personalnumer', 'employeeNumber'],
    ['Heimatadresse Strase', 'homeStreet'],
    ['Berechtigungstufe', 'authorizationLevel'],
  ])('forgives the typo in %j and reads it as %s', (header, key) => {
    expect(fieldForHeader(header)).toEqual({ key, by: 'typo' });
  });

  it.each(['', '   ', '---', 'Nmae', 'Cost centre', 'Status', 'Kommentar', 'ID-Nummer'])(
    'matches no field for %j',
    (header) => {
      expect(fieldForHeader(header)).toBeUndefined();
    },
  );

  it('does not forgive typos in short names, where one field could turn into another', () => {
    expect(fieldForHeader('Notz')).toBeUndefined();
    expect(fieldForHeader('Aktv')).toBeUndefined();
  });
});
