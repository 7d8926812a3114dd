// readSpreadsheet for the proxy: an XLSX sheet is read by our own streaming reader in a worker thread
// (read-xlsx-in-worker.ts) while the event loop plans its rows, CSV by our own reader on the event loop (bounded
// per cell and in time slices that give the loop a turn every few milliseconds), and XLS, ODS and XLSB go to
// SheetJS in a worker thread (sheetjs-worker.ts) with a heap limit and a time limit: a file that would take
// seconds of CPU or gigabytes of memory ends its worker, never blocks the event loop, and is answered with a
// clear problem. The workers' rows are handed to `onRow` here with the same limits, so the caller cannot tell
// which reader read them.
import {
  isDelimitedText,
  readBySheetJs,
  readSpreadsheetSteps,
  type ReadOptions,
  type SpreadsheetRead,
} from './read-spreadsheet.ts';
import { CellTooLongError, damagedFile, SpreadsheetError } from './spreadsheet-error.ts';
import { SheetRows } from './sheet-rows.ts';
import type { WorkerAnswer } from './sheetjs-worker.ts';
import { startBundledWorker } from './bundled-worker.ts';
import { readXlsxInWorker } from './read-xlsx-in-worker.ts';
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
  const { onRow } = options;
  if (!readBySheetJs(bytes, options.zipLimits)) {
    // An XLSX sheet handing on its rows is read in a worker; CSV, and a sheet whose rows are kept (no onRow), on
    // the event loop in slices between other requests, the XLSX inflated on the zlib thread pool meanwhile.
    if (onRow && !isDelimitedText(bytes))
      return readXlsxInWorker(bytes, { ...options, onRow }, limits.maxHeapMb);
    return runInSlices(readSpreadsheetSteps(bytes, { ...options, nativeInflate: true }));
  }
  const { onRow: _onRow, onLongCell, ...rest } = options;
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

function readInWorker(
  bytes: Uint8Array,
  options: Omit<ReadOptions, 'onRow' | 'onLongCell'>,
  limits: WorkerLimits,
): Promise<SpreadsheetRead & { longCells: [number, number][] }> {
  return new Promise((resolve, reject) => {
    const worker = startBundledWorker(import.meta.url, 'sheetjs-worker', {
      maxOldGenerationSizeMb: limits.maxHeapMb,
      maxYoungGenerationSizeMb: 16,
    });
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
