// Reads an uploaded user list (docs/api-guide.md#fields, docs/api-guide.md#endpoints, docs/api-guide.md#the-settings-file): XLSX/XLSM with our own streaming reader, XLS, ODS
// (and XLSB) through SheetJS, CSV/TSV with our own decoder and parser. The format is found from the
// bytes, never from the file name. The result is plain text per cell, as a person sees it in Excel.
import { sheetJs } from './sheetjs.ts';
import { damagedFile, notASpreadsheet, SpreadsheetError } from './spreadsheet-error.ts';
import { DEFAULT_ZIP_LIMITS, ZipArchive, type ZipLimits } from './zip-archive.ts';
import { readXlsxSteps } from './xlsx-reader.ts';
import { runToEnd, type Steps } from '../../shared/time-slices.ts';
import { readWithSheetJs } from './sheetjs-reader.ts';
import { refuseBinaryText, utf8TextOf, type TextEncodingName } from './text-decoding.ts';
import {
  detectDelimiter,
  parseDelimitedSteps,
  recordAt as readRecordAt,
  type CsvDelimiter,
} from './csv-reader.ts';
import type { RowLimits } from './sheet-rows.ts';

export { SpreadsheetError } from './spreadsheet-error.ts';
export type { SpreadsheetErrorCode } from './spreadsheet-error.ts';

export type SpreadsheetFormat = 'xlsx' | 'xls' | 'ods' | 'csv' | 'tsv';

export interface ReadOptions {
  /** Sheet name (XLSX/XLS/ODS); default the first visible worksheet. */
  sheet?: string;
  csv?: {
    delimiter?: 'auto' | CsvDelimiter;
    encoding?: 'auto' | TextEncodingName;
  };
  /**
   * Data rows allowed (docs/api-guide.md#endpoints MAX_ROWS, 100,000). Reading stops with `too-many-rows` as soon as the
   * sheet has more than `maxRows + headerRows` non-empty rows; empty rows never count.
   */
  maxRows: number;
  /** Non-empty rows allowed above the data rows (the header row; titles above it); default 1. */
  headerRows?: number;
  /** Takes the rows as they are read; `rows` of the result is then empty (see RowLimits.onRow). */
  onRow?: RowLimits['onRow'];
  /** Only for messages; the format is always found from the content. */
  fileName?: string;
  /** ZIP bomb guard for XLSX/ODS; default 600 MB of declared content and 10,000 entries. */
  zipLimits?: ZipLimits;
  /** One cell's text at most (characters); see RowLimits.onLongCell for what happens to a longer one. */
  maxCellChars?: number;
  onLongCell?: RowLimits['onLongCell'];
  /**
   * XLSX: inflate the sheet on Node's zlib thread pool while the rows are read; the steps then wait for it, so
   * they must run in slices (runInSlices), not runToEnd.
   */
  nativeInflate?: boolean;
}

export interface SpreadsheetRead {
  format: SpreadsheetFormat;
  sheetNames: string[];
  sheetName: string;
  /** CSV/TSV: the encoding detected or used. */
  encoding?: string;
  /** CSV/TSV: the delimiter detected or used. */
  delimiter?: string;
  /**
   * Every row of the chosen sheet up to its last non-empty row; row i is spreadsheet row i + 1. Trailing
   * empty cells are trimmed, so an empty row is `[]`; cells between are `''`.
   */
  rows: string[][];
  /**
   * CSV/TSV: the cells of the record that starts at this byte offset (the `offset` onRow was given), read again
   * from the file; lets a caller keep a number per row instead of its cells.
   */
  recordAt?: (offset: number) => string[];
}

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const NOT_A_SPREADSHEET = 'The file is not a spreadsheet (XLSX, XLS, ODS, CSV or TSV).';

// Well-known binary formats that are certainly not spreadsheets (answered 415 without further parsing).
const FOREIGN_MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program' },
  { bytes: [0x4d, 0x5a], what: 'a program' },
];

