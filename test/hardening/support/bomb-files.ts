// Test support (not a test): small files that unpack to a lot, made in the test (nothing this size is committed):
// an XLSX with one 200 MB cell, an ODS whose ZIP headers declare a few kilobytes for 450 MB, an ODS of 60,000 rows
// that SheetJS needs seconds for, and files with one cell over the cell limit.
import { deflateRawSync } from 'node:zlib';
import { buildZip, entry, handMadeXlsx, sheetXml, type RawZipEntry } from '../../spreadsheet/build-zip.ts';

const HEADER = ['First name', 'Last name', 'Email'];

/** A ZIP entry of prefix + `fill` repeated `repeat` times + suffix, deflated by zlib (fast for large runs). */
function bigEntry(
  name: string,
  parts: { prefix: string; fill: string; repeat: number; suffix: string },
  declaredSize?: number,
): RawZipEntry {
  const bytes = Buffer.concat([
    Buffer.from(parts.prefix),
    Buffer.alloc(parts.fill.length * parts.repeat, parts.fill),
    Buffer.from(parts.suffix),
  ]);
  return { name, deflated: deflateRawSync(bytes, { level: 9 }), declaredSize: declaredSize ?? bytes.length };
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

const headerCells = HEADER.map(
  (text, i) => `<c r="${'ABC'[i]}1" t="inlineStr"><is><t>${text}</t></is></c>`,
).join('');

/** An XLSX whose one shared string (row 2, column A) is `megabytes` MB of "a". */
export function xlsxWithHugeCell(megabytes: number): Uint8Array {
  const rows = `<row r="1">${headerCells}</row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>X</t></is></c><c r="C2" t="inlineStr"><is><t>x@example.com</t></is></c></row>`;
  return xlsxWithSharedStrings(
    rows,
    bigEntry('xl/sharedStrings.xml', {
      prefix: `<sst xmlns="${MAIN}" count="1" uniqueCount="1"><si><t>`,
      fill: 'a',
      repeat: megabytes * 1024 * 1024,
      suffix: '</t></si></sst>',
    }),
  );
}

/** An XLSX with `count` one-letter shared strings, a few bytes each once packed. */
export function xlsxWithManySharedStrings(count: number): Uint8Array {
  const rows = `<row r="1">${headerCells}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>`;
  return xlsxWithSharedStrings(
    rows,
    bigEntry('xl/sharedStrings.xml', {
      prefix: `<sst xmlns="${MAIN}">`,
      fill: '<si><t>a</t></si>',
      repeat: count,
      suffix: '</sst>',
    }),
  );
}

function xlsxWithSharedStrings(rows: string, sharedStrings: RawZipEntry): Uint8Array {
  return buildZip([
    entry(
      '[Content_Types].xml',
      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    ),
    entry(
      '_rels/.rels',
      `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    entry(
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Users" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    entry(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    entry('xl/worksheets/sheet1.xml', sheetXml(rows)),
    sharedStrings,
  ]);
}

/** An XLSX of the header and one user whose Last name (B2) has `chars` characters. */
export function xlsxWithLongCell(chars: number): Uint8Array {
  const rows =
    `<row r="1">${headerCells}</row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c>` +
    `<c r="B2" t="inlineStr"><is><t>${'b'.repeat(chars)}</t></is></c><c r="C2" t="inlineStr"><is><t>ann@example.com</t></is></c></row>`;
  return handMadeXlsx({ sheets: [{ name: 'Users', xml: sheetXml(rows) }] });
}

const ODS_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"';
const odsRow = (cells: string[]) =>
  `<table:table-row>${cells.map((c) => `<table:table-cell office:value-type="string"><text:p>${c}</text:p></table:table-cell>`).join('')}</table:table-row>`;
const odsStart = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODS_NS}><office:body><office:spreadsheet><table:table table:name="Users">${odsRow(HEADER)}`;
const odsEnd = '</table:table></office:spreadsheet></office:body></office:document-content>';
const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;

function ods(content: RawZipEntry): Uint8Array {
  return buildZip([
    entry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'),
    entry('META-INF/manifest.xml', MANIFEST),
    entry('styles.xml', `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${ODS_NS}/>`),
    content,
  ]);
}

/** An ODS whose content.xml is `megabytes` MB (white space between two rows) but declared as 4 KB. */
export function odsWithLyingSize(megabytes: number): Uint8Array {
  return ods(
    bigEntry(
      'content.xml',
      {
        prefix: odsStart,
        fill: ' ',
        repeat: megabytes * 1024 * 1024,
        suffix: odsRow(['Ann', 'Lee', 'ann@example.com']) + odsEnd,
      },
      4096,
    ),
  );
}

/**
 * An ODS of `rows` new users: small, but SheetJS needs seconds of CPU for it. `onSecondSheet`: the first sheet
 * has one user, the many rows are on a second one.
 */
export function odsOfManyRows(rows: number, options: { onSecondSheet?: boolean } = {}): Uint8Array {
  const body: string[] = [odsStart];
  if (options.onSecondSheet)
    body.push(
      odsRow(['Ann', 'Lee', 'ann.lee@example.com']),
      '</table:table><table:table table:name="Archive">',
      odsRow(HEADER),
    );
  for (let i = 0; i < rows; i++)
    body.push(odsRow([`First${i * 7919}`, `Last${i * 104729}`, `u${i}.${i * 31}@example.com`]));
  body.push(odsEnd);
  return ods(entry('content.xml', body.join('')));
}

/** A CSV of the header and one user whose Last name has `chars` characters. */
export function csvWithLongCell(chars: number): string {
  return `${HEADER.join(',')}\r\nAnn,${'b'.repeat(chars)},ann@example.com\r\n`;
}
