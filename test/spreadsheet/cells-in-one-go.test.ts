// The sheet reader reads the usual cell (`<c …><v>…</v></c>`, `<c …><is><t>…</t></is></c>`, empty ones) in one go
// and leaves every other element to the XML tokenizer. Both must read every cell alike: the same sheet is read
// once as written and once with every element name prefixed (`<x:c>`, which only the tokenizer reads), over
// enough rows that cells are cut by the reader's 32 KB pieces at every kind of place.
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { handMadeXlsx, sheetXml } from './build-zip.ts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const styles =
  `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/></numFmts>` +
  '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="164"/></cellXfs>' +
  '</styleSheet>';
const sharedStrings = `<sst xmlns="${MAIN}"><si><t>shared</t></si><si><t xml:space="preserve"> padded </t></si></sst>`;

/** A cell's markup with element names prefixed by `p` (`x:` or nothing). */
type Cell = (p: string, column: string, row: number, i: number) => string;

const CELLS: Cell[] = [
  (p, c, r, i) => `<${p}c r="${c}${r}" t="inlineStr"><${p}is><${p}t>Name ${i}</${p}t></${p}is></${p}c>`,
  (p, c, r, i) =>
    `<${p}c r="${c}${r}" s="0" t="inlineStr"><${p}is><${p}t xml:space="preserve">  ${'ä€'.repeat(i % 7)} 😀 </${p}t></${p}is></${p}c>`,
  (p, c, r) =>
    `<${p}c r="${c}${r}" t="inlineStr"><${p}is><${p}t>a &amp; b &lt;c&gt; _x000D_ &#x41;</${p}t></${p}is></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="inlineStr"><${p}is><${p}t>line\r\nbreak</${p}t></${p}is></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="inlineStr"><${p}is><${p}t></${p}t></${p}is></${p}c>`,
  (p, c, r, i) => `<${p}c r="${c}${r}" t="s"><${p}v>${i % 2}</${p}v></${p}c>`,
  (p, c, r, i) => `<${p}c r="${c}${r}"><${p}v>${i}.25</${p}v></${p}c>`,
  (p, c, r, i) => `<${p}c r="${c}${r}" s="1"><${p}v>${45000 + i}</${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" s="2"><${p}v>45356.604166666664</${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" s='3'><${p}v>1.75</${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="b"><${p}v>1</${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="e"><${p}v>#N/A</${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="str"><${p}v>x &amp; y</${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="d" s="1"><${p}v>2024-02-29T00:00:00Z</${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" s="1"/>`,
  (p, c, r) => `<${p}c r="${c}${r}"></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="s"></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}"><${p}v></${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="$${c}$${r}" cm="1" t="inlineStr"><${p}is><${p}t>absolute</${p}t></${p}is></${p}c>`,
  (p, c, r) =>
    `<${p}c  r="${c.toLowerCase()}${r}"   t="inlineStr" ><${p}is><${p}t>lower</${p}t></${p}is></${p}c>`,
  (p, c, r) =>
    `<${p}c r="${c}${r}" t="inlineStr" t="s"><${p}is><${p}t>first type counts</${p}t></${p}is></${p}c>`,
  // Left to the tokenizer either way: a formula, rich text, phonetic text, CDATA, spaces between tags, a style that is no number.
  (p, c, r) => `<${p}c r="${c}${r}"><${p}f>1+1</${p}f><${p}v>2</${p}v></${p}c>`,
  (p, c, r) =>
    `<${p}c r="${c}${r}" t="inlineStr"><${p}is><${p}r><${p}t>rich</${p}t></${p}r><${p}r><${p}rPr><${p}b/></${p}rPr><${p}t> text</${p}t></${p}r></${p}is></${p}c>`,
  (p, c, r) =>
    `<${p}c r="${c}${r}" t="inlineStr"><${p}is><${p}t>漢字</${p}t><${p}rPh sb="0" eb="1"><${p}t>かんじ</${p}t></${p}rPh></${p}is></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}"><${p}v><![CDATA[7]]></${p}v></${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" t="inlineStr">\n  <${p}is><${p}t>spaced</${p}t></${p}is>\n</${p}c>`,
  (p, c, r) => `<${p}c r="${c}${r}" s="+1"><${p}v>3</${p}v></${p}c>`,
  // Stray markup after an empty cell belongs to no cell.
  (p, c, r) => `<${p}c r="${c}${r}" s="1"/><${p}v>9</${p}v></${p}c>`,
];

const COLUMNS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Rows of every kind of cell, each row starting at another one so that pieces end everywhere. */
function sheetData(p: string, rows: number): string {
  let xml = '';
  for (let r = 1; r <= rows; r++) {
    xml += `<${p}row r="${r}">`;
    for (let k = 0; k < 20; k++) {
      const kind = (r * 7 + k) % CELLS.length;
      xml += CELLS[kind]!(p, COLUMNS[k]!, r, r * 20 + k);
    }
    // A cell outside the usual columns, and one without a reference (it follows the one before).
    xml += `<${p}c r="AB${r}"><${p}v>${r}</${p}v></${p}c><${p}c t="inlineStr"><${p}is><${p}t>next</${p}t></${p}is></${p}c>`;
    xml += `</${p}row>`;
  }
  return xml;
}

function read(prefix: string, rows: number, options: { maxCellChars?: number } = {}) {
  const xlsx = handMadeXlsx({
    styles,
    sharedStrings,
    sheets: [{ name: 'Cells', xml: sheetXml(sheetData(prefix ? `${prefix}:` : '', rows), prefix) }],
  });
  const long: [number, number][] = [];
  const read = readSpreadsheet(xlsx, {
    maxRows: rows,
    ...options,
    ...(options.maxCellChars ? { onLongCell: (row, column) => long.push([row, column]) } : {}),
  });
  return { rows: read.rows, long };
}

describe('cells read in one go', () => {
  it('reads every kind of cell as the tokenizer does, wherever a piece ends', () => {
    const plain = read('', 600);
    expect(plain.rows).toHaveLength(600);
    expect(read('x', 600)).toEqual(plain);
  });

  it('reads each kind of cell right', () => {
    const row = CELLS.map((cell, k) => cell('', k < 26 ? COLUMNS[k]! : `A${COLUMNS[k - 26]!}`, 1, k)).join(
      '',
    );
    const xlsx = handMadeXlsx({
      styles,
      sharedStrings,
      sheets: [{ name: 'Cells', xml: sheetXml(`<row r="1">${row}</row>`) }],
    });
    expect(readSpreadsheet(xlsx, { maxRows: 1 }).rows).toEqual([
      [
        'Name 0',
        '  ä€ 😀 ',
        'a & b <c> \r A',
        'line\nbreak',
        '',
        ' padded ',
        '6.25',
        '2023-03-22',
        '2024-03-05T14:30:00',
        '42:00:00',
        'TRUE',
        '#N/A',
        'x & y',
        '2024-02-29',
        '',
        '',
        '',
        '',
        'absolute',
        'lower',
        'first type counts',
        '2',
        'rich text',
        '漢字',
        '7',
        'spaced',
        '1900-01-03',
      ],
    ]);
  });

  it('reads a cell over the length limit as the tokenizer does', () => {
    const plain = read('', 300, { maxCellChars: 12 });
    expect(plain.long.length).toBeGreaterThan(100);
    expect(read('x', 300, { maxCellChars: 12 })).toEqual(plain);
  });
});
