// readSpreadsheet for the proxy: XLSX and CSV are read here by our own streaming readers (bounded per cell, per
// slice, and in time slices that give the event loop a turn every few milliseconds), while XLS, ODS and XLSB go to SheetJS in a worker thread (sheetjs-worker.ts) with a heap limit and a
// time limit: a file that would take seconds of CPU or gigabytes of memory ends its worker, never blocks the event
// loop, and is answered with a clear problem. The worker's rows come back as plain arrays and are handed to
// `onRow` here with the same limits, so the caller cannot tell which reader read them.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  readBySheetJs,
  readSpreadsheetSteps,
  type ReadOptions,
  type SpreadsheetRead,
} from './read-spreadsheet.ts';
import { CellTooLongError, damagedFile, SpreadsheetError } from './spreadsheet-error.ts';
import { SheetRows } from './sheet-rows.ts';
import type { WorkerAnswer } from './sheetjs-worker.ts';
import { runInSlices, TimeSlices } from '../../shared/time-slices.ts';

export interface WorkerLimits {
  timeoutMs: number;
  maxHeapMb: number;
}

/** Reads like readSpreadsheet; SheetJS's formats in a worker thread. */
export async function readSpreadsheetOffThread(
  bytes: Uint8Array,
  options: ReadOptions,
  limits: WorkerLimits,
): Promise<SpreadsheetRead> {
  // Our own readers run on the event loop, in slices between other requests; an XLSX sheet is inflated on the
  // zlib thread pool meanwhile.
  if (!readBySheetJs(bytes, options.zipLimits))
    return runInSlices(readSpreadsheetSteps(bytes, { ...options, nativeInflate: true }));
  const { onRow, onLongCell, ...rest } = options;
  const { longCells, ...read } = await readInWorker(bytes, rest, limits);
  for (const [index, column] of longCells) {
    if (!onLongCell) throw new CellTooLongError(index + 1, column, options.maxCellChars ?? 0);
    onLongCell(index, column);
  }
  if (!onRow) return read;
  const rows = new SheetRows({ maxRows: options.maxRows, headerRows: options.headerRows ?? 1, onRow });
  // onRow plans each row: 100,000 of them are handed on in slices too.
  const slices = new TimeSlices();
  for (let index = 0; index < read.rows.length; index++) {
    const cells = read.rows[index];
    if (cells) rows.add(index, cells);
    if (slices.due) await slices.pause();
  }
  return { ...read, rows: [] };
}

/** The worker's module: the bundled .mjs beside the proxy's bundle, or the TypeScript source under tsx. */
function startWorker(limits: WorkerLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 16 };
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './sheetjs-worker.ts' : './sheetjs-worker.mjs', import.meta.url);
  if (!source) return new Worker(url, { resourceLimits });
  // A worker thread does not inherit tsx's loader: it registers it before importing the TypeScript.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

function readInWorker(
  bytes: Uint8Array,
  options: Omit<ReadOptions, 'onRow' | 'onLongCell'>,
  limits: WorkerLimits,
): Promise<SpreadsheetRead & { longCells: [number, number][] }> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(limits);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            damagedFile(
              `Reading the file took too long (over ${Math.round(limits.timeoutMs / 1000)} s); save it as XLSX or CSV and upload it again.`,
            ),
          ),
        ),
      limits.timeoutMs,
    );
    worker.once('message', (answer: WorkerAnswer) =>
      settle(() => {
        if (answer.ok)
          resolve({
            ...answer.read,
            format: answer.read.format as SpreadsheetRead['format'],
            longCells: answer.longCells,
          });
        else if ('unexpected' in answer) reject(damagedFile('The file is damaged and cannot be read.'));
        else reject(new SpreadsheetError(answer.error.code, answer.error.message, answer.error.status));
      }),
    );
    worker.once('error', (error) =>
      settle(() =>
        reject(
          (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? damagedFile(
                `Reading the file needs more than ${limits.maxHeapMb} MB of memory; save it as XLSX or CSV and upload it again.`,
              )
            : damagedFile('The file is damaged and cannot be read.'),
        ),
      ),
    );
    worker.once('exit', () => settle(() => reject(damagedFile('The file is damaged and cannot be read.'))));
    // A copy for the worker: the upload's buffer stays the request's.
    worker.postMessage({ bytes: new Uint8Array(bytes), options });
  });
}
