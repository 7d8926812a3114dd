// XLSX exports and reports (export of 100k rows ≤ 0.7× SheetJS aoa_to_sheet + write, ≤ 250 MB):
// the sheet XML is built as strings row by row and deflated in ~1 MB pieces with fflate, so neither a
// workbook object nor the whole XML ever exists in memory.
//
// Every cell is an inline TEXT cell with the text number format "@", so phone numbers, postal codes and
// employee numbers keep their leading zeros and stay text when edited. The header row is bold, frozen
// and has an autofilter. Cells are written unchanged whatever their length (Excel shows at most 32,767
// characters of a cell; our reader and LibreOffice keep all of it). The columns a sheet names in `dateColumns`
// are the exception: their ISO date-times are numeric date cells (date-serial.ts).
import { Zip } from 'fflate';
import { NativeZipDeflate, ThreadedZipDeflate } from './native-zip-deflate.ts';
import { concatBytes } from './concat-bytes.ts';
import { guardApostrophes, looksLikeFormula } from './formula-guard.ts';
import { DATE_TIME_FORMAT, dateCellInstant, serialBillionths, serialDays } from './date-serial.ts';
import { XmlPieces, asciiBytes } from './xml-pieces.ts';

export interface SheetData {
  name: string;
  /** First row = headers. */
  rows: Iterable<string[]>;
  /** Widths in characters per column; default from the header texts. */
  columnWidths?: number[];
  /** Columns (by index, true) whose ISO date-times are written as date cells; other cells there stay text. */
  dateColumns?: readonly boolean[];
}

/** Bytes of sheet XML deflated at a time. */
const PIECE_BYTES = 1 << 20;

// Cell styles (index into cellXfs in STYLES_XML).
const STYLE_TEXT = 1;
const STYLE_HEADER = 2;
const STYLE_TEXT_QUOTED = 3;
const STYLE_HEADER_QUOTED = 4;
const STYLE_DATE_TIME = 5;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

const STYLES_XML =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN_NS}">` +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="${escapeXml(DATE_TIME_FORMAT)}"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="6">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" quotePrefix="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The ZIP container of a workbook: worksheets as they are written, then the parts that name them. */
class WorkbookZip {
  private readonly zip: Zip;
  private readonly encoder = new TextEncoder();
  private readonly names: string[] = [];
  private readonly filterRanges: (string | null)[] = [];
  failure: Error | null = null;
  /** Resolves when the ZIP's last bytes have been output (or it failed). */
  readonly written: Promise<void>;

  /** `threaded`: worksheets are deflated on the thread pool (streamed exports); otherwise before each push returns. */
  constructor(
    output: (data: Uint8Array) => void,
    private readonly threaded = false,
  ) {
    let done = () => {};
    this.written = new Promise((resolve) => (done = resolve));
    this.zip = new Zip((error, data, final) => {
      if (error) this.failure ??= error;
      else output(data);
      if (error || final) done();
    });
  }

  /** The next worksheet: its rows go into the ZIP deflated as they are written; its end is noted for the book. */
  openSheet(name: string, columnWidths: number[] | undefined, dateColumns?: readonly boolean[]): SheetWriter {
    this.names.push(name);
    const path = `xl/worksheets/sheet${this.names.length}.xml`;
    const file = this.threaded ? new ThreadedZipDeflate(path) : new NativeZipDeflate(path);
    this.zip.add(file);
    const sheet = new SheetWriter(
      (bytes, final) => file.push(bytes, final),
      columnWidths,
      (filterRange) => this.filterRanges.push(filterRange),
      file instanceof ThreadedZipDeflate ? (limit) => file.settle(limit) : async () => {},
      dateColumns,
    );
    file.released = (chunk) => sheet.recycle(chunk);
    return sheet;
  }

