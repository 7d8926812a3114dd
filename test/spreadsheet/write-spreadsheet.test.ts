import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import {
  neutralizeFormula,
  removeFormulaGuard,
  writeCsv,
  writeOds,
  writeXlsx,
} from '../../proxy/spreadsheet/write-spreadsheet.ts';

// Texts that break naive writers: leading zeros, E.164, unicode and emoji, markup, formulas, XML-invalid
// control characters, CR/LF/TAB, OOXML's own escape syntax, surrounding spaces, quotes and delimiters.
const TRICKY: string[][] = [
  ['Employee number', 'Mobile phone', 'Name', 'Note', 'Postal code'],
  ['00491234', '+4915112345678', 'Jürgen Müller-Lüdenscheidt', '<script>alert("x")</script> & more', '01234'],
  ['007', '=HYPERLINK("http://evil")', '東京 😀 👩‍👩‍👧', 'a\r\nb\nc\rd\te', '-5'],
  [],
  ['', '', 'sparse', '', ''],
  [' leading', 'trailing ', '"quoted"', 'semi;colon, comma|pipe', '@sum'],
  ['\u0001\u0008\u001f\u007f', '_x0041_ stays', "'already", '\uFFFF', 'é'.normalize('NFD')],
];
// Reading trims trailing empty cells.
const trimmed = (rows: string[][]): string[][] =>
  rows.map((row) => {
    const copy = [...row];
    while (copy.length > 0 && copy[copy.length - 1] === '') copy.pop();
    return copy;
  });

