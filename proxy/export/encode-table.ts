// Turns table rows into the bytes of the requested file format (exports, templates, import reports).
import { writeCsv, writeOds, writeXlsx } from '../spreadsheet/write-spreadsheet.ts';

export type TableFormat = 'xlsx' | 'csv' | 'ods';

export const CONTENT_TYPES: Record<TableFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv; charset=utf-8',
};

export interface TableSheet {
  name: string;
  rows: Iterable<string[]>;
  /** Columns written as date cells in XLSX and ODS (user-table.ts dateColumns); CSV writes the text. */
  dateColumns?: readonly boolean[];
}

/** CSV carries only the first sheet; the workbook formats carry all (e.g. the "Field info" sheet). */
export function encodeTable(
  format: TableFormat,
  sheets: TableSheet[],
  delimiter: ',' | ';' = ',',
): Uint8Array {
  if (format === 'csv') return writeCsv(sheets[0]?.rows ?? [], { delimiter });
  if (format === 'ods') return writeOds(sheets);
  return writeXlsx(sheets);
}

export function attachment(
  body: Uint8Array | ReadableStream<Uint8Array>,
  format: TableFormat,
  fileName: string,
): Response {
  return new Response(body as BodyInit, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
  });
}
