// A job's blocks of row cells taken as the upload already deflated them: when the job's rows ROW_TEXT_BLOCK·b …
// are the upload's rows r … r + ROW_TEXT_BLOCK − 1 in order (no empty or out-of-order row among them), the
// upload's block of those rows is the job's block b byte for byte, and storing it as it is spares inflating
// 10,000 rows' texts and deflating them again before the first write.
import { ROW_TEXT_BLOCK } from '../store/row-text-blocks.ts';
import type { CompressedRowTexts } from './compressed-row-texts.ts';

/**
 * The job's blocks (by block number) found deflated in `kept`; `rowOf(seq)` is the 1-based spreadsheet row of the
 * job's row `seq` (null: a row not from the file), `count` the job's rows.
 */
export function keptCellBlocks(
  kept: Pick<CompressedRowTexts, 'deflatedBlock'>,
  rowOf: (seq: number) => number | null,
  count: number,
): Map<number, Buffer> {
  const blocks = new Map<number, Buffer>();
  for (let first = 0; first + ROW_TEXT_BLOCK <= count; first += ROW_TEXT_BLOCK) {
    const start = rowOf(first);
    if (start === null) continue;
    let inOrder = true;
    for (let seq = first + 1; seq < first + ROW_TEXT_BLOCK && inOrder; seq++)
      inOrder = rowOf(seq) === start + (seq - first);
    const bytes = inOrder ? kept.deflatedBlock(start - 1) : undefined;
    if (bytes) blocks.set(first / ROW_TEXT_BLOCK, bytes);
  }
  return blocks;
}
