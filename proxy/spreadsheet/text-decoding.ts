// The encoding of CSV/TSV bytes (BOMs, BOM-less UTF-16, valid UTF-8 else Windows-1252, as German
// Excel writes "CSV (Trennzeichen-getrennt)"). Node 20's TextDecoder treats windows-1252 as Latin-1
// (0x80 → U+0080 instead of €), so the C1 range is mapped by hand.
import { isUtf8 } from 'node:buffer';
import { notASpreadsheet } from './spreadsheet-error.ts';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1';

export interface Utf8Text {
  /** The file's text as UTF-8 bytes, without a BOM: the file's own bytes whenever it is UTF-8 already. */
  utf8: Buffer;
  encoding: TextEncodingName;
}

// Windows-1252 0x80–0x9F (WHATWG encoding index); the five undefined bytes stay as their C1 code points.
const WINDOWS_1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * The text of CSV/TSV bytes as UTF-8 bytes, so the parser can cut cells out of bytes (csv-reader.ts). A UTF-8
 * file, by far the most common, is not copied at all; the other encodings are decoded and re-encoded.
 */
export function utf8TextOf(bytes: Uint8Array, requested: 'auto' | TextEncodingName = 'auto'): Utf8Text {
  const view = (part: Uint8Array) => Buffer.from(part.buffer, part.byteOffset, part.byteLength);
  const bom = bomOf(bytes);
  const as = (encoding: TextEncodingName, skip: number): Utf8Text =>
    encoding === 'utf-8'
      ? { utf8: view(bytes.subarray(skip)), encoding }
      : { utf8: Buffer.from(decodeAs(bytes.subarray(skip), encoding), 'utf8'), encoding };
  if (requested !== 'auto') return as(requested, bom && bom.encoding === requested ? bom.length : 0);
  if (bom) return as(bom.encoding, bom.length);
  const utf16 = guessUtf16(bytes);
  if (utf16) return as(utf16, 0);
  return as(isUtf8(bytes) ? 'utf-8' : 'windows-1252', 0);
}

function bomOf(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** BOM-less UTF-16: many NUL bytes, nearly all on odd (LE) or even (BE) positions for Latin text. */
function guessUtf16(bytes: Uint8Array): TextEncodingName | undefined {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const half = sample / 2;
  if (odd > half * 0.3 && even < odd / 10) return 'utf-16le';
  if (even > half * 0.3 && odd < even / 10) return 'utf-16be';
  return undefined;
}

function decodeAs(bytes: Uint8Array, encoding: TextEncodingName): string {
  switch (encoding) {
    case 'utf-8':
    case 'utf-16le':
    case 'utf-16be':
      return new TextDecoder(encoding).decode(bytes);
    case 'iso-8859-1':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    case 'windows-1252': {
      const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
      return latin1.replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
    }
  }
}

/**
 * Binary files that are not spreadsheets (PDF, images, archives…) or text full of control characters:
 * refused with 415 before any CSV parsing (docs/api-guide.md#endpoints, unreadable-file).
 */
export function refuseBinaryText(text: string): void {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
    if (code === 0xfffd) control++;
  }
  if (control > sample.length / 50) {
    throw notASpreadsheet('The file is not a spreadsheet (XLSX, XLS, ODS, CSV or TSV).');
  }
}
