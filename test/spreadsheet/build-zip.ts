// Test helper: writes ZIP archives byte by byte, so tests can make what no honest writer makes —
// entries whose headers lie about their size, huge declared sizes, absurd entry counts.
import { Deflate, deflateSync, strToU8 } from 'fflate';

export interface RawZipEntry {
  name: string;
  /** Raw DEFLATE data (method 8). */
  deflated: Uint8Array;
  /** The size the headers declare (may be a lie). */
  declaredSize: number;
}

export function entry(name: string, content: string | Uint8Array): RawZipEntry {
  const bytes = typeof content === 'string' ? strToU8(content) : content;
  return { name, deflated: deflateSync(bytes), declaredSize: bytes.length };
}

export function buildZip(entries: RawZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const item of entries) {
    const name = strToU8(item.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(18, item.deflated.length, true);
    lv.setUint32(22, item.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(20, item.deflated.length, true);
    cv.setUint32(24, item.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, item.deflated);
    centrals.push(central);
    offset += local.length + item.deflated.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, Math.min(entries.length, 0xffff), true);
  ev.setUint16(10, Math.min(entries.length, 0xffff), true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, ...centrals, end]);
}

/**
 * Raw DEFLATE data of `megabytes` MB of zeros, made in milliseconds: one MB is compressed once (ending
 * with a sync flush, so it ends on a byte boundary and refers only to itself) and repeated, then closed
 * with an empty final block.
 */
export function deflatedZeros(megabytes: number): Uint8Array {
  const unitParts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => unitParts.push(chunk));
  deflate.push(new Uint8Array(1 << 20));
  deflate.flush(true);
  const unit = concat(unitParts);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < megabytes; i++) parts.push(unit);
  parts.push(Uint8Array.from([0x03, 0x00])); // final block, fixed Huffman, end-of-block only
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface HandMadeSheet {
  name: string;
  xml: string;
  state?: 'hidden' | 'veryHidden';
  /** Raw DEFLATE data used instead of `xml` (for zip bombs). */
  raw?: { deflated: Uint8Array; declaredSize: number };
}

/** A minimal XLSX whose parts are given as text (sheet XML, optional shared strings and styles). */
export function handMadeXlsx(options: {
  sheets: HandMadeSheet[];
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
  extra?: RawZipEntry[];
}): Uint8Array {
  const sheetEntries = options.sheets.map((sheet, i) => {
    const name = `xl/worksheets/sheet${i + 1}.xml`;
    return sheet.raw ? { name, ...sheet.raw } : entry(name, sheet.xml);
  });
  let rels = options.sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('');
  if (options.sharedStrings)
    rels += `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`;
  if (options.styles) rels += `<Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/>`;
  const sheetsXml = options.sheets
    .map(
      (s, i) =>
        `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
    )
    .join('');
  const entries = [
    entry(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ),
    entry(
      '_rels/.rels',
      `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    entry(
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetsXml}</sheets></workbook>`,
    ),
    entry('xl/_rels/workbook.xml.rels', `<Relationships xmlns="${PKG}">${rels}</Relationships>`),
    ...sheetEntries,
    ...(options.sharedStrings ? [entry('xl/sharedStrings.xml', options.sharedStrings)] : []),
    ...(options.styles ? [entry('xl/styles.xml', options.styles)] : []),
    ...(options.extra ?? []),
  ];
  return buildZip(entries);
}

export function sheetXml(sheetData: string, prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  const ns = prefix ? `xmlns:${prefix}="${MAIN}"` : `xmlns="${MAIN}"`;
  return `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}><${p}sheetData>${sheetData}</${p}sheetData></${p}worksheet>`;
}
