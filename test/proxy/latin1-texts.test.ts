// Strings of a page read as Latin-1 are decoded again as UTF-8 while each user is made: the result must be exactly
// what reading the page as UTF-8 gives, for any string, however often it repeats and however long it is.
import { describe, expect, it } from 'vitest';
import { latin1Texts } from '../../proxy/user-api/scim-answers.ts';

/** The string as JSON.parse gives it from the UTF-8 bytes read as Latin-1. */
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('latin1Texts', () => {
  it('gives back characters of one to four UTF-8 bytes, and ASCII as it is', () => {
    const text = latin1Texts();
    for (const value of [
      'Ascii only',
      'Zoë Müller',
      'Małgorzata Wąsowska-Żółć',
      'Nord → Ost',
      'Jürgen 😀 中村',
      '',
    ])
      expect(text(asLatin1(value))).toBe(value);
  });

  it('decodes a string seen before the same way, also past the number of strings it keeps', () => {
    const text = latin1Texts();
    for (let round = 0; round < 2; round++)
      for (let index = 0; index < 5000; index++)
        expect(text(asLatin1(`Straße ${index}`))).toBe(`Straße ${index}`);
  });

  it('decodes strings longer than its buffer', () => {
    const long = 'ł'.repeat(3000) + ' Ende';
    expect(latin1Texts()(asLatin1(long))).toBe(long);
  });

  it('turns invalid UTF-8 into U+FFFD as reading the page as UTF-8 does', () => {
    const bytes = Buffer.from([0x41, 0xc3, 0x28, 0xff, 0x42, 0xe2, 0x82]);
    expect(latin1Texts()(bytes.toString('latin1'))).toBe(bytes.toString('utf8'));
  });

  it('decodes the strings of a list and leaves other values as they are', () => {
    const text = latin1Texts();
    expect(text([asLatin1('Süd'), 3, null, asLatin1('Nord')])).toEqual(['Süd', 3, null, 'Nord']);
    for (const value of [true, false, null, undefined, 42, { name: asLatin1('ł') }])
      expect(text(value)).toBe(value);
  });
});
