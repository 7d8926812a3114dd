// Writing exports and reports (docs/api-guide.md#endpoints): CSV and XLSX with our own fast writers, ODS through SheetJS.
import { guardApostrophes } from './formula-guard.ts';
import { sheetJs } from './sheetjs.ts';
import type { SheetData } from './xlsx-writer.ts';

export { writeCsv, type CsvWriteOptions } from './csv-writer.ts';
export { streamXlsx, writeXlsx, type SheetData, type StreamedSheet } from './xlsx-writer.ts';
export { neutralizeFormula, removeFormulaGuard } from './formula-guard.ts';

/** ODS (LibreOffice) export; every cell a text cell. SheetJS is fast enough for this rarely used format. */
export function writeOds(sheets: SheetData[]): Uint8Array {
  if (sheets.length === 0) throw new RangeError('writeOds needs at least one sheet');
  const XLSX = sheetJs();
  const workbook = XLSX.utils.book_new();
  const used = new Set<string>();
  sheets.forEach((sheet, index) => {
    const rows = Array.from(sheet.rows, (row) => row.map((cell) => guardApostrophes(cell ?? '')));
    const worksheet = XLSX.utils.aoa_to_sheet(rows);
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