/** CSV or TSV, as readSpreadsheet will read it: neither a ZIP nor an OLE2 container. */
export function isDelimitedText(bytes: Uint8Array): boolean {
  return !isZip(bytes) && !startsWith(bytes, CFB_MAGIC);
}

function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
}

/**
 * Whether the file is one of SheetJS's formats (XLS, ODS, XLSB), which the proxy reads in a worker thread. A file
 * that is none of them, or not even a readable ZIP, is readSpreadsheet's to refuse.
 */
export function readBySheetJs(bytes: Uint8Array, zipLimits?: ZipLimits): boolean {
  if (startsWith(bytes, CFB_MAGIC)) return true;
  if (!isZip(bytes)) return false;
  try {
    const zip = new ZipArchive(bytes, zipLimits ?? DEFAULT_ZIP_LIMITS);
    return Boolean(zip.find('mimetype') || zip.find('xl/workbook.bin'));
  } catch {
    return false;
  }
}

/** Reads the chosen sheet of a spreadsheet file. Throws `SpreadsheetError` for every refusal. */
export function readSpreadsheet(bytes: Uint8Array, options: ReadOptions): SpreadsheetRead {
  return runToEnd(readSpreadsheetSteps(bytes, options));
}

/**
 * readSpreadsheet as steps (shared/time-slices.ts): XLSX and CSV/TSV may pause after each inflated slice or
 * record, so the proxy can read a large file in slices between other requests. XLS, ODS and XLSB are read in one
 * piece (the proxy reads them in a worker thread).
 */
export function* readSpreadsheetSteps(bytes: Uint8Array, options: ReadOptions): Steps<SpreadsheetRead> {
  if (bytes.length === 0) throw damagedFile('The file is empty.');
  // What the caller's onRow throws is the caller's own refusal, passed on as it is, not a damaged file.
  let refusal: { error: unknown } | undefined;
  const takeRow = options.onRow;
  const limits: RowLimits = {
    maxRows: options.maxRows,
    headerRows: options.headerRows ?? 1,
    maxCellChars: options.maxCellChars,
    onLongCell: options.onLongCell,
    onRow:
      takeRow &&
      ((index, cells, offset) => {
        try {
          takeRow(index, cells, offset);
        } catch (error) {
          refusal = { error };
          throw error;
        }
      }),
  };
  try {
    if (isZip(bytes)) {
      return yield* readZipSpreadsheet(bytes, options, limits);
    }
    if (startsWith(bytes, CFB_MAGIC)) return readCompoundFile(bytes, options, limits);
    for (const foreign of FOREIGN_MAGIC) {
      if (startsWith(bytes, foreign.bytes))
        throw notASpreadsheet(`The file is ${foreign.what}, not a spreadsheet.`);
    }
    return yield* readDelimitedText(bytes, options, limits);
  } catch (error) {
    if (refusal) throw refusal.error;
    if (error instanceof SpreadsheetError) throw error;
    // Whatever else a hostile file provokes (RangeError from a bad offset, …) is still just a bad file.
    throw damagedFile('The file is damaged and cannot be read.');
  }
}

function* readZipSpreadsheet(
  bytes: Uint8Array,
  options: ReadOptions,
  limits: RowLimits,
): Steps<SpreadsheetRead> {
  const zip = new ZipArchive(bytes, options.zipLimits ?? DEFAULT_ZIP_LIMITS, options.nativeInflate);
  const mimetype = zip.find('mimetype');
  if (mimetype) {
    const type = zip.readText(mimetype).trim();
    if (type.startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
      // SheetJS unpacks the ZIP itself, trusting its headers: every entry is first unpacked here (and thrown
      // away) with its declared size enforced, so a lying header stops within one slice, not after 450 MB.
      zip.verifyDeclaredSizes();
      return { format: 'ods', ...readWithSheetJs(bytes, options.sheet, limits) };
    }
    throw notASpreadsheet(NOT_A_SPREADSHEET);
  }
  if (zip.find('xl/workbook.bin')) {
    zip.verifyDeclaredSizes();
    return { format: 'xlsx', ...readWithSheetJs(bytes, options.sheet, limits) };
  }
  if (zip.find('[Content_Types].xml') && (zip.find('xl/workbook.xml') || zip.find('_rels/.rels'))) {
    const contentTypes = zip.readText(
      zip.find('[Content_Types].xml') as NonNullable<ReturnType<ZipArchive['find']>>,
    );
    if (/spreadsheetml|ms-excel/i.test(contentTypes))
      return { format: 'xlsx', ...(yield* readXlsxSteps(zip, options.sheet, limits)) };
  }
  throw notASpreadsheet(NOT_A_SPREADSHEET);
}

