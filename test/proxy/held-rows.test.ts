// HeldRows: the rows the planner holds until their users arrive come back exactly as they were added, whether
// their block is still open, being deflated, deflated, or read in an order unlike the order they were added.
import { describe, expect, it } from 'vitest';
import { HeldRows } from '../../proxy/import/held-rows.ts';

/** Row i's cells: text in several scripts, empty cells, and now and then a cell holding a separator. */
function rowCells(i: number): string[] {
  const cells = [`u${i.toString(16)}`, i % 3 ? 'Zoë' : 'Małgorzata 😀', '', `mail${i}@example.com`, `${i}`];
  if (i % 997 === 5) cells.push('a\u0000b');
  if (i % 991 === 7) cells.push('line\u0001break');
  if (i % 10 === 0) cells.push('');
  return cells;
}

/** Lets the zlib thread pool's deflates finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('HeldRows', () => {
  it('gives every row back as it was added: in the open block, while deflating, and deflated', async () => {
    const held = new HeldRows();
    const handles = Array.from({ length: 1300 }, (_, i) => held.add(rowCells(i)));
    expect(handles.every((handle) => handle < 0)).toBe(true);
    // Straight away: the complete blocks are still being deflated.
    for (const i of [0, 511, 512, 1299]) expect(held.cells(handles[i]!)).toEqual(rowCells(i));
    await settle();
    for (let i = 0; i < handles.length; i++) expect(held.cells(handles[i]!)).toEqual(rowCells(i));
  });

  it('gives the same rows back when they are asked for out of order, again and again', async () => {
    const held = new HeldRows();
    const rows = 512 * 6 + 10;
    const handles = Array.from({ length: rows }, (_, i) => held.add(rowCells(i)));
    await settle();
    // Row j of every block in turn: each block is inflated again and again until the reader keeps them decoded.
    for (let j = 0; j < 512; j += 3)
      for (let i = j; i < rows; i += 512) expect(held.cells(handles[i]!)).toEqual(rowCells(i));
  });

  it('gives the same rows back from blocks inflated ahead while the reader waits', async () => {
    const held = new HeldRows();
    const handles = Array.from({ length: 512 * 5 }, (_, i) => held.add(rowCells(i)));
    await settle();
    for (let i = 0; i < handles.length; i++) {
      // The first row of each block: the next ones are being inflated meanwhile.
      if (i % 512 === 1) await settle();
      expect(held.cells(handles[i]!)).toEqual(rowCells(i));
    }
  });

  it('gives a copy: changing the cells handed back does not change the row held', async () => {
    const held = new HeldRows();
    const handles = Array.from({ length: 600 }, (_, i) => held.add(rowCells(i)));
    await settle();
    for (const i of [5, 7, 100]) {
      const cells = held.cells(handles[i]!);
      cells[0] = 'changed';
      expect(held.cells(handles[i]!)).toEqual(rowCells(i));
    }
  });
});
