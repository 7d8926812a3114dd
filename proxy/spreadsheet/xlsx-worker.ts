// The worker thread that reads an uploaded XLSX sheet (started by read-xlsx-in-worker.ts) with the same streaming
// reader as the event loop would, so the proxy's thread only decodes the rows' cells and plans them: reading
// the sheet's XML was about half of a 100,000-row preview's event-loop time, while the second core waited. Rows
// go back in batches (row-batches.ts), at most MAX_IN_FLIGHT of them not yet taken, so a sheet read faster than
// it is planned waits here instead of piling up in memory. It reads one file and ends.
import { parentPort } from 'node:worker_threads';
import { readSpreadsheetSteps, type ReadOptions, type SpreadsheetFormat } from './read-spreadsheet.ts';
import { CellTooLongError, SpreadsheetError } from './spreadsheet-error.ts';
import { RowBatchWriter } from './row-batches.ts';

/** What the worker is asked: the file (its own copy) and the options without the callbacks. */
export interface XlsxWorkerRequest {
  type: 'read';
  bytes: Uint8Array;
  options: Omit<ReadOptions, 'onRow' | 'onLongCell' | 'nativeInflate'>;
  /** The caller takes cells over the limit as empty (onLongCell); otherwise the first one ends the reading. */
  longCells: boolean;
}

/** A batch taken: its buffer comes back to be written again. */
export interface XlsxWorkerTaken {
  type: 'taken';
  buffer: ArrayBuffer;
}

export type XlsxWorkerMessage =
  | { type: 'rows'; batch: ArrayBuffer; length: number }
  | { type: 'done'; read: { format: SpreadsheetFormat; sheetNames: string[]; sheetName: string } }
  | {
      type: 'failed';
      error: { code: SpreadsheetError['code']; message: string; status: SpreadsheetError['status'] };
      /** A cell over the limit without onLongCell: its row (1-based), column and the limit. */
      cell?: { row: number; column: number; maxChars: number };
    };

/** Batches handed on and not yet taken; the reading waits beyond that. */
const MAX_IN_FLIGHT = 2;

let inFlight = 0;
let taken: (() => void) | undefined;

const post = (message: XlsxWorkerMessage, transfer: ArrayBuffer[] = []) =>
  parentPort?.postMessage(message, transfer);

const writer = new RowBatchWriter((batch, length) => {
  inFlight++;
  post({ type: 'rows', batch, length }, [batch]);
});

parentPort?.on('message', (message: XlsxWorkerRequest | XlsxWorkerTaken) => {
  if (message.type === 'taken') {
    inFlight--;
    writer.giveBack(message.buffer);
    const wake = taken;
    taken = undefined;
    wake?.();
  } else void read(message);
});

async function read({ bytes, options, longCells }: XlsxWorkerRequest): Promise<void> {
  let longColumns: number[] = [];
  const steps = readSpreadsheetSteps(bytes, {
    ...options,
    // The zlib thread pool inflates the next slice while this thread scans the one before.
    nativeInflate: true,
    onRow: (index, cells) => {
      writer.add(index, cells, longColumns);
      if (longColumns.length) longColumns = [];
    },
    onLongCell: longCells ? (_index, column) => longColumns.push(column) : undefined,
  });
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) {
        writer.flush();
        const { format, sheetNames, sheetName } = step.value;
        post({ type: 'done', read: { format, sheetNames, sheetName } });
        return;
      }
      if (step.value) await step.value;
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (taken = resolve));
    }
  } catch (error) {
    // The rows before the refusal are the caller's first, as when the sheet is read on its thread.
    writer.flush();
    if (error instanceof CellTooLongError)
      post({
        type: 'failed',
        error: { code: error.code, message: error.message, status: error.status },
        cell: { row: error.row, column: error.column, maxChars: error.maxChars },
      });
    else if (error instanceof SpreadsheetError)
      post({ type: 'failed', error: { code: error.code, message: error.message, status: error.status } });
    else throw error;
  }
}
