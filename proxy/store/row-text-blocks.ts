// The format of a job's row cells in import_row_cells: the JSON texts of ROW_TEXT_BLOCK consecutive rows joined by
// line breaks (JSON never holds a raw one; a row without cells is an empty line), raw-deflated at level 1. The
// upload keeps its rows in the same blocks (proxy/import/compressed-row-texts.ts), so a job can store a block it
// was handed as it is, without inflating and deflating it again.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const ROW_TEXT_BLOCK = 512;
export const ROW_TEXT_SEPARATOR = '\n';

/** One block's bytes; `texts[i]` is row i of the block, '' or absent for none. */
export function deflateRowTexts(texts: readonly (string | undefined)[]): Buffer {
  let text = '';
  for (let i = 0; i < texts.length; i++) text += (i > 0 ? ROW_TEXT_SEPARATOR : '') + (texts[i] ?? '');
  return deflateRawSync(text, { level: 1 });
}

/** A block's texts by position in the block ('' for a row without cells). */
export function inflateRowTexts(bytes: Buffer): string[] {
  return inflateRawSync(bytes).toString('utf8').split(ROW_TEXT_SEPARATOR);
}
