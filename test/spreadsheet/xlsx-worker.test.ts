// The proxy reads an uploaded XLSX sheet in a worker thread (read-xlsx-in-worker.ts) and hands its rows on from
// batches of bytes: what the caller sees must be exactly what the reader on the event loop gives it, rows,
// cells over the limit and refusals alike, on real files and hostile ones; and a reading that ends early ends
// its worker.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSpreadsheetSteps, type ReadOptions } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { readSpreadsheetOffThread } from '../../proxy/spreadsheet/read-off-thread.ts';
import { readRowBatch, RowBatchWriter, ROW_BATCH_BYTES } from '../../proxy/spreadsheet/row-batches.ts';
import { writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';
import { runInSlices } from '../../shared/time-slices.ts';
import { ensureGeneratedFixtures, HOSTILE_DIR } from '../fixtures/make-hostile-fixtures.ts';

const SPREADSHEETS_DIR = join(HOSTILE_DIR, '..', 'spreadsheets');
const LIMITS = { timeoutMs: 30_000, maxHeapMb: 256 };

type Event = unknown[];

/** Everything a reading tells its caller, in order: rows, cells over the limit, the end or the refusal. */
async function eventsOf(
  bytes: Uint8Array,
  inWorker: boolean,
  options: Partial<ReadOptions> & { longCells?: boolean } = {},
): Promise<Event[]> {
  const events: Event[] = [];
  const { longCells = true, ...rest } = options;
  const read: ReadOptions = {
    maxRows: 100_000,
    maxCellChars: 32_768,
    headerRows: 25,
    onRow: (index, cells) => events.push(['row', index, cells]),
    onLongCell: longCells ? (index, column) => events.push(['long', index, column]) : undefined,
    ...rest,
  };
  try {
    const { format, sheetNames, sheetName, rows } = inWorker
      ? await readSpreadsheetOffThread(bytes, read, LIMITS)
      : await runInSlices(readSpreadsheetSteps(bytes, { ...read, nativeInflate: true }));
    events.push(['read', format, sheetNames, sheetName, rows]);
  } catch (error) {
    const { name, message, code, status, row, column } = error as Record<string, unknown>;
    events.push(['refused', name, message, code, status, row, column]);
  }
  return events;
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.xls[xm]$/.test(name))
    .map((name) => join(dir, name));
}

/** This process's threads (Linux): a worker is one, gone once it has ended. */
function threads(): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}

describe('the XLSX worker', () => {
  const generated = ensureGeneratedFixtures();
  const fixtures = [
    ...files(HOSTILE_DIR),
    ...files(SPREADSHEETS_DIR),
    generated.zipBomb,
    generated.columns5000Xlsx,
    generated.cell1MbXlsx,
  ];

  it.each(fixtures.map((path) => [path.slice(path.lastIndexOf('/') + 1), path]))(
    'tells the caller what the reader on the event loop tells it: %s',
    async (_, path) => {
      const bytes = readFileSync(path);
      for (const longCells of [true, false]) {
        const expected = await eventsOf(bytes, false, { longCells });
        expect(await eventsOf(bytes, true, { longCells })).toEqual(expected);
      }
    },
  );

  it('gives the rows before a refusal, then the same refusal (too many rows, no such sheet)', async () => {
    const rows = [
      ['Email', 'Name'],
      ...Array.from({ length: 3000 }, (_, i) => [`u${i}@example.com`, `ü ${i}`]),
    ];
    const bytes = writeXlsx([
      { name: 'Users', rows },
      { name: 'Other', rows: [['a'], ['b']] },
    ]);
    const tooMany = await eventsOf(bytes, true, { maxRows: 2500, headerRows: 1 });
    expect(tooMany).toEqual(await eventsOf(bytes, false, { maxRows: 2500, headerRows: 1 }));
    expect(tooMany).toHaveLength(2502);
    expect(tooMany.at(-1)?.[3]).toBe('too-many-rows');
    for (const sheet of ['other', 'Missing'])
      expect(await eventsOf(bytes, true, { sheet })).toEqual(await eventsOf(bytes, false, { sheet }));
  });

  it('ends its worker when the caller refuses a row, and passes that refusal on as it is', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`u${i}@example.com`, `User ${i}`]);
    const bytes = writeXlsx([{ name: 'Users', rows }]);
    // A whole reading first, so that the threads every reading shares (zlib's pool) are there already.
    expect((await eventsOf(bytes, true)).at(-1)?.[0]).toBe('read');
    const before = threads();
    const refusal = new Error('not this row');
    let calls = 0;
    const reading = readSpreadsheetOffThread(
      bytes,
      {
        maxRows: 100_000,
        onRow: () => {
          if (++calls === 700) throw refusal;
        },
      },
      LIMITS,
    );
    await expect(reading).rejects.toBe(refusal);
    expect(calls).toBe(700);
    // The worker's thread goes away (terminate is asynchronous); a worker left running would keep it.
    while (threads() > before) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toBe(700);
  });
});

describe('row batches', () => {
  it('carry rows, empty cells, long and non-ASCII cells and the columns over the limit exactly', () => {
    const long = 'é'.repeat(70_000);
    const rows: [number, string[], number[]][] = [
      [0, ['Email', 'Name', '', 'Note'], []],
      [3, ['', '', 'x'], [0, 1]],
      [4, ['a'.repeat(127), 'b'.repeat(128), 'c'.repeat(20_000), '😀 ü'], []],
      [70_000, [long], []],
      ...Array.from({ length: 40_000 }, (_, i): [number, string[], number[]] => [
        100_000 + i,
        [`u${i}`, ''],
        [],
      ]),
    ];
    const batches: Uint8Array[] = [];
    const writer = new RowBatchWriter((batch, length) => batches.push(new Uint8Array(batch, 0, length)));
    for (const [index, cells, longColumns] of rows) writer.add(index, cells, longColumns);
    writer.flush();
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.every((batch) => batch.length <= ROW_BATCH_BYTES || batch.length > long.length)).toBe(
      true,
    );
    const read: [number, string[], number[]][] = [];
    for (const batch of batches) {
      // Stopping after every row and going on from there reads the same.
      for (let at = 0; at < batch.length;)
        at = readRowBatch(
          batch,
          at,
          (index, cells, longColumns) => read.push([index, cells, longColumns ?? []]),
          () => true,
        );
    }
    expect(read).toEqual(rows);
  });
});
