import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, SpreadsheetError } from '../../proxy/spreadsheet/read-spreadsheet.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'spreadsheets');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const read = (bytes: Uint8Array, csv?: Parameters<typeof readSpreadsheet>[1]['csv']) =>
  readSpreadsheet(bytes, { maxRows: 1000, csv });

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, littleEndian);
    at = 2;
  }
  for (let i = 0; i < text.length; i++, at += 2) view.setUint16(at, text.charCodeAt(i), littleEndian);
  return out;
}

/** Windows-1252 bytes of Latin-1/€ text. */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => (c === '€' ? 0x80 : c === '„' ? 0x84 : c.charCodeAt(0))));
}

describe('readSpreadsheet on CSV/TSV written by LibreOffice', () => {
  it('reads a Windows-1252 CSV with semicolons as German Excel writes it', () => {
    const result = read(readFileSync(join(fixtures, 'windows-1252-semicolon.csv')));
    expect(result).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';', sheetNames: [] });
    expect(result.rows[0]?.[0]).toBe('Employee number');
    expect(result.rows[1]?.slice(0, 3)).toEqual(['00491234', 'Jürgen', '4915112345678']);
    expect(result.rows[2]).toEqual([]);
    expect(result.rows[3]).toEqual(['A4', '', 'C4', '', '', '-12.5']);
    expect(result.rows[4]).toEqual(['Ünïcödé ? €', '<script>alert(1)</script>', 'Müller; Straße']);
  });

  it('reads UTF-16 "Unicode text" (tab-separated, with BOM) as TSV', () => {
    const result = read(readFileSync(join(fixtures, 'utf16-unicode-text.txt')));
    expect(result).toMatchObject({ format: 'tsv', encoding: 'utf-16le', delimiter: '\t' });
    expect(result.rows[4]).toEqual(['Ünïcödé 😀 €', '<script>alert(1)</script>', 'Müller; Straße']);
  });
});

describe('readSpreadsheet decodes CSV text', () => {
  const text = 'Name;Ort\nJürgen;Köln €\n';
  const expected = [
    ['Name', 'Ort'],
    ['Jürgen', 'Köln €'],
  ];

  it('honours a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(read(bytes)).toMatchObject({ encoding: 'utf-8', rows: expected });
  });

  it('honours UTF-16 LE and BE BOMs', () => {
    expect(read(utf16(text, true, true))).toMatchObject({ encoding: 'utf-16le', rows: expected });
    expect(read(utf16(text, false, true))).toMatchObject({ encoding: 'utf-16be', rows: expected });
  });

  it('recognizes BOM-less UTF-16 by its many NUL bytes', () => {
    expect(read(utf16(text, true, false))).toMatchObject({ encoding: 'utf-16le', rows: expected });
    expect(read(utf16(text, false, false))).toMatchObject({ encoding: 'utf-16be', rows: expected });
  });

  it('reads valid UTF-8 without BOM as UTF-8 and anything else as Windows-1252 (€ is 0x80, not a control character)', () => {
    expect(read(utf8(text))).toMatchObject({ encoding: 'utf-8', rows: expected });
    expect(read(windows1252(text))).toMatchObject({ encoding: 'windows-1252', rows: expected });
  });

  it('uses an explicitly chosen encoding', () => {
    const latin1 = read(windows1252('a;b\n\u00e4;x\n'), { encoding: 'iso-8859-1' });
    expect(latin1).toMatchObject({
      encoding: 'iso-8859-1',
      rows: [
        ['a', 'b'],
        ['ä', 'x'],
      ],
    });
    // Forcing Windows-1252 on UTF-8 bytes gives the classic mojibake, proving the choice is honoured.
    expect(read(utf8('ä;b\n'), { encoding: 'windows-1252' }).rows).toEqual([['Ã¤', 'b']]);
  });
});

describe('readSpreadsheet parses delimited text', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n'],
    [';', 'a;b;c\n1;2,5;3\n'],
    ['\t', 'a\tb\tc\n1\t2;x\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('detects the delimiter %j by consistent counts per line', (delimiter, text) => {
    const result = read(utf8(text));
    expect(result.delimiter).toBe(delimiter);
    expect(result.rows[0]).toEqual(['a', 'b', 'c']);
  });

  it('does not count delimiters inside quotes when detecting', () => {
    const text = 'Name;Address\n"Doe, John";"Main St. 1, 12345 Town"\n"Roe, Jane";"A, B, C"\n';
    expect(read(utf8(text))).toMatchObject({
      delimiter: ';',
      rows: [
        ['Name', 'Address'],
        ['Doe, John', 'Main St. 1, 12345 Town'],
        ['Roe, Jane', 'A, B, C'],
      ],
    });
  });

  it('uses an explicitly chosen delimiter', () => {
    expect(read(utf8('a;b,c\n'), { delimiter: ',' }).rows).toEqual([['a;b', 'c']]);
  });

  it('handles RFC 4180 quoting: embedded delimiters, doubled quotes, line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line 1\r\nline 2"\r\n"",plain,"trailing"\r\n';
    expect(read(utf8(text)).rows).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line 1\r\nline 2'],
      ['', 'plain', 'trailing'],
    ]);
  });

  it('accepts CRLF, LF and CR line ends mixed in one file', () => {
    expect(read(utf8('a,b\r\n1,2\n3,4\r5,6')).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps every cell as text: leading zeros, long numbers, dates, spaces, formulas', () => {
    const text = 'a,b,c,d,e,f\n00491234,4915112345678,05.03.2024, padded ,=1+1,1e5\n';
    expect(read(utf8(text)).rows[1]).toEqual([
      '00491234',
      '4915112345678',
      '05.03.2024',
      ' padded ',
      '=1+1',
      '1e5',
    ]);
  });

  it('trims empty trailing cells and rows but keeps empty rows in between', () => {
    expect(read(utf8('a,b,,\n\n,,\nc,,d,\n\n\n')).rows).toEqual([['a', 'b'], [], [], ['c', '', 'd']]);
  });

  it('refuses an unbalanced quote, naming the row where it starts', () => {
    const text = 'a,b\n1,2\n3,"never closed\n4,5\n';
    try {
      read(utf8(text));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SpreadsheetError);
      expect(error).toMatchObject({ code: 'unreadable-file', status: 400 });
      expect((error as Error).message).toMatch(/Row 3/);
    }
  });

  it('refuses a text file that is only whitespace as empty', () => {
    expect(() => read(utf8(' \r\n\r\n'))).toThrow(/empty/);
  });

  // Speed against PapaParse is measured by `npm run bench` (preview-csv-100k), never asserted in a test.
  it('reads 100,000 rows × 19 columns with quoted delimiters and quotes intact', () => {
    const line = (i: number): string =>
      Array.from({ length: 19 }, (_, c) => (c === 3 ? `"Street ${i}, ""${c}"""` : `v${i}-${c}`)).join(',');
    const bytes = utf8(Array.from({ length: 100_001 }, (_, i) => line(i)).join('\r\n'));
    const read = readSpreadsheet(bytes, { maxRows: 100_000 });
    expect(read.rows).toHaveLength(100_001);
    expect(read.rows[5]?.[3]).toBe('Street 5, "3"');
    expect(read.rows[100_000]?.[18]).toBe('v100000-18');
  });
});
