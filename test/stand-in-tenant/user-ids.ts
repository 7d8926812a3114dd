// User ids and user names the stand-in assigns, as portatour does: random ids for new users, stable ones for
// seeded users (so demo links survive a reset), and user names built from the person's name.
import { createHash, randomBytes } from 'node:crypto';
import { emailKey } from './user-fields.ts';

/** German umlauts as Germans write them in addresses, and letters that NFKD does not decompose. */
const TRANSLITERATION: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ı: 'i',
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
  đ: 'd',
  Đ: 'D',
};

/** `anna.schmidt` from "Anna" "Schmidt", `juergen.weiss` from "Jürgen" "Weiß": ASCII, lower case. */
export function userNameBase(givenName: string, familyName: string): string {
  const slug = (text: string) =>
    text
      .replace(/[äöüÄÖÜßıłŁøØæÆœŒđĐ]/g, (letter) => TRANSLITERATION[letter] ?? letter)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return [slug(givenName), slug(familyName)].filter((part) => part !== '').join('.') || 'user';
}

export function newUserId(): string {
  return `u${randomBytes(8).toString('hex')}`;
}

/** Seeded users get the same id after every reset, so demos and tests can name them. */
export function seededUserId(tenantId: string, email: string): string {
  return `u${createHash('sha256')
    .update(`${tenantId}\n${emailKey(email)}`)
    .digest('hex')
    .slice(0, 16)}`;
}
