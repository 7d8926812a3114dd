// CSV exports (docs/api-guide.md#endpoints): UTF-8 with BOM (so Excel detects the encoding), CRLF, the chosen delimiter,
// RFC 4180 quoting where a cell needs it.
import { concatBytes } from './concat-bytes.ts';
import { neutralizeFormula } from './formula-guard.ts';

export interface CsvWriteOptions {
  delimiter: ',' | ';' | '\t';
  /** Prefix cells that would run as formulas with an apostrophe (formula-guard.ts); default true. */
  guardFormulas?: boolean;
}

const CHUNK_CHARS = 1 << 20;

export function writeCsv(rows: Iterable<string[]>, options: CsvWriteOptions): Uint8Array {
  const { delimiter } = options;
  const guard = options.guardFormulas ?? true;
  const needsQuotes = new RegExp(`["\\r\\n${delimiter === '\t' ? '\\t' : delimiter}]`);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [Uint8Array.from([0xef, 0xbb, 0xbf])];
  let pending = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      let cell = row[i] ?? '';
      if (guard) cell = neutralizeFormula(cell);
      if (needsQuotes.test(cell)) cell = `"${cell.replace(/"/g, '""')}"`;
      line = i === 0 ? cell : line + delimiter + cell;
    }
    pending += line + '\r\n';
    if (pending.length > CHUNK_CHARS) {
      parts.push(encoder.encode(pending));
      pending = '';
    }
  }
  if (pending !== '') parts.push(encoder.encode(pending));
  return concatBytes(parts);
}
