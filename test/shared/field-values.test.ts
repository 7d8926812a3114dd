// Cell values people type into German and English spreadsheets → one canonical value (docs/api-guide.md#fields).
import { describe, expect, it } from 'vitest';
import { countryCodeOf } from '../../shared/fields/countries.ts';
import {
  emailKey,
  foldText,
  parseAuthorizationLevel,
  parseCountry,
  parseLanguage,
  parsePhone,
  parseText,
  parseYesNo,
  sameGroups,
} from '../../shared/fields/field-values.ts';
import { FIELD_CATALOGUE, fieldLimit } from '../../shared/fields/field-catalogue.ts';
// E-mail and user groups through parseCell: their limits are the catalogue's, and these tests hold its numbers.
import { parseCell } from '../../shared/fields/parse-cell.ts';
import { USER_FIELDS } from '../../shared/fields/user-fields.ts';

const valueOf = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }) =>
  parsed.ok ? parsed.value : `error: ${parsed.message}`;

describe('foldText', () => {
  it('removes case, accents, ß and punctuation', () => {
    expect(foldText('E-Mail')).toBe('email');
    expect(foldText(' Heimatadresse  Straße ')).toBe('heimatadressestrasse');
    expect(foldText('Größe_(cm)')).toBe('grossecm');
  });
});

describe('yes/no', () => {
  it.each(['Yes', 'ja', 'JA', 'true', 'WAHR', '1', 'x', 'X', ' y '])('reads %j as Yes', (text) => {
    expect(parseYesNo(text)).toEqual({ ok: true, value: true });
  });
  it.each(['No', 'nein', 'FALSE', 'falsch', '0', 'n'])('reads %j as No', (text) => {
    expect(parseYesNo(text)).toEqual({ ok: true, value: false });
  });
  it('refuses anything else with a message that names the accepted values', () => {
    expect(parseYesNo('maybe')).toEqual({
      ok: false,
      message: expect.stringContaining('Ja/Nein'),
      messageDe: expect.stringContaining('Yes/No'),
    });
  });
});

describe('authorization level', () => {
  it.each([
    ['User', 'User'],
    ['benutzer', 'User'],
    ['0', 'User'],
    ['Vorgesetzter', 'Supervisor'],
    ['1', 'Supervisor'],
    ['ADMINISTRATOR', 'Administrator'],
    ['admin', 'Administrator'],
    ['2', 'Administrator'],
  ])('reads %j as %s', (text, level) => {
    expect(parseAuthorizationLevel(text)).toEqual({ ok: true, value: level });
  });
  it('refuses an unknown level', () => {
    expect(parseAuthorizationLevel('3').ok).toBe(false);
    expect(parseAuthorizationLevel('Chef').ok).toBe(false);
  });
});

describe('language', () => {
  it.each([
    ['de', 'de'],
    ['EN', 'en'],
    ['de-AT', 'de'],
    ['en_GB', 'en'],
    ['Deutsch', 'de'],
    ['German', 'de'],
    ['Englisch', 'en'],
    ['français', 'fr'],
    ['Italienisch', 'it'],
    ['čeština', 'cs'],
    ['Polish', 'pl'],
  ])('reads %j as %s', (text, code) => {
    expect(valueOf(parseLanguage(text))).toBe(code);
  });
  it('refuses a language portatour does not speak', () => {
    expect(parseLanguage('pt').ok).toBe(false);
    expect(parseLanguage('Klingon').ok).toBe(false);
  });
});

