// The proxy inflates an XLSX's parts with Node's zlib before reading them (ZipArchive.inflateAhead): the rows
// must be exactly those fflate's slices give, and a part zlib does not inflate to its declared size must be
// left to the reader, which refuses it as before.
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, SpreadsheetError } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { readSpreadsheetOffThread } from '../../proxy/spreadsheet/read-off-thread.ts';
import { writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';
import { ZipArchive } from '../../proxy/spreadsheet/zip-archive.ts';
import { deflatedZeros, handMadeXlsx } from './build-zip.ts';

const WORKER = { timeoutMs: 60_000, maxHeapMb: 256 };
const rows = [
  ['Email', 'First name', 'Last name'],
  ...Array.from({ length: 3000 }, (_, i) => [`user.${i}@example.com`, 'Zoë', `Łukasz ${i}`]),
];

describe('XLSX parts inflated ahead', () => {
  it('gives the sheet, shared parts and relationships, and the same rows as reading slice by slice', async () => {
    const bytes = writeXlsx([{ name: 'Users', rows }]);
    const inflated = await new ZipArchive(bytes).inflateAhead();
    expect([...inflated.keys()]).toEqual(
      expect.arrayContaining(['xl/worksheets/sheet1.xml', 'xl/workbook.xml', '_rels/.rels']),
    );
    const ahead = readSpreadsheet(bytes, { maxRows: 10_000, inflated });
    expect(ahead.rows).toEqual(rows);
    expect((await readSpreadsheetOffThread(bytes, { maxRows: 10_000 }, WORKER)).rows).toEqual(rows);
  });

  it('inflates no more than it may hold: a larger sheet is left to the slices', async () => {
    const bytes = writeXlsx([{ name: 'Users', rows }]);
    const inflated = await new ZipArchive(bytes).inflateAhead(64 * 1024);
    expect(inflated.has('xl/worksheets/sheet1.xml')).toBe(false);
    expect(readSpreadsheet(bytes, { maxRows: 10_000, inflated }).rows).toEqual(rows);
  });

  it('leaves out a part whose headers lie about its size, and the reader refuses it as a ZIP bomb', async () => {
    const raw = { deflated: deflatedZeros(64), declaredSize: 2048 };
    const bytes = handMadeXlsx({ sheets: [{ name: 'S', xml: '', raw }] });
    const inflated = await new ZipArchive(bytes).inflateAhead();
    expect([...inflated.keys()].some((name) => name.includes('worksheets'))).toBe(false);
    const refusal = await readSpreadsheetOffThread(bytes, { maxRows: 10 }, WORKER).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SpreadsheetError);
    expect((refusal as SpreadsheetError).message).toMatch(/ZIP bomb/);
  });
});