/**
 * OLE2 compound files: XLS (a "Workbook" or "Book" stream), or an encrypted XLSX/DOCX, which Office
 * wraps in a compound file with "EncryptionInfo" and "EncryptedPackage" streams (MS-OFFCRYPTO).
 */
function readCompoundFile(bytes: Uint8Array, options: ReadOptions, limits: RowLimits): SpreadsheetRead {
  let paths: string[];
  try {
    // SheetJS bundles its CFB reader but types it `any`; only `FullPaths` (every storage/stream path) is used.
    const container = sheetJs().CFB.read(bytes, { type: 'buffer' }) as { FullPaths: string[] };
    paths = container.FullPaths;
  } catch {
    throw damagedFile('The file is damaged and cannot be read.');
  }
  const names = paths.map((path) => path.replace(/\/$/, '').split('/').pop()?.toLowerCase() ?? '');
  if (names.includes('encryptioninfo') || names.includes('encryptedpackage')) {
    throw damagedFile('The file is password-protected; save it without a password and upload it again.');
  }
  if (!names.includes('workbook') && !names.includes('book')) throw notASpreadsheet(NOT_A_SPREADSHEET);
  return { format: 'xls', ...readWithSheetJs(bytes, options.sheet, limits) };
}

/** The beginning of a text file that delimiter detection and the binary check look at. */
const TEXT_SAMPLE_BYTES = 64 * 1024;

function* readDelimitedText(
  bytes: Uint8Array,
  options: ReadOptions,
  limits: RowLimits,
): Steps<SpreadsheetRead> {
  const { utf8, encoding } = utf8TextOf(bytes, options.csv?.encoding ?? 'auto');
  const truncated = utf8.length > TEXT_SAMPLE_BYTES;
  // A multi-byte character cut at the sample's end is one U+FFFD among 65,536 characters: harmless to both.
  const sample = utf8.toString('utf8', 0, TEXT_SAMPLE_BYTES);
  refuseBinaryText(sample);
  if (!hasVisibleText(utf8)) throw damagedFile('The file is empty.');
  const requested = options.csv?.delimiter ?? 'auto';
  const fallback = /\.(tsv|tab|txt)$/i.test(options.fileName ?? '') ? '\t' : ',';
  const delimiter = requested === 'auto' ? detectDelimiter(sample, truncated, fallback) : requested;
  const rows = yield* parseDelimitedSteps(utf8, delimiter, limits);
  const format: SpreadsheetFormat = delimiter === '\t' ? 'tsv' : 'csv';
  const recordAt = (offset: number) => readRecordAt(utf8, delimiter, offset);
  // A text file has no sheets: no names to choose from, and the one table has the empty name.
  return { format, sheetNames: [], sheetName: '', encoding, delimiter, rows, recordAt };
}

/** Anything but white space (as String.prototype.trim sees it) in UTF-8 bytes. */
function hasVisibleText(utf8: Buffer): boolean {
  for (let i = 0; i < utf8.length; i += TEXT_SAMPLE_BYTES)
    if (utf8.toString('utf8', i, i + TEXT_SAMPLE_BYTES).trim() !== '') return true;
  return false;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}
