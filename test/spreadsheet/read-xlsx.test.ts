import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { entry, handMadeXlsx, sheetXml } from './build-zip.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'spreadsheets');
const fixture = (name: string): Uint8Array => readFileSync(join(fixtures, name));

// What LibreOffice shows in the "Users" sheet of test/fixtures/make-fixtures.ts.
const HEADER = [
  'Employee number',
  'First name',
  'Mobile phone',
  'Joined',
  'Last login',
  'Sum',
  'Active',
  'Postal code',
  'Formula',
  'Error',
  'Note',
];
const ROW_2 = [
  '00491234',
  'Jürgen',
  '4915112345678',
  '2024-03-05',
  '2024-03-05T14:30:15',
  '0.3',
  'TRUE',
  '01234',
  '4915112345678-00491234',
  '#N/A',
  'Rich bold text',
];
const EXPECTED_USERS = [
  HEADER,
  ROW_2,
  [],
  ['A4', '', 'C4', '', '', '-12.5'],
  ['Ünïcödé 😀 €', '<script>alert(1)</script>', 'Müller; Straße'],
];

describe('readSpreadsheet on files written by LibreOffice', () => {
  it('reads an XLSX cell by cell as a person sees it (numbers, dates, formulas, booleans, errors, rich text, sparse rows)', () => {
    const read = readSpreadsheet(fixture('libreoffice.xlsx'), { maxRows: 100 });
    expect(read.format).toBe('xlsx');
    expect(read.sheetNames).toEqual(['Users', 'Hidden notes', 'Second']);
    expect(read.sheetName).toBe('Users');
    expect(read.rows).toEqual(EXPECTED_USERS);
  });

  it('reads an XLSX in the 1904 date system with the same dates', () => {
    const read = readSpreadsheet(fixture('libreoffice-1904.xlsx'), { maxRows: 100 });
    expect(read.rows).toEqual(EXPECTED_USERS);
    expect(readSpreadsheet(fixture('libreoffice-1904.xlsx'), { maxRows: 100, sheet: 'Second' }).rows).toEqual(
      [['Only'], ['1904-01-02']],
    );
  });

  it('reads the same cells from LibreOffice ODS', () => {
    const read = readSpreadsheet(fixture('libreoffice.ods'), { maxRows: 100 });
    expect(read.format).toBe('ods');
    expect(read.sheetNames).toEqual(['Users', 'Hidden notes', 'Second']);
    expect(read.rows).toEqual(EXPECTED_USERS);
  });

  it('reads the same cells from LibreOffice XLS (a string formula result LibreOffice does not store reads as 0)', () => {
    const read = readSpreadsheet(fixture('libreoffice.xls'), { maxRows: 100 });
    expect(read.format).toBe('xls');
    const expected = structuredClone(EXPECTED_USERS);
    (expected[1] as string[])[8] = '0';
    expect(read.rows).toEqual(expected);
  });

  it('reads another sheet by name, case-insensitively as a fallback', () => {
    expect(readSpreadsheet(fixture('libreoffice.xlsx'), { maxRows: 100, sheet: 'second' }).rows).toEqual([
      ['Only'],
      ['1904-01-02'],
    ]);
  });

  it('refuses an unknown sheet name, naming the sheets there are', () => {
    expect(() => readSpreadsheet(fixture('libreoffice.xlsx'), { maxRows: 100, sheet: 'Nope' })).toThrow(
      /no sheet named "Nope".*Users, Hidden notes, Second/,
    );
  });
});

