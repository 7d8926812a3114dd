// The worker thread that reads XLS, ODS and XLSB with SheetJS (started by read-off-thread.ts): SheetJS builds the
// whole workbook synchronously, so a hostile file would otherwise block the event loop of every request for
// seconds and take the proxy's heap with it. Here it costs this thread only, which has its own heap limit and is
// ended when it takes too long. It reads one file and answers once.
import { parentPort } from 'node:worker_threads';
import { readSpreadsheet, type ReadOptions } from './read-spreadsheet.ts';
import { SpreadsheetError } from './spreadsheet-error.ts';

export type WorkerAnswer =
  | {
      ok: true;
      read: { format: string; sheetNames: string[]; sheetName: string; rows: string[][] };
      /** [row index, column index] of the cells over the cell limit, read as empty. */
      longCells: [number, number][];
    }
  | {
      ok: false;
      error: { code: SpreadsheetError['code']; message: string; status: SpreadsheetError['status'] };
    }
  | { ok: false; unexpected: string };

parentPort?.once('message', (message: { bytes: Uint8Array; options: Omit<ReadOptions, 'onRow'> }) => {
  let answer: WorkerAnswer;
  const longCells: [number, number][] = [];
  try {
    const { format, sheetNames, sheetName, rows } = readSpreadsheet(message.bytes, {
      ...message.options,
      onLongCell: (index, column) => longCells.push([index, column]),
    });
    answer = { ok: true, read: { format, sheetNames, sheetName, rows }, longCells };
  } catch (error) {
    if (error instanceof SpreadsheetError) {
      answer = { ok: false, error: { code: error.code, message: error.message, status: error.status } };
    } else answer = { ok: false, unexpected: String(error) };
  }
  parentPort?.postMessage(answer);
});
