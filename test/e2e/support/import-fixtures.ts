// Spreadsheets for the wizard's real-browser tests, made in the test itself (real files, no binaries checked in).
import * as XLSX from 'xlsx';

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export function xlsxFile(name: string, rows: (string | number)[][]): UploadFile {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), 'Users');
  const buffer = XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  return {
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  };
}

export function csvFile(
  name: string,
  rows: string[][],
  options: { delimiter?: string; encoding?: 'utf8' | 'latin1' } = {},
): UploadFile {
  const text = rows.map((row) => row.join(options.delimiter ?? ',')).join('\r\n') + '\r\n';
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, options.encoding ?? 'utf8') };
}

/** The rows of a downloaded XLSX report as objects keyed by header. */
export function readReport(buffer: Buffer): Record<string, string>[] {
  const workbook = XLSX.read(buffer);
  const sheet = workbook.Sheets[workbook.SheetNames[0] ?? ''];
  if (!sheet) throw new Error('the report has no sheet');
  return XLSX.utils.sheet_to_json<Record<string, string>>(sheet, { raw: false, defval: '' });
}