describe('readSpreadsheet on hand-made OOXML', () => {
  const styles =
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>' +
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="49"/></cellXfs>' +
    '</styleSheet>';

  it('honours every cell type: s, inlineStr, str, n, b, e, d', () => {
    const xlsx = handMadeXlsx({
      styles,
      sharedStrings: '<sst><si><t>shared</t></si><si><t xml:space="preserve"> padded </t></si></sst>',
      sheets: [
        {
          name: 'Types',
          xml: sheetXml(
            '<row r="1">' +
              '<c r="A1" t="s"><v>0</v></c>' +
              '<c r="B1" t="inlineStr"><is><t>inline &amp; &lt;escaped&gt;</t></is></c>' +
              '<c r="C1" t="str"><f>CONCAT("a","b")</f><v>ab</v></c>' +
              '<c r="D1"><v>4.9151123456780001E+12</v></c>' +
              '<c r="E1" t="b"><v>0</v></c>' +
              '<c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
              '<c r="G1" t="d" s="1"><v>2024-02-29T00:00:00Z</v></c>' +
              '<c r="H1" t="s"><v>1</v></c>' +
              '<c r="I1"><f>0.1+0.2</f><v>0.30000000000000004</v></c>' +
              '<c r="J1"><v>1E-7</v></c>' +
              '<c r="K1"><v>3.0</v></c>' +
              '</row>',
          ),
        },
      ],
    });
    expect(readSpreadsheet(xlsx, { maxRows: 10 }).rows).toEqual([
      [
        'shared',
        'inline & <escaped>',
        'ab',
        '4915112345678',
        'FALSE',
        '#DIV/0!',
        '2024-02-29',
        ' padded ',
        '0.3',
        '0.0000001',
        '3',
      ],
    ]);
  });

  it('turns date serials into ISO dates by number format, in the 1900 and the 1904 system', () => {
    const row =
      '<row r="1"><c r="A1" s="1"><v>45356</v></c><c r="B1" s="2"><v>45356.604166666664</v></c>' +
      '<c r="C1" s="3"><v>45356</v></c><c r="D1" s="4"><v>1.75</v></c><c r="E1" s="5"><v>45356</v></c>' +
      '<c r="F1" s="1"><v>60</v></c><c r="G1" s="1"><v>1</v></c></row>';
    const in1900 = readSpreadsheet(handMadeXlsx({ styles, sheets: [{ name: 'D', xml: sheetXml(row) }] }), {
      maxRows: 10,
    });
    expect(in1900.rows).toEqual([
      ['2024-03-05', '2024-03-05T14:30:00', '2024-03-05', '42:00:00', '45356', '1900-02-29', '1900-01-01'],
    ]);
    const in1904 = readSpreadsheet(
      handMadeXlsx({ styles, date1904: true, sheets: [{ name: 'D', xml: sheetXml(row) }] }),
      {
        maxRows: 10,
      },
    );
    expect(in1904.rows[0]?.slice(0, 3)).toEqual(['2028-03-06', '2028-03-06T14:30:00', '2028-03-06']);
    expect(in1904.rows[0]?.[6]).toBe('1904-01-02');
  });

  it('places sparse cells by reference, fills gaps with empty text, trims empty trailing cells and rows', () => {
    const xlsx = handMadeXlsx({
      sheets: [
        {
          name: 'Sparse',
          xml: sheetXml(
            '<row r="2"><c r="C2" t="inlineStr"><is><t>C2</t></is></c><c r="E2" s="0"/></row>' +
              '<row r="5"><c r="A5"><v>1</v></c><c r="$AB$5"><v>2</v></c></row>' +
              '<row r="6"><c r="B6" t="inlineStr"><is><t></t></is></c></row><row r="9"/>',
          ),
        },
      ],
    });
    const rows = readSpreadsheet(xlsx, { maxRows: 10 }).rows;
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual([]);
    expect(rows[1]).toEqual(['', '', 'C2']);
    expect(rows[4]).toEqual(['1', ...Array<string>(26).fill(''), '2']);
  });

  it('reads cells without r attributes in order, and namespace-prefixed elements (x:row, x:c)', () => {
    const xlsx = handMadeXlsx({
      sheets: [
        {
          name: 'P',
          xml: sheetXml(
            '<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row>' +
              '<x:row><x:c t="b"><x:v>1</x:v></x:c></x:row>',
            'x',
          ),
        },
      ],
    });
    expect(readSpreadsheet(xlsx, { maxRows: 10 }).rows).toEqual([['a', '2'], ['TRUE']]);
  });

  it('joins rich text runs, skips phonetic guides, decodes _xHHHH_ escapes, entities and CDATA', () => {
    const xlsx = handMadeXlsx({
      sharedStrings:
        '<sst><si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r></si>' +
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>' +
        '<si><t>line_x000D_&#10;break &#x1F600; _x005F_x0041_</t></si>' +
        '<si><t><![CDATA[<not a tag> & more]]></t></si></sst>',
      sheets: [
        {
          name: 'Rich',
          xml: sheetXml(
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>',
          ),
        },
      ],
    });
    expect(readSpreadsheet(xlsx, { maxRows: 10 }).rows).toEqual([
      ['Bold and plain', '東京', 'line\r\nbreak 😀 _x0041_', '<not a tag> & more'],
    ]);
  });

  it('defaults to the first visible sheet and lists hidden ones too', () => {
    const xlsx = handMadeXlsx({
      sheets: [
        { name: 'Secret', state: 'hidden', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') },
        { name: 'Users &amp; more', xml: sheetXml('<row r="1"><c r="A1"><v>2</v></c></row>') },
      ],
    });
    const read = readSpreadsheet(xlsx, { maxRows: 10 });
    expect(read.sheetNames).toEqual(['Secret', 'Users & more']);
    expect(read.sheetName).toBe('Users & more');
    expect(read.rows).toEqual([['2']]);
  });

  it('reads the cells of a macro workbook (.xlsm) and ignores its macros', () => {
    const xlsx = handMadeXlsx({
      sheets: [
        { name: 'M', xml: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>cells</t></is></c></row>') },
      ],
      extra: [entry('xl/vbaProject.bin', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]))],
    });
    expect(readSpreadsheet(xlsx, { maxRows: 10, fileName: 'macros.xlsm' }).rows).toEqual([['cells']]);
  });

  it('finds the format from the content, not from the file name', () => {
    expect(readSpreadsheet(fixture('libreoffice.xlsx'), { maxRows: 100, fileName: 'users.csv' }).format).toBe(
      'xlsx',
    );
  });

  it('reads long texts whose characters and entities are split between inflated pieces', () => {
    const piece = '東京 &amp; 😀 ä_x000D_';
    const xml = sheetXml(
      `<row r="1"><c r="A1" t="inlineStr"><is><t>${piece.repeat(50_000)}</t></is></c></row>`,
    );
    const rows = readSpreadsheet(handMadeXlsx({ sheets: [{ name: 'L', xml }] }), { maxRows: 10 }).rows;
    expect(rows[0]?.[0]).toBe('東京 & 😀 ä\r'.repeat(50_000));
  });

  it('keeps a 1 MB cell', () => {
    const big = 'x'.repeat(1 << 20);
    const xlsx = handMadeXlsx({
      sheets: [
        { name: 'B', xml: sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${big}</t></is></c></row>`) },
      ],
    });
    expect(readSpreadsheet(xlsx, { maxRows: 10 }).rows[0]?.[0]).toHaveLength(1 << 20);
  });
});
