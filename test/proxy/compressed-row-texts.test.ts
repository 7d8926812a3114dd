import { describe, expect, it } from 'vitest';
import { CompressedRowTexts } from '../../proxy/import/compressed-row-texts.ts';
import { inflateRowTexts, ROW_TEXT_BLOCK } from '../../proxy/store/row-text-blocks.ts';

describe('CompressedRowTexts', () => {
  it('gives back every row across deflated blocks, in and out of order', () => {
    const texts = new CompressedRowTexts();
    const expected = new Map<number, string>();
    for (let index = 0; index < 2_000; index++) {
      if (index % 7 === 3) continue; // empty rows stay absent
      const text = JSON.stringify([`Row ${index}`, 'Müller', '😀', index % 5 === 0 ? '' : 'x']);
      texts.set(index, text);
      expected.set(index, text);
    }
    texts.set(10, '["late, after its block was deflated"]');
    expected.set(10, '["late, after its block was deflated"]');
    expect(texts.length).toBe(2_000);
    for (let index = 0; index < 2_100; index++) expect(texts.get(index)).toBe(expected.get(index));
    // Read backwards too: blocks are inflated again as needed.
    for (let index = 1_999; index >= 0; index -= 97) expect(texts.get(index)).toBe(expected.get(index));
  });

  it('starts its blocks at the first data row, the rows above kept aside, in and out of order', () => {
    const texts = new CompressedRowTexts();
    const expected = new Map<number, string>();
    const put = (index: number, text: string) => {
      texts.set(index, text);
      expected.set(index, text);
    };
    texts.startBlocksAt(3);
    for (let index = 0; index < 3; index++) put(index, JSON.stringify([`Title ${index}`]));
    for (let index = 3; index < 1_700; index++) put(index, JSON.stringify([`Row ${index}`, 'Jürgen']));
    put(5, '["late, after its block was deflated"]');
    for (let index = 0; index < 1_800; index++) expect(texts.get(index)).toBe(expected.get(index));
    for (let index = 1_699; index >= 0; index -= 89) expect(texts.get(index)).toBe(expected.get(index));
  });

  it('hands over a deflated block only when it begins at a block start and holds each of its rows as given', () => {
    const texts = new CompressedRowTexts();
    texts.startBlocksAt(2);
    texts.set(0, '["Title"]');
    texts.set(1, '["Header"]');
    // Block 0: rows 2…513, all there. Block 1: rows 514…1025, one missing. Block 2: complete, then a row set late.
    // Block 3: still open.
    for (let index = 2; index < 2 + 4 * ROW_TEXT_BLOCK - 5; index++)
      if (index !== 700) texts.set(index, JSON.stringify([`Row ${index}`]));
    texts.set(1_100, '["corrected later"]');
    const first = texts.deflatedBlock(2);
    expect(first).toBeDefined();
    expect(inflateRowTexts(first!)).toEqual(
      Array.from({ length: ROW_TEXT_BLOCK }, (_, i) => JSON.stringify([`Row ${i + 2}`])),
    );
    expect(texts.deflatedBlock(3)).toBeUndefined(); // not a block start
    expect(texts.deflatedBlock(0)).toBeUndefined(); // above the first block
    expect(texts.deflatedBlock(2 + ROW_TEXT_BLOCK)).toBeUndefined(); // row 700 is missing
    expect(texts.deflatedBlock(2 + 2 * ROW_TEXT_BLOCK)).toBeUndefined(); // row 1,100 changed after its deflate
    expect(texts.deflatedBlock(2 + 3 * ROW_TEXT_BLOCK)).toBeUndefined(); // not deflated yet
    expect(texts.get(1_100)).toBe('["corrected later"]');
  });

  it('refuses to start its blocks once rows are in', () => {
    const texts = new CompressedRowTexts();
    texts.set(4, '["a"]');
    expect(() => texts.startBlocksAt(2)).toThrow();
  });

  it('refuses a text with a line break, which would split its block wrongly', () => {
    expect(() => new CompressedRowTexts().set(0, 'a\nb')).toThrow(RangeError);
  });
});
