// The cells of the rows the planner holds until their users arrive, when the upload cannot read a row again
// itself (an XLSX sheet, a corrected CSV row): 100,000 rows as one string each were ~30 MB of the heap at the
// end of the read, the XLSX preview's peak. Rows are kept in blocks of BLOCK_ROWS, each deflated on the zlib
// thread pool once it is complete (~5 MB for those 100,000 rows), and read back block by block.
import { deflateRaw, inflateRaw, inflateRawSync } from 'node:zlib';

const BLOCK_ROWS = 512;
/** Between a row's cells and between a block's rows; a row whose cells hold either is kept as it is. */
const CELL_SEPARATOR = '\u0000';
const ROW_SEPARATOR = '\u0001';
const ROW_SEPARATOR_BYTE = 1;
/** Decoded blocks kept while rows are read in (about) the order they were added. */
const SEQUENTIAL_CACHE = 4;
/** Blocks after the one being read that are inflated ahead on the zlib thread pool. */
const READ_AHEAD = 2;

interface Block {
  /** The rows' texts until the block is deflated (and while the deflate runs). */
  texts?: string[];
  deflated?: Buffer;
}

interface Decoded {
  bytes: Buffer;
  /** Where each row starts in `bytes`, and one past the last row's end. */
  starts: Int32Array;
}

export class HeldRows {
  private readonly blocks: Block[] = [];
  private open: string[] = [];
  /** Rows whose cells hold a separator (practically never), by row. */
  private readonly aside = new Map<number, readonly string[]>();
  private count = 0;
  private readonly decoded = new Map<number, Decoded>();
  private inflates = 0;
  /** Blocks being inflated ahead. */
  private readonly ahead = new Set<number>();
  /**
   * Set when rows are asked for in an order that inflates blocks again and again (a file sorted unlike the
   * user API's listing): from then on every decoded block is kept, so none is inflated more than once more.
   */
  private keepDecoded = false;

  /** Keeps a row's cells; the handle (negative: never a CSV row's byte offset) `cells` gives them back by. */
  add(cells: readonly string[]): number {
    const row = this.count++;
    let text: string | undefined;
    for (const cell of cells)
      if (cell.includes(CELL_SEPARATOR) || cell.includes(ROW_SEPARATOR)) {
        this.aside.set(row, [...cells]);
        text = '';
        break;
      }
    this.open.push(text ?? cells.join(CELL_SEPARATOR));
    if (this.open.length === BLOCK_ROWS) this.close();
    return -1 - row;
  }

  /** The cells of the row `add` gave `handle` for. */
  cells(handle: number): string[] {
    const row = -1 - handle;
    const aside = this.aside.get(row);
    if (aside) return [...aside];
    const index = Math.floor(row / BLOCK_ROWS);
    const within = row % BLOCK_ROWS;
    const block = this.blocks[index];
    const texts = block ? block.texts : this.open;
    if (texts) return texts[within]!.split(CELL_SEPARATOR);
    const { bytes, starts } = this.decode(index, block!.deflated!);
    return bytes.toString('utf8', starts[within]!, starts[within + 1]! - 1).split(CELL_SEPARATOR);
  }

  private close(): void {
    const block: Block = { texts: this.open };
    this.blocks.push(block);
    this.open = [];
    // The separator after the last row too: every row ends one byte before the next one starts.
    deflateRaw(block.texts!.join(ROW_SEPARATOR) + ROW_SEPARATOR, { level: 1 }, (error, deflated) => {
      // Should the deflate fail, the block simply stays as text.
      if (error) return;
      block.deflated = deflated;
      block.texts = undefined;
    });
  }

  private decode(index: number, deflated: Buffer): Decoded {
    let decoded = this.decoded.get(index);
    if (!decoded) {
      decoded = decodedOf(inflateRawSync(deflated));
      this.counted();
      this.keep(index, decoded);
    }
    if (!this.keepDecoded) this.readAhead(index);
    return decoded;
  }

  /** Rows are read in about the order they were added: the next blocks are inflated off the event loop. */
  private readAhead(index: number): void {
    for (let next = index + 1; next <= index + READ_AHEAD; next++) {
      const deflated = this.blocks[next]?.deflated;
      if (!deflated || this.decoded.has(next) || this.ahead.has(next)) continue;
      this.ahead.add(next);
      this.counted();
      inflateRaw(deflated, (error, bytes) => {
        this.ahead.delete(next);
        // Should it fail, the block is inflated when a row of it is read.
        if (!error && !this.decoded.has(next)) this.keep(next, decodedOf(bytes));
      });
    }
  }

  private counted(): void {
    if (++this.inflates > this.blocks.length * 2 + 16) this.keepDecoded = true;
  }

  private keep(index: number, decoded: Decoded): void {
    if (!this.keepDecoded && this.decoded.size >= SEQUENTIAL_CACHE)
      this.decoded.delete(this.decoded.keys().next().value!);
    this.decoded.set(index, decoded);
  }
}

function decodedOf(bytes: Buffer): Decoded {
  const starts = new Int32Array(BLOCK_ROWS + 1);
  let at = 0;
  for (let row = 0; row < BLOCK_ROWS; row++) {
    starts[row] = at;
    at = bytes.indexOf(ROW_SEPARATOR_BYTE, at) + 1;
  }
  starts[BLOCK_ROWS] = at;
  return { bytes, starts };
}
