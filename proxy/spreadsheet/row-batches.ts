// Rows on their way from the XLSX worker thread (xlsx-worker.ts) to the event loop, many rows in one buffer that
// is transferred, not copied: a message per row, or rows as arrays of strings, would cost both threads a
// structured clone of every cell. A row is its index (4 bytes), its cell count, the columns of its cells over
// the cell limit (read as empty), then each cell as its UTF-8 length and bytes; an empty cell is one byte.

/** A batch is handed on once it holds this much; a row longer than that goes in a batch of its own. */
export const ROW_BATCH_BYTES = 128 * 1024;

/** Buffer's own slicers: toString(encoding, start, end) checks its arguments again for every cell. */
interface Slicer {
  utf8Slice(start: number, end: number): string;
}

/** Writes rows into batches; `hand` takes each full batch (and must not touch the bytes after it). */
export class RowBatchWriter {
  private bytes: Buffer;
  private at = 0;
  private rows = 0;
  /** Buffers given back (readRowBatch's caller returns them), used again instead of new ones. */
  private readonly spare: ArrayBuffer[] = [];

  constructor(private readonly hand: (batch: ArrayBuffer, length: number) => void) {
    this.bytes = this.fresh(ROW_BATCH_BYTES);
  }

  /** A buffer handed back by the reader. */
  giveBack(buffer: ArrayBuffer): void {
    if (buffer.byteLength === ROW_BATCH_BYTES && this.spare.length < 2) this.spare.push(buffer);
  }

  add(index: number, cells: readonly string[], longColumns: readonly number[]): void {
    // At most 3 bytes a UTF-16 unit, 5 for a length; written first so that no cell has to be measured twice.
    let most = 4 + 5 + 5 + longColumns.length * 5;
    for (let c = 0; c < cells.length; c++) most += 5 + cells[c]!.length * 3;
    if (this.at + most > this.bytes.length) {
      this.flush();
      if (most > this.bytes.length) this.bytes = Buffer.allocUnsafeSlow(most);
    }
    const bytes = this.bytes;
    bytes.writeUInt32LE(index, this.at);
    let at = this.writeCount(this.at + 4, cells.length);
    at = this.writeCount(at, longColumns.length);
    for (const column of longColumns) at = this.writeCount(at, column);
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      if (cell.length === 0) {
        bytes[at++] = 0;
        continue;
      }
      // Most cells are shorter than 128 bytes: their length is one byte, written after them.
      const written = bytes.write(cell, at + 1, 'utf8');
      if (written < 128) {
        bytes[at] = written;
        at += 1 + written;
      } else {
        const prefix = countBytes(written);
        bytes.copyWithin(at + prefix, at + 1, at + 1 + written);
        this.writeCount(at, written);
        at += prefix + written;
      }
    }
    this.at = at;
    this.rows++;
  }

  /** Hands on the batch being written, if it holds any row. */
  flush(): void {
    if (this.rows === 0) return;
    this.hand(this.bytes.buffer as ArrayBuffer, this.at);
    this.rows = 0;
    this.at = 0;
    // After an oversized batch (one long row) the next is the usual size again.
    this.bytes = this.fresh(ROW_BATCH_BYTES);
  }

  private fresh(size: number): Buffer {
    const spare = this.spare.pop();
    return spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(size);
  }

  private writeCount(at: number, value: number): number {
    const bytes = this.bytes;
    while (value >= 0x80) {
      bytes[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[at++] = value;
    return at;
  }
}

function countBytes(value: number): number {
  let count = 1;
  while (value >= 0x80) {
    value >>>= 7;
    count++;
  }
  return count;
}

/**
 * Reads a batch row by row: `onRow` gets each row's index, its cells (new strings, not views of the batch) and
 * the columns over the cell limit. Returns after `stopAfter` rows or at the end; the answer is where it
 * stopped (`length` at the end), to go on from there.
 */
export function readRowBatch(
  batch: Uint8Array,
  from: number,
  onRow: (index: number, cells: string[], longColumns: number[] | undefined) => void,
  due: () => boolean,
): number {
  const bytes = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  const slicer = bytes as unknown as Slicer;
  const end = bytes.length;
  let at = from;
  let value = 0;
  const count = (): number => {
    let shift = 0;
    value = 0;
    for (;;) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (at < end) {
    const index = bytes.readUInt32LE(at);
    at += 4;
    const cellCount = count();
    const longCount = count();
    let longColumns: number[] | undefined;
    if (longCount > 0) {
      longColumns = [];
      for (let i = 0; i < longCount; i++) longColumns.push(count());
    }
    const cells = new Array<string>(cellCount);
    for (let c = 0; c < cellCount; c++) {
      const length = bytes[at]! < 0x80 ? bytes[at++]! : count();
      cells[c] = length === 0 ? '' : slicer.utf8Slice(at, (at += length));
    }
    onRow(index, cells, longColumns);
    if (due()) return at;
  }
  return at;
}
