// What an import keeps of every uploaded row for its report (the cells as JSON text) until the job has stored
// them: 100,000 rows are ~27 MB of text, which cost the re-import of an unchanged file ~70 MB of its peak. Rows
// are kept in blocks of ROW_TEXT_BLOCK, each deflated once it is complete, and read back block by block. The
// blocks are those of the job's store (proxy/store/row-text-blocks.ts): a complete block of rows the job stores
// in the same order is stored as it is (`deflatedBlock`).
import {
  deflateRowTexts,
  inflateRowTexts,
  ROW_TEXT_BLOCK,
  ROW_TEXT_SEPARATOR,
} from '../store/row-text-blocks.ts';

export class CompressedRowTexts {
  private readonly blocks: Buffer[] = [];
  /** Blocks in which every row was set before the block was deflated, and none after. */
  private readonly complete: boolean[] = [];
  private open: string[] = [];
  private openCount = 0;
  private openBlock = 0;
  /** The index of the first block's first row: the rows above it (a sheet's header) are few, kept aside. */
  private origin = 0;
  /** Rows set after their block was deflated (XLSX rows out of order, corrected empty rows), and rows above origin. */
  private readonly late = new Map<number, string>();
  private cached: { block: number; rows: string[] } | null = null;
  length = 0;

  /**
   * Blocks begin at row `index` (the first data row), so that they line up with the job's blocks; rows above it
   * are kept aside. Only before any row at or below `index` is set.
   */
  startBlocksAt(index: number): void {
    if (this.length > index || this.blocks.length || this.openCount)
      throw new Error('blocks can only start before their rows are set');
    this.origin = index;
  }

  set(index: number, text: string): void {
    if (text.includes(ROW_TEXT_SEPARATOR)) throw new RangeError('a row text holds a line break');
    if (index >= this.length) this.length = index + 1;
    if (index < this.origin) {
      this.late.set(index, text);
      return;
    }
    const block = Math.floor((index - this.origin) / ROW_TEXT_BLOCK);
    while (block > this.openBlock) this.closeBlock();
    if (block < this.openBlock) {
      this.late.set(index, text);
      this.complete[block] = false;
      if (this.cached?.block === block) this.cached = null;
    } else {
      const within = (index - this.origin) % ROW_TEXT_BLOCK;
      if (this.open[within] === undefined) this.openCount++;
      this.open[within] = text;
    }
  }

  get(index: number): string | undefined {
    if (index >= this.length) return undefined;
    const late = this.late.get(index);
    if (late !== undefined) return late;
    if (index < this.origin) return undefined;
    const block = Math.floor((index - this.origin) / ROW_TEXT_BLOCK);
    const within = (index - this.origin) % ROW_TEXT_BLOCK;
    if (block === this.openBlock) return this.open[within] || undefined;
    if (this.cached?.block !== block) {
      const bytes = this.blocks[block];
      this.cached = { block, rows: bytes ? inflateRowTexts(bytes) : [] };
    }
    return this.cached.rows[within] || undefined;
  }

  /**
   * The deflated block of the ROW_TEXT_BLOCK rows from `index` on, when rows `index`… begin a block that is
   * deflated and holds every one of them exactly as `get` gives it; else undefined.
   */
  deflatedBlock(index: number): Buffer | undefined {
    if (index < this.origin || (index - this.origin) % ROW_TEXT_BLOCK) return undefined;
    const block = (index - this.origin) / ROW_TEXT_BLOCK;
    return this.complete[block] ? this.blocks[block] : undefined;
  }

  private closeBlock(): void {
    this.blocks[this.openBlock] = deflateRowTexts(this.open);
    this.complete[this.openBlock] = this.openCount === ROW_TEXT_BLOCK;
    this.open = [];
    this.openCount = 0;
    this.openBlock++;
  }
}
