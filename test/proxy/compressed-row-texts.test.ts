import { describe, expect, it } from 'vitest';
import { CompressedRowTexts } from '../../proxy/import/compressed-row-texts.ts';

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

  it('refuses a text with a line break, which would split its block wrongly', () => {
    expect(() => new CompressedRowTexts().set(0, 'a\nb')).toThrow(RangeError);
  });
});