const hasSoffice = ((): boolean => {
  try {
    execFileSync('which', ['soffice'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('writeXlsx', () => {
  it('round-trips every text exactly through readSpreadsheet', () => {
    const bytes = writeXlsx([{ name: 'Users', rows: TRICKY }]);
    const read = readSpreadsheet(bytes, { maxRows: 100 });
    expect(read.rows).toEqual(trimmed(TRICKY));
  });

  it('keeps a 1 MB cell', () => {
    const big = 'ä'.repeat(1 << 20);
    const read = readSpreadsheet(writeXlsx([{ name: 'Big', rows: [['Note'], [big]] }]), { maxRows: 10 });
    expect(read.rows[1]?.[0]).toBe(big);
  });

  it('writes every cell as a text cell with the text number format, the header bold, frozen and filtered', () => {
    const files = unzipSync(
      writeXlsx([
        {
          name: 'Users',
          rows: [
            ['Phone', 'Code'],
            ['0049', '12345'],
          ],
          columnWidths: [20, 12],
        },
      ]),
    );
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    const styles = strFromU8(files['xl/styles.xml'] as Uint8Array);
    expect(sheet).toContain('<c r="A2" s="1" t="inlineStr"><is><t>0049</t></is></c>');
    expect(sheet).toMatch(/<c r="A1" s="2" t="inlineStr">/);
    expect(styles).toMatch(/<xf numFmtId="49" fontId="1"[^>]*applyFont="1"/); // style 2: bold text header
    expect(styles).toContain('<font><b/>');
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<autoFilter ref="A1:B2"/>');
    expect(sheet).toContain('<col min="1" max="1" width="20" customWidth="1" style="1"/>');
    expect(strFromU8(files['xl/workbook.xml'] as Uint8Array)).toContain("'Users'!$A$1:$B$2");
  });

  it('marks cells that look like formulas with quotePrefix instead of changing them', () => {
    const files = unzipSync(writeXlsx([{ name: 'S', rows: [['H'], ['=1+1'], ['plain']] }]));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).toContain('<c r="A2" s="3" t="inlineStr"><is><t>=1+1</t></is></c>');
    expect(strFromU8(files['xl/styles.xml'] as Uint8Array)).toMatch(
      /<xf numFmtId="49"[^>]*quotePrefix="1"\/>/,
    );
  });

  it('writes well-formed XML even for control characters', () => {
    const files = unzipSync(writeXlsx([{ name: 'S', rows: TRICKY }]));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    // eslint-disable-next-line no-control-regex
    expect(sheet).not.toMatch(/[\u0000-\u0008\u000b-\u001f\uFFFE\uFFFF]/);
    expect(sheet).toContain('_x0001__x0008__x001F_');
    expect(sheet).toContain('_x005F_x0041_ stays');
  });

  it('writes several sheets with valid, unique names', () => {
    const bytes = writeXlsx([
      { name: 'Users', rows: [['a']] },
      { name: 'Field info: what/why?', rows: [['b']] },
      { name: 'users', rows: [['c']] },
    ]);
    const read = readSpreadsheet(bytes, { maxRows: 10, sheet: 'Field info_ what_why_' });
    expect(read.sheetNames).toEqual(['Users', 'Field info_ what_why_', 'users~2']);
    expect(read.rows).toEqual([['b']]);
  });

  it('can be opened by SheetJS, which sees text cells', () => {
    const workbook = XLSX.read(writeXlsx([{ name: 'Users', rows: TRICKY }]), { type: 'array' });
    const sheet = workbook.Sheets.Users as XLSX.WorkSheet;
    expect(sheet.A2).toMatchObject({ t: 's', v: '00491234' });
    expect(sheet.B2).toMatchObject({ t: 's', v: '+4915112345678' });
    expect(sheet.C3).toMatchObject({ t: 's', v: '東京 😀 👩‍👩‍👧' });
    expect(sheet['!autofilter']).toEqual({ ref: 'A1:E7' });
  });

  it.skipIf(!hasSoffice)(
    'can be opened by LibreOffice, which keeps leading zeros and shows formulas as text',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'xlsx-soffice-'));
      try {
        writeFileSync(join(dir, 'users.xlsx'), writeXlsx([{ name: 'Users', rows: TRICKY.slice(0, 3) }]));
        execFileSync(
          'soffice',
          [
            '--headless',
            '--norestore',
            '--convert-to',
            'csv:Text - txt - csv (StarCalc):44,34,76',
            '--outdir',
            dir,
            join(dir, 'users.xlsx'),
          ],
          { stdio: 'ignore', timeout: 120_000, env: { ...process.env, HOME: dir } },
        );
        const csv = readSpreadsheet(readFileSync(join(dir, 'users.csv')), { maxRows: 10 });
        expect(csv.rows[1]?.slice(0, 3)).toEqual([
          '00491234',
          '+4915112345678',
          'Jürgen Müller-Lüdenscheidt',
        ]);
        expect(csv.rows[2]?.slice(0, 3)).toEqual(['007', '=HYPERLINK("http://evil")', '東京 😀 👩‍👩‍👧']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('writeCsv', () => {
  it('writes UTF-8 with BOM, CRLF and quotes only where needed', () => {
    const bytes = writeCsv(
      [
        ['a', 'b;c', 'say "hi"'],
        ['x\ny', '', 'plain'],
      ],
      { delimiter: ';' },
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.subarray(3))).toBe('a;"b;c";"say ""hi"""\r\n"x\ny";;plain\r\n');
  });

  it.each([',', ';', '\t'] as const)(
    'round-trips every text exactly with delimiter %j (guard off)',
    (delimiter) => {
      const read = readSpreadsheet(writeCsv(TRICKY, { delimiter, guardFormulas: false }), { maxRows: 100 });
      expect(read.delimiter).toBe(delimiter);
      expect(read.rows).toEqual(trimmed(TRICKY));
    },
  );

  it('guards formula-like cells by default, and removeFormulaGuard gives back the original', () => {
    const read = readSpreadsheet(writeCsv(TRICKY, { delimiter: ';' }), { maxRows: 100 });
    expect(read.rows[2]?.[1]).toBe('\'=HYPERLINK("http://evil")');
    expect(read.rows[1]?.[1]).toBe("'+4915112345678");
    expect(read.rows.map((row) => row.map(removeFormulaGuard))).toEqual(trimmed(TRICKY));
  });
});

describe('neutralizeFormula', () => {
  it.each(['=1+1', '+49151', '-5', '@SUM(A1)', '\tx', '\rx', "'=already guarded"])(
    'prefixes %j with an apostrophe',
    (cell) => {
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
      expect(removeFormulaGuard(neutralizeFormula(cell))).toBe(cell);
    },
  );

  it.each(['', 'plain', '00491234', "it's", "'quoted"])('leaves %j alone', (cell) => {
    expect(neutralizeFormula(cell)).toBe(cell);
    expect(removeFormulaGuard(cell)).toBe(cell);
  });
});

describe('apostrophes in XLSX and ODS cells', () => {
  // Import takes a guard off cells of every format (a guarded CSV saved as XLSX keeps it), so a text that already
  // starts with apostrophes before = + - @ gets one more in the spreadsheet formats too, and comes back exactly.
  const rows = [
    ['Note', 'Name'],
    ["'=already guarded", "'quoted"],
    ["''+49", '=1+1'],
  ];
  it.each([
    ['XLSX', () => writeXlsx([{ name: 'Users', rows }])],
    ['ODS', () => writeOds([{ name: 'Users', rows }])],
  ])('%s: reading and removing the guards gives back the original texts', (_format, write) => {
    const read = readSpreadsheet(write(), { maxRows: 10 });
    expect(read.rows[1]).toEqual(["''=already guarded", "'quoted"]);
    expect(read.rows.map((row) => row.map(removeFormulaGuard))).toEqual(rows);
  });
});

describe('writeOds', () => {
  it('writes an ODS whose text cells read back unchanged', () => {
    const rows = TRICKY.slice(0, 3);
    const read = readSpreadsheet(
      writeOds([
        { name: 'Users', rows },
        { name: 'Info', rows: [['x']] },
      ]),
      { maxRows: 10 },
    );
    expect(read.format).toBe('ods');
    expect(read.sheetNames).toEqual(['Users', 'Info']);
    expect(read.rows).toEqual(rows);
  });
});
