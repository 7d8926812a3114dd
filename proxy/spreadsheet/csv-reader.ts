// CSV/TSV (docs/api-guide.md#the-settings-file `csv`): RFC 4180 quoting (delimiters, doubled quotes and line breaks
// inside quotes), CRLF/LF/CR mixed, delimiter detection among , ; TAB | by consistent counts outside
// quotes. Every cell stays the text in the file: nothing is converted to numbers or dates.
import { damagedFile } from './spreadsheet-error.ts';
import { SheetRows, type RowLimits } from './sheet-rows.ts';
import { runToEnd, type Steps } from '../../shared/time-slices.ts';

export type CsvDelimiter = ',' | ';' | '\t' | '|';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Picks the delimiter whose count per line (outside quotes) is the most consistent over the first lines of
 * `sample`, the file's beginning; `truncated` says the file goes on after it.
 */
export function detectDelimiter(
  sample: string,
  truncated: boolean,
  fallback: CsvDelimiter = ',',
): CsvDelimiter {
  const lines = countPerLine(sample, truncated, 50);
  let best: { delimiter: CsvDelimiter; consistency: number; count: number } | undefined;
  for (const [index, delimiter] of CSV_DELIMITERS.entries()) {
    const counts = lines.map((line) => line[index] ?? 0);
    const frequency = new Map<number, number>();
    for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modal = 0;
    let modalLines = 0;
    for (const [count, times] of frequency) {
      if (times > modalLines || (times === modalLines && count > modal)) [modal, modalLines] = [count, times];
    }
    if (modal === 0) continue;
    const consistency = modalLines / counts.length;
    if (
      !best ||
      consistency > best.consistency + 1e-9 ||
      (Math.abs(consistency - best.consistency) < 1e-9 && modal > best.count)
    ) {
      best = { delimiter, consistency, count: modal };
    }
  }
  return best?.delimiter ?? fallback;
}

/** For each non-empty line of the sample, how often each candidate delimiter occurs outside quotes. */
function countPerLine(sample: string, truncated: boolean, maxLines: number): number[][] {
  const lines: number[][] = [];
  let counts = [0, 0, 0, 0];
  let inQuotes = false;
  let hasContent = false;
  for (let i = 0; i < sample.length && lines.length < maxLines; i++) {
    const code = sample.charCodeAt(i);
    if (code === QUOTE) {
      inQuotes = !inQuotes;
      hasContent = true;
    } else if (inQuotes) {
      continue;
    } else if (code === LF || code === CR) {
      if (hasContent) lines.push(counts);
      counts = [0, 0, 0, 0];
      hasContent = false;
    } else {
      hasContent = true;
      const index = CSV_DELIMITERS.indexOf(sample[i] as CsvDelimiter);
      if (index !== -1) counts[index] = (counts[index] ?? 0) + 1;
    }
  }
  // The last line of a cut sample may be incomplete; a complete file's last line counts.
  if (hasContent && !truncated && lines.length < maxLines) lines.push(counts);
  if (lines.length === 0 && hasContent) lines.push(counts);
  return lines;
}

/**
 * Parses delimited UTF-8 bytes into rows (row i = record i, i.e. spreadsheet row i + 1). It works on the bytes,
 * never on one decoded string of the whole file: every cell is decoded on its own, so the cells are small flat
 * strings (one-byte whenever they can be) instead of slices that keep a 50 MB two-byte text alive for as long as
 * one cell lives (the preview's peak memory). Delimiters, quotes and line ends are ASCII and never
 * occur inside a multi-byte UTF-8 sequence, so byte positions are safe to cut at.
 */
export function parseDelimited(bytes: Buffer, delimiter: CsvDelimiter, limits: RowLimits): string[][] {
  return runToEnd(parseDelimitedSteps(bytes, delimiter, limits));
}

