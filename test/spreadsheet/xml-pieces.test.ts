// The byte writer of the XLSX sheet XML escapes and encodes cell texts exactly as the regular expressions below
// and UTF-8 do, also when a text is split between pieces, and gives pushed pieces' buffers back for reuse.
import { describe, expect, it } from 'vitest';
import { XmlPieces } from '../../proxy/spreadsheet/xml-pieces.ts';

// Characters XML 1.0 cannot hold (C0 controls except TAB/LF, U+FFFE/U+FFFF), CR and text that looks like OOXML's
// own `_xHHHH_` escape become `_xHHHH_`; lone surrogates become U+FFFD; & < > become entities.
/* eslint-disable no-control-regex -- matching control characters is the point here */
const ESCAPES =
  /[&<>\x00-\x08\x0B-\x1F\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;
/* eslint-enable no-control-regex */

function expected(text: string): Buffer {
  const escaped = text.replace(ESCAPES, (match) => {
    if (match === '&') return '&amp;';
    if (match === '<') return '&lt;';
    if (match === '>') return '&gt;';
    if (match.length === 2) return match;
    const code = match.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
    return `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`;
  });
  return Buffer.from(escaped, 'utf8');
}

function written(texts: string[], size: number): { bytes: Buffer; pieces: number } {
  const parts: Uint8Array[] = [];
  const out = new XmlPieces((bytes) => parts.push(Buffer.from(bytes)), size);
  for (const text of texts) out.text(text);
  out.finish();
  return { bytes: Buffer.concat(parts), pieces: parts.length };
}

const SAMPLES = [
  'plain ascii',
  'Jürgen Weiß, Małgorzata Nováková',
  'a & b < c > d',
  'tab\tline\nreturn\rbell\u0007null\u0000',
  '_x0041_ and _x00zz_ and _X0041_ and _x0041 and __x1234__x5678_',
  'emoji 😀 pair, lone high \uD83D end, lone low \uDE00 x, high at end \uD83D',
  'non-characters \uFFFE \uFFFF and \uFFFD and \u20AC, controls \u001A\u001B\u000B\u000C',
  'surrogate edges \uD800\uDC00 \uDBFF\uDFFF \uDBFF\uDBFF\uDC00 \uDC00\uD800',
  '',
  '=1+2',
];

describe('XmlPieces.text', () => {
  it('writes the escaped UTF-8 of each sample', () => {
    for (const text of SAMPLES) expect(written([text], 1 << 16).bytes).toEqual(expected(text));
  });

  it('writes random texts as the escape expressions and UTF-8 do, across piece boundaries', () => {
    const alphabet = [
      'a',
      'Z',
      ' ',
      '_',
      'x',
      '0',
      'F',
      '&',
      '<',
      '>',
      '\t',
      '\n',
      '\r',
      '\u0001',
      'ü',
      '€',
      '\uD83D',
      '\uDE00',
      '\uFFFE',
      '\uFFFF',
      '"',
      "'",
    ];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const texts = Array.from({ length: 300 }, () =>
      Array.from({ length: random(200) }, () => alphabet[random(alphabet.length)]).join(''),
    );
    const { bytes, pieces } = written(texts, 64);
    expect(pieces).toBeGreaterThan(100);
    expect(bytes).toEqual(Buffer.concat(texts.map(expected)));
  });

  it('reuses the buffer of a piece given back after deflating', () => {
    const buffers = new Set<ArrayBufferLike>();
    let pushed = 0;
    const out: XmlPieces = new XmlPieces((bytes) => {
      pushed++;
      buffers.add(bytes.buffer);
      out.recycle(bytes);
    }, 8192);
    for (let i = 0; i < 100; i++) out.text('x'.repeat(1000));
    out.finish();
    expect(pushed).toBeGreaterThan(10);
    expect(buffers.size).toBe(1);
  });
});

describe('XmlPieces.digits', () => {
  it('writes integers with at least the given number of digits', () => {
    const parts: Uint8Array[] = [];
    const out = new XmlPieces((bytes) => parts.push(Buffer.from(bytes)), 16);
    for (const [value, width] of [
      [0, 1],
      [7, 1],
      [10, 1],
      [1_048_576, 1],
      [42, 9],
      [999_999_988, 9],
    ])
      out.digits(value!, width);
    out.finish();
    expect(Buffer.concat(parts).toString('latin1')).toBe('07101048576000000042999999988');
  });
});
