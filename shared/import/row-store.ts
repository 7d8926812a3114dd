// How the planner holds the file's rows while it waits for their users (memory): each row as one
// string of its cells, and the rows indexed by the values of their key columns.

/** Joins a row's cells into one string: a character no spreadsheet cell holds in practice. */
export const CELL_SEPARATOR = '\u0000';

/**
 * A row's cells as one flat string (a row of 19 short cells costs a third of its array of strings), or the cells
 * themselves in the rare row where a cell holds the separator.
 */
export function storedCells(cells: readonly string[]): string | readonly string[] {
  for (const cell of cells) if (cell.includes(CELL_SEPARATOR)) return [...cells];
  return cells.join(CELL_SEPARATOR);
}

/** Row positions by a normalized value; almost every value has one row, so no array is made for it. */
export class RowsByValue {
  private readonly first = new Map<string, number>();
  private readonly more = new Map<string, number[]>();

  add(value: string, position: number): void {
    const first = this.first.get(value);
    if (first === undefined) this.first.set(value, position);
    else {
      const more = this.more.get(value);
      if (more) more.push(position);
      else this.more.set(value, [first, position]);
    }
  }

  delete(value: string): void {
    this.first.delete(value);
    this.more.delete(value);
  }

  get(value: string): readonly number[] {
    const more = this.more.get(value);
    if (more) return more;
    const first = this.first.get(value);
    return first === undefined ? [] : [first];
  }

  /** The same index with only the positions `keep` accepts (itself when it accepts them all: no copy). */
  filter(keep: (position: number) => boolean): RowsByValue {
    let all = true;
    for (const [value, position] of this.first) {
      for (const each of this.more.get(value) ?? [position]) all &&= keep(each);
      if (!all) break;
    }
    if (all) return this;
    const kept = new RowsByValue();
    for (const [value, position] of this.first) {
      for (const each of this.more.get(value) ?? [position]) if (keep(each)) kept.add(value, each);
    }
    return kept;
  }

  /** Values with two or more rows. */
  repeated(): IterableIterator<[string, number[]]> {
    return this.more.entries();
  }
}