  finish(): void {
    const names = uniqueSheetNames(this.names);
    this.addFile('[Content_Types].xml', contentTypesXml(names.length));
    this.addFile('_rels/.rels', rootRelationshipsXml());
    this.addFile('xl/workbook.xml', workbookXml(names, this.filterRanges));
    this.addFile('xl/_rels/workbook.xml.rels', workbookRelationshipsXml(names.length));
    this.addFile('xl/styles.xml', STYLES_XML);
    this.zip.end();
    if (this.failure) throw this.failure;
  }

  private addFile(path: string, content: string): void {
    const file = new NativeZipDeflate(path);
    this.zip.add(file);
    file.push(this.encoder.encode(content), true);
  }
}

export function writeXlsx(sheets: SheetData[]): Uint8Array {
  if (sheets.length === 0) throw new RangeError('writeXlsx needs at least one sheet');
  const parts: Uint8Array[] = [];
  const book = new WorkbookZip((data) => parts.push(data));
  for (const sheet of sheets) {
    const sheetWriter = book.openSheet(sheet.name, sheet.columnWidths, sheet.dateColumns);
    for (const row of sheet.rows) sheetWriter.row(row);
    sheetWriter.end();
  }
  book.finish();
  return concatBytes(parts);
}

export interface StreamedSheet {
  name: string;
  /** First row = headers; rows may arrive as they are read (e.g. page by page from the user API). */
  rows: AsyncIterable<string[]> | Iterable<string[]>;
  /**
   * Rows after `rows`, a batch (a page of users) at a time: one await per batch, where an async iterable of rows
   * costs promises and a microtask turn per row.
   */
  batches?: AsyncIterable<Iterable<string[]>>;
  columnWidths?: number[];
  dateColumns?: readonly boolean[];
}

/**
 * Deflated output the stream holds for its reader before the rows wait. The HTTP answer takes it as fast as the
 * socket drains; without a limit a slow download queued the whole file in memory.
 */
const OUTPUT_QUEUE_BYTES = 1 << 20;

/**
 * The same workbook as writeXlsx, written while its rows arrive: an export sends its first bytes while the user
 * API still answers, and neither the users nor the file are held whole. A failure mid-way errors the stream; a
 * reader that cancels (the download was dropped) stops the rows.
 */
export function streamXlsx(sheets: StreamedSheet[]): ReadableStream<Uint8Array> {
  if (sheets.length === 0) throw new RangeError('streamXlsx needs at least one sheet');
  let cancelled = false;
  let readerWants: (() => void) | null = null;
  const wakeWriter = () => {
    const wake = readerWants;
    readerWants = null;
    wake?.();
  };
  async function write(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    try {
      const book = new WorkbookZip((data) => controller.enqueue(data), true);
      for (const sheet of sheets) {
        const sheetWriter = book.openSheet(sheet.name, sheet.columnWidths, sheet.dateColumns);
        // After each full piece: two pieces may be deflating while the third is written (more would only hold
        // memory), and the reader's unread output is bounded. False once the download is cancelled.
        const pieceWritten = async (): Promise<boolean> => {
          await sheetWriter.settle(2);
          while (!cancelled && (controller.desiredSize ?? 1) <= 0)
            await new Promise<void>((resolve) => (readerWants = resolve));
          return !cancelled;
        };
        for await (const row of sheet.rows) {
          if (sheetWriter.row(row) && !(await pieceWritten())) return;
        }
        if (sheet.batches) {
          for await (const batch of sheet.batches) {
            for (const row of batch) if (sheetWriter.row(row) && !(await pieceWritten())) return;
          }
        }
        sheetWriter.end();
      }
      book.finish();
      await book.written;
      if (book.failure) throw book.failure;
      controller.close();
    } catch (error) {
      controller.error(error);
    }
  }
  return new ReadableStream<Uint8Array>(
    {
      // Not awaited: the stream asks for more (pull) only once start() has returned.
      start(controller) {
        void write(controller);
      },
      pull: wakeWriter,
      cancel() {
        cancelled = true;
        wakeWriter();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: OUTPUT_QUEUE_BYTES }),
  );
}

