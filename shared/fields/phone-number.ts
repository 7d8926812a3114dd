// Phone numbers → E.164 with libphonenumber-js. The `max` metadata: only it checks a number's digits against
// each country's numbering plan; with `min` (length only) "0123 4" passed as a German number. Bundled alone
// and minified, max is 49.5 KB gzip against min's 29.1 KB; it is in the wizard's dialog chunk (for the in-place
// check of a corrected cell), never in the content script.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Parsed } from './field-values.ts';

export interface PhoneReading {
  /** E.164, e.g. "+491714567890". */
  value: string;
  /** The number had no country code: it was read with the default country. */
  national: boolean;
}

/** "Germany", "Deutschland": a country's name in the message's language. */
export function countryName(code: string, lang: 'en' | 'de'): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const fail = (message: string, messageDe: string): Parsed<never> => ({ ok: false, message, messageDe });

function e164If(text: string, country?: string): string | undefined {
  const number = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  return number?.isValid() ? number.number : undefined;
}

/**
 * Reads a phone number as people type it: "+49 171 4567890", "0049 …", "+49 (0)171 …" (the "(0)" is the
 * national trunk prefix, dropped when dialling internationally), a national "0171 4567890" or "(212) 555-0100"
 * in `defaultCountry` (the company's), and digits without "+" from a cell that Excel turned into a number.
 */
export function readPhone(text: string, defaultCountry: string): Parsed<PhoneReading> {
  // A row's number is read twice when its user lives abroad (the value, then the check whether it was meant
  // for the home country); libphonenumber's reading was ~8% of a 100,000-row preview's CPU.
  if (last !== undefined && last.text === text && last.defaultCountry === defaultCountry) return last.reading;
  const reading = readPhoneOnce(text, defaultCountry);
  last = { text, defaultCountry, reading };
  return reading;
}

/** The last number read: results are values, never changed by their readers. */
let last: { text: string; defaultCountry: string; reading: Parsed<PhoneReading> } | undefined;

function readPhoneOnce(text: string, defaultCountry: string): Parsed<PhoneReading> {
  const compact = text
    .trim()
    .replace(/^(\+|00)(\d{1,3})\s*\(0\)/, '$1$2')
    .replace(/[\s\-./()\u00a0]/g, '');
  if (!/^\+?\d+$/.test(compact))
    return fail(`'${text}' is not a phone number`, `'${text}' ist keine Telefonnummer`);
  if (compact.startsWith('+') || compact.startsWith('00')) {
    const value = e164If(compact.startsWith('+') ? compact : `+${compact.slice(2)}`);
    return value
      ? { ok: true, value: { value, national: false } }
      : fail(
          `'${text}' is not a valid international phone number`,
          `'${text}' ist keine gültige internationale Telefonnummer`,
        );
  }
  const national = e164If(compact, defaultCountry);
  // "4915112345678": Excel dropped the "+". A national number rarely has 11 digits or more without its trunk
  // prefix, an international one rarely fewer.
  const international = compact.startsWith('0') ? undefined : e164If(`+${compact}`);
  if (international && (!national || compact.length >= 11))
    return { ok: true, value: { value: international, national: false } };
  if (national) return { ok: true, value: { value: national, national: true } };
  return fail(
    `'${text}' is not a valid phone number in ${countryName(defaultCountry, 'en')}; give numbers from other countries with their country code (+…)`,
    `'${text}' ist keine gültige Telefonnummer in ${countryName(defaultCountry, 'de')}; Nummern anderer Länder bitte mit Landesvorwahl (+…)`,
  );
}

/**
 * A national number that is also a valid number of `otherCountry` (say, the home country of a user living
 * abroad): the reading with the company's country may not be the one meant.
 */
export function phoneAlsoValidIn(text: string, otherCountry: string): string | undefined {
  return e164If(text.trim(), otherCountry);
}
