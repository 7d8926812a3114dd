// What an import keeps of every uploaded row for its report (the cells as JSON text) until the job has stored
// them: 100,000 rows are ~27 MB of text, which cost the re-import of an unchanged file ~70 MB of its peak. Rows
// are kept in blocks of BLOCK_ROWS, each deflated once it is complete, and read back block by block.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const BLOCK_ROWS = 512;
/** Row texts are JSON, which never holds a raw line break, so one joins a block's rows. */
const SEPARATOR = '\n';

export class CompressedRowTexts {
  private readonly blocks: Buffer[] = [];
  private open: string[] = [];
  private openBlock = 0;
  /** Rows set after their block was deflated (XLSX rows out of order, corrected empty rows): rare. */
  private readonly late = new Map<number, string>();
  private cached: { block: number; rows: string[] } | null = null;
  length = 0;

  set(index: number, text: string): void {
    if (text.includes(SEPARATOR)) throw new RangeError('a row text holds a line break');
    if (index >= this.length) this.length = index + 1;
    const block = Math.floor(index / BLOCK_ROWS);
    while (block > this.openBlock) this.closeBlock();
    if (block < this.openBlock) this.late.set(index, text);
    else this.open[index % BLOCK_ROWS] = text;
  }

  get(index: number): string | undefined {
    if (index >= this.length) return undefined;
    const late = this.late.get(index);
    if (late !== undefined) return late;
    const block = Math.floor(index / BLOCK_ROWS);
    if (block === this.openBlock) return this.open[index % BLOCK_ROWS] || undefined;
    if (this.cached?.block !== block) {
      const bytes = this.blocks[block];
      this.cached = { block, rows: bytes ? inflateRawSync(bytes).toString('utf8').split(SEPARATOR) : [] };
    }
    return this.cached.rows[index % BLOCK_ROWS] || undefined;
  }

  private closeBlock(): void {
    let text = '';
    for (let i = 0; i < BLOCK_ROWS; i++) text += (i > 0 ? SEPARATOR : '') + (this.open[i] ?? '');
    this.blocks[this.openBlock] = deflateRawSync(text, { level: 1 });
    this.open = [];
    this.openBlock++;
  }
}
