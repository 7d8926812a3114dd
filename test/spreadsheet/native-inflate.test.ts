// The proxy inflates a large XLSX sheet on Node's zlib thread pool while it reads the rows (nativeInflate): the rows
// must be exactly those fflate's inflate gives, and a lying or broken entry must be refused just the same.
import { describe, expect, it } from 'vitest';
import {
  readSpreadsheet,
  readSpreadsheetSteps,
  SpreadsheetError,
  type ReadOptions,
} from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';
import { DEFAULT_ZIP_LIMITS, ZipArchive } from '../../proxy/spreadsheet/zip-archive.ts';
import { runInSlices, runToEnd, TimeSlices } from '../../shared/time-slices.ts';
import { deflatedZeros, handMadeXlsx } from './build-zip.ts';

const ROWS = 6000;
// Notes that do not repeat, so the sheet stays large once compressed (small entries are inflated by fflate).
const rows = [
  ['Email', 'First name', 'Last name', 'Note'],
  ...Array.from({ length: ROWS }, (_, i) => [
    `user.${i}@example.com`,
    'Ärger',
    `User ${i}`,
    ((i * 2654435761) % 4294967296).toString(36).repeat(3),
  ]),
];

const native = (bytes: Uint8Array, options: Partial<ReadOptions> = {}) =>
  runInSlices(
    readSpreadsheetSteps(bytes, { maxRows: ROWS, ...options, nativeInflate: true }),
    new TimeSlices(0),
  );

async function nativeRefusal(bytes: Uint8Array): Promise<SpreadsheetError> {
  const error = await native(bytes).then(
    () => new Error('the file was read, but should have been refused'),
    (caught: unknown) => caught,
  );
  if (error instanceof SpreadsheetError) return error;
  throw error;
}

function fflateRefusal(bytes: Uint8Array): SpreadsheetError {
  try {
    readSpreadsheet(bytes, { maxRows: ROWS });
  } catch (error) {
    if (error instanceof SpreadsheetError) return error;
    throw error;
  }
  throw new Error('the file was read, but should have been refused');
}

describe('native inflate of XLSX sheets', () => {
  const bytes = writeXlsx([{ name: 'Users', rows }]);
  const sheet = new ZipArchive(bytes, DEFAULT_ZIP_LIMITS).find('xl/worksheets/sheet1.xml')!;

  it('reads the rows fflate reads', async () => {
    expect(sheet.compressedSize).toBeGreaterThan(64 * 1024); // large enough for the thread pool
    const read = await native(bytes);
    expect(read).toEqual(readSpreadsheet(bytes, { maxRows: ROWS }));
    expect(read.rows[ROWS]?.[1]).toBe('Ärger');
  });

  it('hands the rows to onRow in order, and stops where onRow refuses', async () => {
    const seen: number[] = [];
    const refused = await native(bytes, {
      onRow: (index) => {
        seen.push(index);
        if (index === 4000) throw new Error('enough');
      },
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: 'enough' });
    expect(seen).toEqual(Array.from({ length: 4001 }, (_, i) => i));
  });

  it('stops a sheet whose headers lie about its size, as fflate does', async () => {
    const raw = { deflated: deflatedZeros(300), declaredSize: 2048 };
    const bomb = handMadeXlsx({ sheets: [{ name: 'S', xml: '', raw }] });
    const error = await nativeRefusal(bomb);
    expect(error).toMatchObject({ code: 'unreadable-file', status: 400 });
    expect(error.message).toMatch(/ZIP bomb/);
    expect(error.message).toBe(fflateRefusal(bomb).message);
  });

  it('refuses a sheet whose compressed data is broken, as fflate does', async () => {
    const broken = new Uint8Array(bytes);
    const view = new DataView(broken.buffer);
    const at = sheetDataOffset(broken, sheet.localHeaderOffset, view);
    broken.fill(0xff, at + 40_000, at + 40_400);
    const error = await nativeRefusal(broken);
    expect(error).toMatchObject({ code: 'unreadable-file', status: 400 });
    expect(error.message).toBe(fflateRefusal(broken).message);
  });

  it('cannot be run to its end in one piece (it waits for the thread pool)', () => {
    expect(() => runToEnd(readSpreadsheetSteps(bytes, { maxRows: ROWS, nativeInflate: true }))).toThrow(
      /in slices/,
    );
  });
});

function sheetDataOffset(bytes: Uint8Array, localHeader: number, view: DataView): number {
  return localHeader + 30 + view.getUint16(localHeader + 26, true) + view.getUint16(localHeader + 28, true);
}
