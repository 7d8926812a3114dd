// XLS (BIFF, OLE2 container), ODS and XLSB go through SheetJS ("Keep SheetJS for XLS, ODS and as a
// fallback"). Only the cell values and number formats are taken; the text is made by cell-text.ts, so an
// XLS shows `4915112345678` just like an XLSX does (SheetJS's own text would be `4.91511E+12`).
import type * as XLSX from 'xlsx';
import { sheetJs } from './sheetjs.ts';
import { damagedFile, tooManyRows } from './spreadsheet-error.ts';
import { SheetRows, type RowLimits } from './sheet-rows.ts';
import { GENERAL, numberCellText, parseNumberFormat, type NumberFormat } from './cell-text.ts';

export interface SheetJsSheetRead {
  sheetNames: string[];
  sheetName: string;
  rows: string[][];
}

// BIFF error codes (MS-XLS 2.5.97.2 / SheetJS BErr).
const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

export function readWithSheetJs(
  bytes: Uint8Array,
  sheet: string | undefined,
  limits: RowLimits,
): SheetJsSheetRead {
  const common: XLSX.ParsingOptions = {
    type: 'array',
    dense: true,
    cellNF: true,
    cellDates: false,
    cellFormula: false,
    cellHTML: false,
    cellText: false,
    cellStyles: false,
    WTF: false,
  };
  const names = parse(bytes, { ...common, bookSheets: true }).SheetNames;
  if (names.length === 0) throw damagedFile('The file has no worksheet.');
  const name = chooseSheetName(names, sheet);
  // SheetJS stops after `sheetRows` rows (by position); twice the allowed non-empty rows leaves room for
  // empty rows in between while still stopping a huge sheet early.
  const positionLimit = (limits.maxRows + limits.headerRows) * 2 + 1000;
  const workbook = parse(bytes, { ...common, sheets: name, sheetRows: positionLimit + 1 });
  const worksheet = workbook.Sheets[name];
  if (!worksheet) throw damagedFile(`The sheet "${name}" cannot be read.`);
  if (worksheet['!fullref'] && sheetJs().utils.decode_range(worksheet['!fullref']).e.r >= positionLimit) {
    throw tooManyRows(limits.maxRows);
  }
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const ods = workbook.bookType === 'ods';
  const rows = new SheetRows(limits);
  const data = (worksheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  for (let r = 0; r < data.length; r++) {
    const source = data[r];
    if (!source) continue;
    const row: string[] = [];
    for (let c = 0; c < source.length; c++) {
      const cell = source[c];
      const text = cell ? cellText(cell, date1904, ods) : '';
      if (text === '') continue;
      rows.checkWidth(c + 1);
      while (row.length < c) row.push('');
      row.push(text);
    }
    rows.add(r, row);
  }
  return { sheetNames: names, sheetName: name, rows: rows.rows };
}

function parse(bytes: Uint8Array, options: XLSX.ParsingOptions): XLSX.WorkBook {
  try {
    return sheetJs().read(bytes, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message))
      throw damagedFile('The file is password-protected; save it without a password.');
    throw damagedFile('The file is damaged or not a spreadsheet SheetJS can read.');
  }
}

function chooseSheetName(names: string[], sheet: string | undefined): string {
  if (sheet === undefined || sheet === '') return names[0] as string;
  const found = names.find((n) => n === sheet) ?? names.find((n) => n.toLowerCase() === sheet.toLowerCase());
  if (!found) throw damagedFile(`The file has no sheet named "${sheet}" (it has: ${names.join(', ')}).`);
  return found;
}

/** The date-time format of an ODS date cell whose own format SheetJS did not find. */
const ODS_DATE_TIME: NumberFormat = { kind: 'date', date: true, time: true, elapsed: false };

function cellText(cell: XLSX.CellObject, date1904: boolean, ods: boolean): string {
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '');
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? ERROR_TEXT[Number(cell.v)] ?? '#VALUE!';
    case 'n': {
      if (typeof cell.v !== 'number') return '';
      let format = typeof cell.z === 'string' ? parseNumberFormat(cell.z) : GENERAL;
      // SheetJS does not read a column's default cell style (LibreOffice's way to format a whole column) and
      // stands in `m/d/yy` for an ODS date cell's format: its date-value is the data, so a time in it is kept.
      if (ods && cell.z === 'm/d/yy' && !Number.isInteger(cell.v)) format = ODS_DATE_TIME;
      return numberCellText(cell.v, format, date1904);
    }
    case 'd': {
      const value = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      if (Number.isNaN(value.getTime())) return String(cell.v ?? '');
      const iso = value.toISOString().replace(/\.\d+Z$/, '');
      return iso.endsWith('T00:00:00') ? iso.slice(0, 10) : iso;
    }
    default:
      return '';
  }
}
