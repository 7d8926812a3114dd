// Writing exports and reports (docs/api-guide.md#endpoints): CSV and XLSX with our own fast writers, ODS through SheetJS.
import type * as SheetJs from 'xlsx';
import { guardApostrophes } from './formula-guard.ts';
import { sheetJs } from './sheetjs.ts';
import { ODS_DATE_TIME_FORMAT } from './date-serial.ts';
import { dateTimeInstant } from '../../shared/fields/date-time.ts';
import type { SheetData } from './xlsx-writer.ts';

export { writeCsv, type CsvWriteOptions } from './csv-writer.ts';
export { streamXlsx, writeXlsx, type SheetData, type StreamedSheet } from './xlsx-writer.ts';
export { neutralizeFormula, removeFormulaGuard } from './formula-guard.ts';

/**
 * ODS (LibreOffice) export; every cell a text cell but the ISO date-times of `dateColumns`, which are date cells in
 * UTC like XLSX's (date-serial.ts). SheetJS is fast enough for this rarely used format.
 */
export function writeOds(sheets: SheetData[]): Uint8Array {
  if (sheets.length === 0) throw new RangeError('writeOds needs at least one sheet');
  const XLSX = sheetJs();
  const workbook = XLSX.utils.book_new();
  const used = new Set<string>();
  sheets.forEach((sheet, index) => {
    const rows = Array.from(sheet.rows, (row) => row.map((cell) => guardApostrophes(cell ?? '')));
    const worksheet = XLSX.utils.aoa_to_sheet(rows);
    if (sheet.dateColumns) dateCells(worksheet, rows, sheet.dateColumns);
    const widths =
      sheet.columnWidths ?? (rows[0] ?? []).map((text) => Math.min(60, Math.max(10, text.length + 4)));
    worksheet['!cols'] = widths.map((wch) => ({ wch }));
    let name = sheet.name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || `Sheet${index + 1}`;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${name.slice(0, 28)}~${n}`;
    used.add(name.toLowerCase());
    XLSX.utils.book_append_sheet(workbook, worksheet, name);
  });
  const output = XLSX.write(workbook, { bookType: 'ods', type: 'array', compression: true }) as ArrayBuffer;
  return new Uint8Array(output);
}

/** Turns the ISO date-times of the date columns (below the header) into SheetJS date cells with the date format. */
function dateCells(worksheet: SheetJs.WorkSheet, rows: string[][], dateColumns: readonly boolean[]): void {
  const { encode_cell } = sheetJs().utils;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      if (dateColumns[c] !== true) continue;
      const instant = dateTimeInstant(row[c] ?? '');
      if (Number.isNaN(instant)) continue;
      // SheetJS writes the Date's UTC fields as the cell's date-value: the same wall time as in XLSX.
      const date = new Date(instant);
      const shown = date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
      worksheet[encode_cell({ r, c })] = { t: 'd', v: date, z: ODS_DATE_TIME_FORMAT, w: shown };
    }
  }
}