describe('country', () => {
  it.each([
    ['DE', 'DE'],
    ['de', 'DE'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ['Österreich', 'AT'],
    ['Oesterreich', 'AT'],
    ['Schweiz', 'CH'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['Großbritannien', 'GB'],
    ['USA', 'US'],
    ['Niederlande', 'NL'],
    ['Czech Republic', 'CZ'],
    ['Tschechien', 'CZ'],
    ['Francja', 'FR'],
  ])('reads %j as %s', (text, code) => {
    expect(valueOf(parseCountry(text))).toBe(code);
  });
  it('refuses what is not a country', () => {
    expect(parseCountry('Narnia').ok).toBe(false);
    expect(parseCountry('ZZ').ok).toBe(false);
    expect(countryCodeOf('')).toBeUndefined();
  });
});

describe('email', () => {
  it('trims and keeps the case of an address', () => {
    expect(parseCell('email', '  Anna.Arndt+crm@Example.co.uk ')).toEqual({
      ok: true,
      value: 'Anna.Arndt+crm@Example.co.uk',
    });
  });
  it.each([
    'anna',
    'anna@',
    '@example.com',
    'anna@example',
    'an na@example.com',
    'a@b@example.com',
    'anna@example..com',
  ])('refuses %j', (text) => {
    expect(parseCell('email', text).ok).toBe(false);
  });
  it('refuses an address longer than 254 characters', () => {
    expect(parseCell('email', `${'a'.repeat(250)}@example.com`).ok).toBe(false);
  });
  it('compares addresses trimmed and case-insensitive', () => {
    expect(emailKey(' Anna@Example.COM ')).toBe(emailKey('anna@example.com'));
  });
});

describe('phone → E.164', () => {
  it.each([
    ['+49 151 1234-5678', '+4915112345678'],
    ['0049 (151) 12345678', '+4915112345678'],
    ['0151 / 123 456 78', '+4915112345678'],
    ['4915112345678', '+4915112345678'],
    ['+49 (0)151 12345678', '+4915112345678'],
    ['+43 (0) 664 1234567', '+436641234567'],
  ])('stores %j as %s', (text, e164) => {
    expect(valueOf(parsePhone(text))).toBe(e164);
  });
  it('reads a national number in the given country by its numbering plan', () => {
    expect(valueOf(parsePhone('0664 1234567', 'AT'))).toBe('+436641234567');
    expect(valueOf(parsePhone('079 123 45 67', 'CH'))).toBe('+41791234567');
    // Italy keeps the leading 0 of fixed-line numbers after its country code.
    expect(valueOf(parsePhone('06 1234 5678', 'IT'))).toBe('+390612345678');
    // The US has no trunk 0: the area code in brackets is part of the national number (not Morocco's +212).
    expect(valueOf(parsePhone('(212) 555-0100', 'US'))).toBe('+12125550100');
    expect(valueOf(parsePhone('0171 4567890', 'DE'))).toBe('+491714567890');
  });
  it('refuses a national number that cannot be valid, naming the country', () => {
    expect(parsePhone('0123 4', 'DE')).toEqual({
      ok: false,
      message: expect.stringContaining('in Germany'),
      messageDe: expect.stringContaining('in Deutschland'),
    });
    expect(parsePhone('06 12', 'IT')).toMatchObject({ message: expect.stringContaining('Italy') });
  });
  it.each(['call me', '+49 12', '+0 151 12345678', '+49 151 1234567890123', '+1 555'])(
    'refuses %j',
    (text) => {
      expect(parsePhone(text).ok).toBe(false);
    },
  );
});

describe('limits: one source', () => {
  it('the cell parsers refuse exactly what the value schemas refuse', () => {
    const email = `${'a'.repeat(fieldLimit(FIELD_CATALOGUE.email, 'maxLength') - 12)}@example.com`;
    for (const [key, text, value] of [
      ['email', email, email],
      ['email', `a${email}`, `a${email}`],
      ['userGroups', 'g'.repeat(40), ['g'.repeat(40)]],
      ['userGroups', 'g'.repeat(41), ['g'.repeat(41)]],
      ['note', 'n'.repeat(1001), 'n'.repeat(1001)],
    ] as const) {
      const parsed = parseCell(key, text);
      expect(parsed.ok, `${key} ${text.length}`).toBe(USER_FIELDS[key].valueSchema.safeParse(value).success);
    }
  });
});

describe('user groups', () => {
  it('splits at commas, trims, drops empty parts and repeats (case-insensitive)', () => {
    expect(parseCell('userGroups', ' Sales, North ,, sales ,Süd')).toEqual({
      ok: true,
      value: ['Sales', 'North', 'Süd'],
    });
  });
  it('refuses a group name over 40 characters', () => {
    expect(parseCell('userGroups', `ok, ${'g'.repeat(41)}`).ok).toBe(false);
    expect(parseCell('userGroups', 'g'.repeat(40)).ok).toBe(true);
  });
  it('refuses more than 97 groups for one user', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `G${i}`).join(',');
    expect(parseCell('userGroups', names(97)).ok).toBe(true);
    expect(parseCell('userGroups', names(98)).ok).toBe(false);
  });
  it('compares groups as sets, ignoring order and case', () => {
    expect(sameGroups(['A', 'b'], ['B', 'a'])).toBe(true);
    expect(sameGroups(['A', 'b'], ['A'])).toBe(false);
    expect(sameGroups(['A', 'b'], ['A', 'c'])).toBe(false);
  });
});

describe('text', () => {
  it('trims and accepts up to the maximum length', () => {
    expect(parseText(` ${'x'.repeat(100)} `, 100)).toEqual({ ok: true, value: 'x'.repeat(100) });
  });
  it('refuses text over the maximum length, saying how long it is', () => {
    expect(parseText('x'.repeat(101), 100)).toEqual({
      ok: false,
      message: expect.stringContaining('101'),
      messageDe: expect.stringContaining('101 Zeichen'),
    });
  });
  it('keeps line breaks and tabs but refuses control and text-direction characters', () => {
    expect(parseText('line 1\nline 2\tend', 1000).ok).toBe(true);
    expect(parseText('bell\u0007', 1000).ok).toBe(false);
    expect(parseText('evil\u202Etxt.exe', 1000).ok).toBe(false);
  });
});
