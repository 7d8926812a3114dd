// An uploaded XLSX sheet read in a worker thread (xlsx-worker.ts) while the event loop plans its rows: the rows
// arrive in batches of bytes (row-batches.ts), their cells are decoded here and handed to `onRow` in the order of
// the file, in time slices, exactly as the reader on this thread would hand them on; the worker's refusals (the
// ZIP's limits, too many rows, a damaged part, a cell over the limit) come after the rows read before them and
// are the same errors. Whatever ends the reading early (a refusal, `onRow` throwing) ends the worker.
import type { SpreadsheetRead, ReadOptions } from './read-spreadsheet.ts';
import { CellTooLongError, damagedFile, SpreadsheetError } from './spreadsheet-error.ts';
import { readRowBatch } from './row-batches.ts';
import { startBundledWorker } from './bundled-worker.ts';
import type { XlsxWorkerMessage, XlsxWorkerRequest, XlsxWorkerTaken } from './xlsx-worker.ts';
import { TimeSlices } from '../../shared/time-slices.ts';

/**
 * The worker's young generation: it makes short strings only (cells, slices of XML), and every MB of it is
 * resident memory beside the event loop's own.
 */
const YOUNG_GENERATION_MB = 4;

/** Reads an XLSX (or a file that may be one: the worker refuses it as the reader would) handing rows to onRow. */
export function readXlsxInWorker(
  bytes: Uint8Array,
  options: ReadOptions & { onRow: NonNullable<ReadOptions['onRow']> },
  maxHeapMb: number,
): Promise<SpreadsheetRead> {
  const { onRow, onLongCell, nativeInflate: _native, ...rest } = options;
  return new Promise((resolve, reject) => {
    const worker = startBundledWorker(import.meta.url, 'xlsx-worker', {
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: maxHeapMb,
    });
    const batches: { bytes: Uint8Array; at: number }[] = [];
    let outcome: { read: SpreadsheetRead } | { error: Error } | undefined;
    let settled = false;
    let working = false;
    const settle = (end: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      end();
    };
    const finish = () => {
      if (!outcome || batches.length > 0 || working) return;
      const ended = outcome;
      settle(() => ('read' in ended ? resolve(ended.read) : reject(ended.error)));
    };
    const deliver = (index: number, cells: string[], longColumns: number[] | undefined) => {
      // The worker lists cells over the limit only for an onLongCell.
      if (longColumns) for (const column of longColumns) onLongCell?.(index, column);
      onRow(index, cells);
    };
    const slices = new TimeSlices();
    const work = async () => {
      if (working) return;
      working = true;
      // A message is a turn of the loop of its own: a new slice starts.
      slices.restart();
      try {
        for (let batch = batches[0]; batch && !settled; batch = batches[0]) {
          batch.at = readRowBatch(batch.bytes, batch.at, deliver, () => slices.due);
          if (batch.at < batch.bytes.length) {
            await slices.pause();
            continue;
          }
          batches.shift();
          const taken: XlsxWorkerTaken = { type: 'taken', buffer: batch.bytes.buffer as ArrayBuffer };
          if (!settled) worker.postMessage(taken, [taken.buffer]);
          if (slices.due) await slices.pause();
        }
      } catch (error) {
        // onRow's own refusal, passed on as it is.
        settle(() => reject(error));
      } finally {
        working = false;
      }
      finish();
    };
    worker.on('message', (message: XlsxWorkerMessage) => {
      if (message.type === 'rows') {
        batches.push({ bytes: new Uint8Array(message.batch, 0, message.length), at: 0 });
        void work();
        return;
      }
      if (message.type === 'done') outcome = { read: { ...message.read, rows: [] } };
      else {
        const { error, cell } = message;
        outcome = {
          error: cell
            ? new CellTooLongError(cell.row, cell.column, cell.maxChars)
            : new SpreadsheetError(error.code, error.message, error.status),
        };
      }
      finish();
    });
    worker.once('error', (error) =>
      settle(() =>
        reject(
          (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? damagedFile(`Reading the file needs more than ${maxHeapMb} MB of memory.`)
            : damagedFile('The file is damaged and cannot be read.'),
        ),
      ),
    );
    worker.once('exit', () => settle(() => reject(damagedFile('The file is damaged and cannot be read.'))));
    // The worker's own copy: the upload's buffer stays the request's.
    const copy = new Uint8Array(bytes);
    const request: XlsxWorkerRequest = {
      type: 'read',
      bytes: copy,
      options: rest,
      longCells: onLongCell !== undefined,
    };
    worker.postMessage(request, [copy.buffer]);
  });
}
