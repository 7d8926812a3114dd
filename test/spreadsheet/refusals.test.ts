import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, SpreadsheetError } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { writeCsv, writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';
import { buildZip, deflatedZeros, entry, handMadeXlsx, sheetXml } from './build-zip.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'spreadsheets');

/** Runs the reader and returns the refusal it throws. */
function refusal(
  bytes: Uint8Array,
  options: Partial<Parameters<typeof readSpreadsheet>[1]> = {},
): SpreadsheetError {
  try {
    readSpreadsheet(bytes, { maxRows: 100, ...options });
  } catch (error) {
    if (error instanceof SpreadsheetError) return error;
    throw error;
  }
  throw new Error('the file was read, but should have been refused');
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readSpreadsheet refuses what is not a readable spreadsheet (docs/api-guide.md#endpoints unreadable-file)', () => {
  it('refuses an empty file with 400', () => {
    expect(refusal(new Uint8Array(0))).toMatchObject({ code: 'unreadable-file', status: 400 });
  });

  it('refuses a PDF renamed to .xlsx with 415', () => {
    const pdf = ascii('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect(refusal(pdf, { fileName: 'users.xlsx' })).toMatchObject({ code: 'unreadable-file', status: 415 });
  });

  it('refuses a PNG image with 415', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(refusal(png, { fileName: 'users.csv' })).toMatchObject({ code: 'unreadable-file', status: 415 });
  });

  it('refuses binary garbage that is not text with 415', () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(refusal(garbage)).toMatchObject({ code: 'unreadable-file', status: 415 });
  });

  it('refuses a ZIP that is not a spreadsheet (a Word document) with 415', () => {
    const docx = buildZip([
      entry(
        '[Content_Types].xml',
        '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      entry('word/document.xml', '<document/>'),
    ]);
    expect(refusal(docx)).toMatchObject({ code: 'unreadable-file', status: 415 });
  });

  it('refuses a truncated XLSX with 400', () => {
    const whole = readFileSync(join(fixtures, 'libreoffice.xlsx'));
    for (const length of [10, whole.length / 2, whole.length - 30]) {
      expect(refusal(whole.subarray(0, Math.floor(length)))).toMatchObject({
        code: 'unreadable-file',
        status: 400,
      });
    }
  });

  it('refuses an XLSX whose sheet XML is broken with 400', () => {
    const xlsx = handMadeXlsx({
      sheets: [
        {
          name: 'S',
          xml:
            sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row>').slice(0, -30) +
            '<c r=',
        },
      ],
    });
    expect(refusal(xlsx)).toMatchObject({ code: 'unreadable-file', status: 400 });
  });

  it('refuses an encrypted XLSX (an OLE2 compound file with EncryptionInfo) as password-protected', () => {
    const container = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(container, '/EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(container, '/EncryptedPackage', new Uint8Array(512).fill(0x5a));
    const bytes = new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as number[]);
    const error = refusal(bytes, { fileName: 'users.xlsx' });
    expect(error).toMatchObject({ code: 'unreadable-file', status: 400 });
    expect(error.message).toMatch(/password-protected/);
  });

  it('refuses an OLE2 compound file that holds no workbook (a .doc) with 415', () => {
    const container = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(container, '/WordDocument', new Uint8Array(600).fill(1));
    const bytes = new Uint8Array(XLSX.CFB.write(container, { type: 'array' }) as number[]);
    expect(refusal(bytes)).toMatchObject({ code: 'unreadable-file', status: 415 });
  });

  it('refuses a zip bomb whose central directory declares more than 600 MB, before inflating anything', () => {
    const bomb = deflatedZeros(1100); // 1.1 GB of zeros in ~1 MB
    expect(bomb.length).toBeLessThan(2 << 20);
    const xlsx = handMadeXlsx({
      sheets: [{ name: 'S', xml: sheetXml('') }],
      extra: [{ name: 'xl/worksheets/sheet2.xml', deflated: bomb, declaredSize: 1100 * (1 << 20) }],
    });
    const error = refusal(xlsx);
    expect(error).toMatchObject({ code: 'unreadable-file', status: 400 });
    expect(error.message).toMatch(/ZIP bomb/);
  });

  it('stops inflating a zip bomb whose headers lie about its size', () => {
    // The sheet is 1.1 GB of zeros whose headers declare 2 KB.
    const raw = { deflated: deflatedZeros(1100), declaredSize: 2048 };
    const xlsx = handMadeXlsx({ sheets: [{ name: 'S', xml: '', raw }] });
    const error = refusal(xlsx);
    expect(error).toMatchObject({ code: 'unreadable-file', status: 400 });
    expect(error.message).toMatch(/ZIP bomb/);
  });

  it('refuses a ZIP with an absurd number of entries', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => entry(`f${i}`, ''));
    expect(refusal(buildZip(many))).toMatchObject({ code: 'unreadable-file', status: 400 });
  });

  it("refuses a cell beyond Excel's last column", () => {
    const xlsx = handMadeXlsx({
      sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="XFE1"><v>1</v></c></row>') }],
    });
    expect(refusal(xlsx)).toMatchObject({ code: 'unreadable-file', status: 400 });
  });
});

describe('readSpreadsheet stops at the row limit while reading (docs/api-guide.md#endpoints too-many-rows)', () => {
  const rows = (count: number): string[][] => [
    ['Email'],
    ...Array.from({ length: count }, (_, i) => [`u${i}@example.com`]),
  ];

  it('accepts exactly maxRows data rows under a header, in XLSX and CSV', () => {
    expect(readSpreadsheet(writeXlsx([{ name: 'U', rows: rows(100) }]), { maxRows: 100 }).rows).toHaveLength(
      101,
    );
    expect(readSpreadsheet(writeCsv(rows(100), { delimiter: ',' }), { maxRows: 100 }).rows).toHaveLength(101);
  });

  it('refuses maxRows + 1 data rows with 413, in XLSX, CSV, ODS and XLS', () => {
    const data = rows(101);
    const sheetJs = (bookType: XLSX.BookType): Uint8Array =>
      new Uint8Array(
        XLSX.write(
          { SheetNames: ['U'], Sheets: { U: XLSX.utils.aoa_to_sheet(data) } },
          { type: 'array', bookType },
        ) as ArrayBuffer,
      );
    for (const bytes of [
      writeXlsx([{ name: 'U', rows: data }]),
      writeCsv(data, { delimiter: ';' }),
      sheetJs('ods'),
      sheetJs('biff8'),
    ]) {
      expect(refusal(bytes)).toMatchObject({ code: 'too-many-rows', status: 413 });
    }
  });

  it('does not count empty rows, and allows more rows above the data with headerRows', () => {
    const data = [['Title'], [], ['Email'], ...rows(100).slice(1), [], []];
    expect(
      readSpreadsheet(writeCsv(data, { delimiter: ',' }), { maxRows: 100, headerRows: 2 }).rows,
    ).toHaveLength(103);
    expect(refusal(writeCsv(data, { delimiter: ',' }), { maxRows: 100, headerRows: 1 })).toMatchObject({
      code: 'too-many-rows',
    });
  });

  it('refuses a 200,000-row file over the row limit', () => {
    const huge = writeCsv(rows(200_000), { delimiter: ',' });
    expect(refusal(huge, { maxRows: 10 })).toMatchObject({ code: 'too-many-rows' });
    expect(readSpreadsheet(huge, { maxRows: 300_000 }).rows).toHaveLength(200_001); // header + data
  });
});