/**
 * One worksheet, row by row, pushed in ~1 MB pieces; the first row is the (bold, frozen) header. Each row's XML
 * is written as bytes straight into the current piece (xml-pieces.ts).
 */
class SheetWriter {
  private readonly out: XmlPieces;
  private header: string[] | null = null;
  private rowCount = 0;

  constructor(
    push: (bytes: Uint8Array, final: boolean) => void,
    private readonly columnWidths: number[] | undefined,
    /** Told the sheet's autofilter range (`A1:S101`, or null for an empty sheet) when it ends. */
    private readonly ended: (filterRange: string | null) => void,
    /** Resolves once at most `limit` pushed pieces are still being deflated. */
    readonly settle: (limit: number) => Promise<void>,
    private readonly dateColumns: readonly boolean[] | undefined,
  ) {
    this.out = new XmlPieces(push, PIECE_BYTES);
  }

  /** A pushed piece has been deflated; its buffer is written again. */
  recycle(chunk: Uint8Array): void {
    this.out.recycle(chunk);
  }

  /** Writes one row; true when a piece was pushed (the caller may then `settle`). */
  row(cells: string[]): boolean {
    this.out.pushed = false;
    if (this.header === null) {
      this.header = cells;
      this.start(cells);
      this.rowCount = 1;
      writeRow(this.out, cells, 1, STYLE_HEADER, STYLE_HEADER_QUOTED, undefined);
    } else {
      this.rowCount++;
      writeRow(this.out, cells, this.rowCount, STYLE_TEXT, STYLE_TEXT_QUOTED, this.dateColumns);
    }
    return this.out.pushed;
  }

  /** Closes the worksheet. */
  end(): void {
    if (this.header === null) this.start([]);
    const header = this.header ?? [];
    let tail = '</sheetData>';
    // The autofilter covers the header's columns and every row below.
    const range = header.length > 0 ? `A1:${columnName(header.length - 1)}${this.rowCount}` : null;
    if (range) tail += `<autoFilter ref="${range}"/>`;
    this.out.markup(tail + '</worksheet>');
    this.out.finish();
    this.ended(range);
  }

  private start(header: string[]): void {
    let xml = XML_DECLARATION + `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`;
    if (header.length > 0) {
      xml +=
        '<sheetViews><sheetView workbookViewId="0">' +
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>';
    }
    xml += '<sheetFormatPr defaultRowHeight="15"/>';
    const widths = this.columnWidths ?? header.map((text) => Math.min(60, Math.max(10, text.length + 4)));
    if (widths.length > 0) {
      xml += '<cols>';
      widths.forEach((width, index) => {
        xml += `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1" style="${STYLE_TEXT}"/>`;
      });
      xml += '</cols>';
    }
    this.out.markup(xml + '<sheetData>');
  }
}

/**
 * One `<row>`: text cells inline (`t="inlineStr"`, style text or quoted text), the ISO date-times of date columns as
 * date serials, empty cells left out. The markup around each text comes from caches.
 */
function writeRow(
  out: XmlPieces,
  row: string[],
  rowNumber: number,
  style: number,
  quotedStyle: number,
  dateColumns: readonly boolean[] | undefined,
): void {
  out.row(ROW_OPEN, rowNumber, ROW_OPEN_END);
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    if (cell === undefined || cell === '') continue;
    if (dateColumns !== undefined && dateColumns[i] === true) {
      const instant = dateCellInstant(cell);
      if (!Number.isNaN(instant)) {
        out.cell(cellOpening(i), DATE_CELL_MIDDLE);
        out.digits(serialDays(instant));
        out.ascii(DECIMAL_POINT);
        out.digits(serialBillionths(instant), 9);
        out.ascii(DATE_CELL_END);
        continue;
      }
    }
    const text = guardApostrophes(cell);
    const quoted = looksLikeFormula(text);
    const spaced = isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1));
    out.cell(cellOpening(i), textCellMiddle(quoted ? quotedStyle : style, spaced));
    out.text(text);
    out.ascii(TEXT_CELL_END);
  }
  out.ascii(ROW_END);
}