/** parseDelimited as steps: it may pause after each record (shared/time-slices.ts). */
export function* parseDelimitedSteps(
  bytes: Buffer,
  delimiter: CsvDelimiter,
  limits: RowLimits,
): Steps<string[][]> {
  const rows = new SheetRows(limits);
  const records = new DelimitedRecords(bytes, delimiter);
  for (let record = records.next(); record; record = records.next()) {
    if (record.length === 0) continue;
    rows.checkWidth(record.length);
    rows.add(records.index, record, records.start);
    yield;
  }
  return rows.rows;
}

/** The record that starts at byte `offset` (a `start` that parseDelimited handed on), read again. */
export function recordAt(bytes: Buffer, delimiter: CsvDelimiter, offset: number): string[] {
  return new DelimitedRecords(bytes, delimiter, offset).next() ?? [];
}

/** The records of delimited UTF-8 bytes, one at a time. */
class DelimitedRecords {
  /** The 0-based number of the record next() returned last, and the byte where it starts. */
  index = -1;
  start = 0;
  private pos: number;
  private done = false;
  private nextDelimiter = -1;
  private nextLf = -1;
  private nextCr = -1;
  private readonly length: number;
  private readonly delimiterCode: number;

  constructor(
    private readonly bytes: Buffer,
    delimiter: CsvDelimiter,
    from = 0,
  ) {
    this.pos = from;
    this.length = bytes.length;
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  private find(code: number, from: number): number {
    const index = this.bytes.indexOf(code, from);
    return index === -1 ? this.length : index;
  }

  private text(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end);
  }

  /** The next record, its trailing empty cells trimmed (an empty line is []), or null after the last. */
  next(): string[] | null {
    if (this.done) return null;
    const { bytes, length, delimiterCode } = this;
    const row: string[] = [];
    this.index++;
    this.start = this.pos;
    let pos = this.pos;
    for (;;) {
      let field: string;
      if (pos < length && bytes[pos] === QUOTE) {
        let value = '';
        let at = pos + 1;
        for (;;) {
          const quote = bytes.indexOf(QUOTE, at);
          if (quote === -1) {
            throw damagedFile(
              `Row ${this.index + 1} has a quote (") that is never closed, so the rest of the file cannot be read.`,
            );
          }
          if (bytes[quote + 1] === QUOTE) {
            value += this.text(at, quote + 1);
            at = quote + 2;
            continue;
          }
          value += this.text(at, quote);
          at = quote + 1;
          break;
        }
        pos = at;
        // Text after the closing quote (`"abc"def`) is kept as Excel does; the positions may have moved.
        if (this.nextDelimiter !== length && this.nextDelimiter < pos)
          this.nextDelimiter = this.find(delimiterCode, pos);
        if (this.nextLf !== length && this.nextLf < pos) this.nextLf = this.find(LF, pos);
        if (this.nextCr !== length && this.nextCr < pos) this.nextCr = this.find(CR, pos);
        const end = Math.min(this.nextDelimiter, this.nextLf, this.nextCr);
        if (end > pos) value += this.text(pos, end);
        field = value;
        pos = end;
      } else {
        if (this.nextDelimiter < pos) this.nextDelimiter = this.find(delimiterCode, pos);
        if (this.nextLf < pos) this.nextLf = this.find(LF, pos);
        if (this.nextCr < pos) this.nextCr = this.find(CR, pos);
        const end = Math.min(this.nextDelimiter, this.nextLf, this.nextCr);
        field = end === pos ? '' : this.text(pos, end);
        pos = end;
      }
      row.push(field);
      if (pos >= length) {
        this.done = true;
        break;
      }
      const code = bytes[pos];
      if (code === delimiterCode) {
        pos++;
        continue;
      }
      pos += code === CR && bytes[pos + 1] === LF ? 2 : 1;
      if (pos >= length) this.done = true;
      break;
    }
    this.pos = pos;
    let end = row.length;
    while (end > 0 && row[end - 1] === '') end--;
    if (end < row.length) row.length = end;
    return row;
  }
}
