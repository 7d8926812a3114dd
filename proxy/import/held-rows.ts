// The cells of the rows the planner holds until their users arrive, when the upload cannot read a row again
// itself (an XLSX sheet, a corrected CSV row): 100,000 rows as one string each were ~30 MB of the heap at the
// end of the read, the XLSX preview's peak. Rows are written as UTF-8 into blocks of BLOCK_ROWS, each deflated
// on the zlib thread pool once it is complete (~5 MB for those 100,000 rows), and read back block by block.
import { deflateRaw, inflateRaw, inflateRawSync } from 'node:zlib';

const BLOCK_ROWS = 512;
/** Between a row's cells; a row whose cells hold it is kept as it is. */
const CELL_SEPARATOR = '\u0000';
/** What a block's bytes start with: enough for 512 rows of a user list. */
const BLOCK_BYTES = 256 * 1024;
/** Decoded blocks kept while rows are read in (about) the order they were added. */
const SEQUENTIAL_CACHE = 4;
/** Blocks after the one being read that are inflated ahead on the zlib thread pool. */
const READ_AHEAD = 2;

interface Block {
  /** Where each row starts in the block's bytes, and one past the last row's end. */
  starts: Int32Array;
  /** The rows' UTF-8 bytes until the block is deflated (and while the deflate runs). */
  bytes?: Buffer;
  deflated?: Buffer;
}

export class HeldRows {
  private readonly blocks: Block[] = [];
  private open: Block = newBlock();
  /** Bytes of blocks deflated since, for the next blocks. */
  private readonly free: Buffer[] = [];
  private used = 0;
  /** Rows whose cells hold the separator (practically never), by row. */
  private readonly aside = new Map<number, readonly string[]>();
  private count = 0;
  private readonly decoded = new Map<number, Buffer>();
  /** Blocks being inflated ahead. */
  private readonly ahead = new Set<number>();
  private inflates = 0;
  /**
   * Set when rows are asked for in an order that inflates blocks again and again (a file sorted unlike the
   * user API's listing): from then on every decoded block is kept, so none is inflated more than once more.
   */
  private keepDecoded = false;

  /** Keeps a row's cells; the handle (negative: never a CSV row's byte offset) `cells` gives them back by. */
  add(cells: readonly string[]): number {
    const row = this.count++;
    const within = row % BLOCK_ROWS;
    let text = '';
    if (cells.some((cell) => cell.includes(CELL_SEPARATOR))) this.aside.set(row, [...cells]);
    else text = cells.join(CELL_SEPARATOR);
    const open = this.open;
    // At most three bytes a UTF-16 unit.
    if (this.used + text.length * 3 > open.bytes!.length) {
      const grown = Buffer.allocUnsafe(Math.max(open.bytes!.length * 2, this.used + text.length * 3));
      open.bytes!.copy(grown, 0, 0, this.used);
      open.bytes = grown;
    }
    open.starts[within] = this.used;
    this.used += open.bytes!.write(text, this.used, 'utf8');
    open.starts[within + 1] = this.used;
    if (within === BLOCK_ROWS - 1) this.close();
    return -1 - row;
  }

  /** The cells of the row `add` gave `handle` for. */
  cells(handle: number): string[] {
    const row = -1 - handle;
    const aside = this.aside.get(row);
    if (aside) return [...aside];
    const index = Math.floor(row / BLOCK_ROWS);
    const within = row % BLOCK_ROWS;
    const block = this.blocks[index] ?? this.open;
    const bytes = block.bytes ?? this.decode(index, block);
    return bytes.toString('utf8', block.starts[within], block.starts[within + 1]).split(CELL_SEPARATOR);
  }

  private close(): void {
    const block = this.open;
    const bytes = block.bytes!.subarray(0, this.used);
    this.blocks.push(block);
    this.open = newBlock(this.free.pop());
    this.used = 0;
    // One output chunk of about the deflated size: a chunk per 16 KB (the default) cost the event loop a
    // callback each.
    deflateRaw(bytes, { level: 1, chunkSize: Math.max(bytes.length >> 2, 1024) }, (error, deflated) => {
      // Should the deflate fail, the block simply stays as it is.
      if (error) return;
      // Copied when the chunk is much larger than what it holds, which it would keep alive.
      block.deflated = deflated.buffer.byteLength > deflated.length * 1.25 ? Buffer.from(deflated) : deflated;
      // The next blocks are written into these bytes: a new 256 KB each would wait for a full collection
      // to be freed.
      this.free.push(block.bytes!);
      block.bytes = undefined;
    });
  }

  private decode(index: number, block: Block): Buffer {
    let bytes = this.decoded.get(index);
    if (!bytes) {
      bytes = inflateRawSync(block.deflated!, { chunkSize: sizeOf(block) });
      this.counted();
      this.keep(index, bytes);
    }
    if (!this.keepDecoded) this.readAhead(index);
    return bytes;
  }

  /** Rows are read in about the order they were added: the next blocks are inflated off the event loop. */
  private readAhead(index: number): void {
    for (let next = index + 1; next <= index + READ_AHEAD; next++) {
      const block = this.blocks[next];
      if (!block?.deflated || this.decoded.has(next) || this.ahead.has(next)) continue;
      this.ahead.add(next);
      this.counted();
      inflateRaw(block.deflated, { chunkSize: sizeOf(block) }, (error, bytes) => {
        this.ahead.delete(next);
        // Should it fail, the block is inflated when a row of it is read.
        if (!error && !this.decoded.has(next)) this.keep(next, bytes);
      });
    }
  }

  private counted(): void {
    if (++this.inflates > this.blocks.length * 2 + 16) this.keepDecoded = true;
  }

  private keep(index: number, bytes: Buffer): void {
    if (!this.keepDecoded && this.decoded.size >= SEQUENTIAL_CACHE)
      this.decoded.delete(this.decoded.keys().next().value!);
    this.decoded.set(index, bytes);
  }
}

function newBlock(bytes: Buffer = Buffer.allocUnsafe(BLOCK_BYTES)): Block {
  return { starts: new Int32Array(BLOCK_ROWS + 1), bytes };
}

/** The inflated size: one output chunk holds the whole block (zlib's smallest chunk is 64 bytes). */
function sizeOf(block: Block): number {
  return Math.max(block.starts[BLOCK_ROWS]!, 64);
}
