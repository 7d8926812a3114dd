// The proxy reads CSV and XLSX uploads on its event loop in slices (readSpreadsheetSteps): the rows must be exactly
// those readSpreadsheet reads in one piece, other callbacks must get turns while a file is read, and a well
// compressed sheet must be scanned a bounded piece at a time however much one inflated slice holds.
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, readSpreadsheetSteps } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { writeCsv, writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';
import { ZipArchive, DEFAULT_ZIP_LIMITS } from '../../proxy/spreadsheet/zip-archive.ts';
import { runInSlices, runToEnd, TimeSlices } from '../../shared/time-slices.ts';
import { turnsDuring } from '../support/event-loop-watch.ts';

const ROWS = 2000;
const rows = [
  ['Email', 'First name', 'Last name', 'Note'],
  ...Array.from({ length: ROWS }, (_, i) => [`user.${i}@example.com`, 'Same', `User ${i}`, 'x'.repeat(50)]),
];

async function readCounting(bytes: Uint8Array) {
  const { value: read, turns } = await turnsDuring(
    runInSlices(readSpreadsheetSteps(bytes, { maxRows: ROWS }), new TimeSlices(0)),
  );
  return { read, turns };
}

describe('reading in slices', () => {
  it.each([
    ['CSV', () => writeCsv(rows, { delimiter: ',' })],
    ['XLSX', () => writeXlsx([{ name: 'Users', rows }])],
  ])('reads a %s file as readSpreadsheet does, giving other callbacks turns', async (_, make) => {
    const bytes = make();
    const { read, turns } = await readCounting(bytes);
    expect(read).toEqual({ ...readSpreadsheet(bytes, { maxRows: ROWS }), recordAt: read.recordAt });
    expect(read.rows).toHaveLength(ROWS + 1);
    expect(turns).toBeGreaterThan(5);
  });

  it('hands a well compressed entry on in pieces of at most the step size', () => {
    const zip = new ZipArchive(writeXlsx([{ name: 'Users', rows }]), DEFAULT_ZIP_LIMITS);
    const sheet = zip.find('xl/worksheets/sheet1.xml')!;
    const whole: number[] = [];
    zip.stream(sheet, (chunk) => whole.push(chunk.length));
    expect(Math.max(...whole)).toBeGreaterThan(4096 * 8); // one 16 KB slice inflates to far more
    const pieces: number[] = [];
    runToEnd(zip.streamSteps(sheet, (chunk) => pieces.push(chunk.length), 4096));
    expect(Math.max(...pieces)).toBeLessThanOrEqual(4096);
    expect(pieces.reduce((a, b) => a + b, 0)).toBe(sheet.uncompressedSize);
  });
});