const ROW_OPEN = asciiBytes('<row r="');
const ROW_OPEN_END = asciiBytes('">');
const ROW_END = asciiBytes('</row>');
const DATE_CELL_MIDDLE = asciiBytes(`" s="${STYLE_DATE_TIME}"><v>`);
const DECIMAL_POINT = asciiBytes('.');
const DATE_CELL_END = asciiBytes('</v></c>');
const TEXT_CELL_END = asciiBytes('</t></is></c>');
const cellOpenings: Uint8Array[] = [];
const textCellMiddles: Uint8Array[] = [];

/** `<c r="B` for column 1. */
function cellOpening(column: number): Uint8Array {
  const cached = cellOpenings[column];
  if (cached !== undefined) return cached;
  const opening = asciiBytes(`<c r="${columnName(column)}`);
  if (column < 20_000) cellOpenings[column] = opening;
  return opening;
}

/** What comes between a text cell's reference and its text. */
function textCellMiddle(style: number, spaced: boolean): Uint8Array {
  const key = style * 2 + (spaced ? 1 : 0);
  let middle = textCellMiddles[key];
  if (middle === undefined) {
    middle = asciiBytes(`" s="${style}" t="inlineStr"><is><t${spaced ? ' xml:space="preserve"' : ''}>`);
    textCellMiddles[key] = middle;
  }
  return middle;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const columnNames: string[] = [];

/** `0` → `A`, `25` → `Z`, `26` → `AA`. */
export function columnName(index: number): string {
  const cached = columnNames[index];
  if (cached !== undefined) return cached;
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  if (index < 20_000) columnNames[index] = name;
  return name;
}

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ], not empty, unique (case-insensitively). */
function uniqueSheetNames(requested: string[]): string[] {
  const used = new Set<string>();
  return requested.map((raw, index) => {
    const base =
      raw
        // eslint-disable-next-line no-control-regex -- control characters are not allowed in sheet names
        .replace(/[:\\/?*[\]\x00-\x1F]/g, '_')
        .replace(/^'|'$/g, '_')
        .slice(0, 31) || `Sheet${index + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++)
      name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

function contentTypesXml(sheetCount: number): string {
  let overrides = '';
  for (let i = 1; i <= sheetCount; i++) {
    overrides += `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`;
  }
  return (
    XML_DECLARATION +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    overrides +
    '</Types>'
  );
}

function rootRelationshipsXml(): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${PACKAGE_REL_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '</Relationships>'
  );
}

function workbookXml(names: string[], filterRanges: (string | null)[]): string {
  let sheetsXml = '';
  let definedNames = '';
  names.forEach((name, index) => {
    sheetsXml += `<sheet name="${escapeXml(name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`;
    const range = filterRanges[index];
    if (range) {
      // Excel keeps an autofilter's range in this hidden name; without it some versions drop the filter.
      const absolute = range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
      definedNames += `<definedName name="_xlnm._FilterDatabase" localSheetId="${index}" hidden="1">'${escapeXml(name.replace(/'/g, "''"))}'!${absolute}</definedName>`;
    }
  });
  return (
    XML_DECLARATION +
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<bookViews><workbookView/></bookViews>' +
    `<sheets>${sheetsXml}</sheets>` +
    (definedNames ? `<definedNames>${definedNames}</definedNames>` : '') +
    '</workbook>'
  );
}

function workbookRelationshipsXml(sheetCount: number): string {
  let relationships = '';
  for (let i = 1; i <= sheetCount; i++) {
    relationships += `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  }
  relationships += `<Relationship Id="rId${sheetCount + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`;
  return XML_DECLARATION + `<Relationships xmlns="${PACKAGE_REL_NS}">${relationships}</Relationships>`;
}
