// Date-time columns of exports are date cells in UTC (docs/administrators.md#dates-and-times), and read back as the
// same instants.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { writeOds, writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';

const ROWS = [
  ['Email', 'Last login', 'Access link sent'],
  ['anna@example.com', '2026-11-26T07:41:00.000Z', '2024-02-01T09:12:30.000Z'],
  ['bob@example.com', '', '2024-02-01T10:12:00+01:00'],
  ['carla@example.com', 'typed by hand', '2025-03-30T23:59:59.600Z'],
];
const DATE_COLUMNS = [false, true, true];
// What the reader gives for a date-time cell: ISO without a zone, to the second (the 0.6 s round up).
const READ_BACK = [
  ['Email', 'Last login', 'Access link sent'],
  ['anna@example.com', '2026-11-26T07:41:00', '2024-02-01T09:12:30'],
  ['bob@example.com', '', '2024-02-01T09:12:00'],
  ['carla@example.com', 'typed by hand', '2025-03-31T00:00:00'],
];

describe('date columns in XLSX', () => {
  const bytes = writeXlsx([{ name: 'Users', rows: ROWS, dateColumns: DATE_COLUMNS }]);

  it('writes ISO date-times as numeric date serials in UTC with a date-time number format', () => {
    const files = unzipSync(bytes);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    const styles = strFromU8(files['xl/styles.xml'] as Uint8Array);
    // Days since 1899-12-30, the time of day as the fraction: 2026-11-26 is day 46352, 07:41 is 461/1440 of a day.
    const serial = Number(/<c r="B2" s="5"><v>([\d.]+)<\/v><\/c>/.exec(sheet)?.[1]);
    expect(serial).toBeCloseTo(46352 + 461 / 1440, 9);
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm &quot;UTC&quot;"/>');
    expect(styles).toMatch(
      /<cellXfs count="6">(<xf [^>]*\/>){5}<xf numFmtId="164" [^>]*applyNumberFormat="1"\/>/,
    );
    // Text that is no date-time stays a text cell, and other columns are untouched.
    expect(sheet).toContain('<c r="B4" s="1" t="inlineStr"><is><t>typed by hand</t></is></c>');
    expect(sheet).toContain('<c r="A2" s="1" t="inlineStr"><is><t>anna@example.com</t></is></c>');
    expect(sheet).not.toContain('r="B3"');
  });

  it('is a date to SheetJS, shown as yyyy-mm-dd hh:mm UTC', () => {
    const sheet = XLSX.read(bytes, { type: 'array', cellDates: true }).Sheets.Users as XLSX.WorkSheet;
    expect(sheet.B2).toMatchObject({ t: 'd', w: '2026-11-26 07:41 UTC' });
    expect(sheet.C3).toMatchObject({ t: 'd', w: '2024-02-01 09:12 UTC' });
    expect(sheet.B4).toMatchObject({ t: 's', v: 'typed by hand' });
  });

  it('reads back as the same instants (ISO, no zone, to the second)', () => {
    expect(readSpreadsheet(bytes, { maxRows: 10 }).rows).toEqual(READ_BACK);
  });

  it('leaves every cell text without dateColumns', () => {
    const plain = writeXlsx([{ name: 'Users', rows: ROWS }]);
    expect(readSpreadsheet(plain, { maxRows: 10 }).rows).toEqual(
      ROWS.map((row) => (row[1] ? row : [row[0]!, '', row[2]!])),
    );
  });
});

describe('date columns in ODS', () => {
  const bytes = writeOds([{ name: 'Users', rows: ROWS, dateColumns: DATE_COLUMNS }]);

  it('writes date cells with a date-time style in UTC', () => {
    const content = strFromU8(unzipSync(bytes)['content.xml'] as Uint8Array);
    expect(content).toMatch(
      /<table:table-cell office:value-type="date" office:date-value="2026-11-26T07:41:00.000Z" table:style-name="ce\d+"><text:p>2026-11-26 07:41 UTC<\/text:p>/,
    );
    expect(content).toMatch(
      /<number:date-style [^>]*>.*<number:hours [^>]*\/>.*<number:text> UTC<\/number:text><\/number:date-style>/,
    );
    expect(content).toContain('<text:p>typed by hand</text:p>');
  });

  it('reads back as the same instants as XLSX', () => {
    expect(readSpreadsheet(bytes, { maxRows: 10 }).rows).toEqual(READ_BACK);
  });
});

describe('date cells of an ODS whose style SheetJS does not see', () => {
  // LibreOffice gives a column formatted as a whole a default cell style and leaves its cells without one;
  // SheetJS does not read column default styles and stands in `m/d/yy` for the date-time format.
  const ns =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"';
  const content =
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ns} office:version="1.2">` +
    '<office:automatic-styles><number:date-style style:name="N1"><number:year number:style="long"/>' +
    '<number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text>' +
    '<number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/>' +
    '<number:text>:</number:text><number:minutes number:style="long"/></number:date-style>' +
    '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/></office:automatic-styles>' +
    '<office:body><office:spreadsheet><table:table table:name="Users">' +
    '<table:table-column/><table:table-column table:default-cell-style-name="ce1"/>' +
    '<table:table-row><table:table-cell office:value-type="string"><text:p>Email</text:p></table:table-cell>' +
    '<table:table-cell office:value-type="string"><text:p>Last login</text:p></table:table-cell></table:table-row>' +
    '<table:table-row><table:table-cell office:value-type="string"><text:p>anna@example.com</text:p></table:table-cell>' +
    '<table:table-cell office:value-type="date" office:date-value="2026-11-26T07:41:00"><text:p>2026-11-26 07:41</text:p></table:table-cell></table:table-row>' +
    '<table:table-row><table:table-cell office:value-type="string"><text:p>bob@example.com</text:p></table:table-cell>' +
    '<table:table-cell office:value-type="date" office:date-value="2026-11-26"><text:p>2026-11-26 00:00</text:p></table:table-cell></table:table-row>' +
    '</table:table></office:spreadsheet></office:body></office:document-content>';
  const manifest =
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>';
  const bytes = zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
    'META-INF/manifest.xml': strToU8(manifest),
    'content.xml': strToU8(content),
    'styles.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>',
    ),
  });

  it('keeps the time of a date-time cell, and a date at midnight stays a date', () => {
    expect(readSpreadsheet(bytes, { maxRows: 10 }).rows).toEqual([
      ['Email', 'Last login'],
      ['anna@example.com', '2026-11-26T07:41:00'],
      ['bob@example.com', '2026-11-26'],
    ]);
  });
});
