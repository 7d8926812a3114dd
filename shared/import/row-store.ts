// How the planner holds the file's rows while it waits for their users (memory): each row as one
// string of its cells (or only where it starts in the upload), its number and its key, in flat lists.
import { MATCH_KEYS, type MatchKey } from '../fields/user-fields.ts';
import type { RowKey } from './planned-row.ts';
import type { StoredValues, ValidatedRow } from './validate-row.ts';

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

export type RowValidator = (
  rowNumber: number,
  cells: readonly string[],
  stored?: StoredValues,
) => ValidatedRow;

/**
 * The file's data rows until each is planned, by position (the order addRow saw them): a row is validated
 * when its user arrives, so the sheet is never held as 100,000 objects of field values (memory).
 */
export class StoredRows {
  private readonly cells: (string | readonly string[] | number | undefined)[] = [];
  /** Reads a row again from the file by the number `add` was given instead of keeping its cells. */
  private reread: ((handle: number) => readonly string[]) | undefined;
  private readonly numbers: number[] = [];
  /**
   * Each row's key, as two flat lists (no object per row while rows wait for their users): the key field's place
   * in MATCH_KEYS plus one (0: the row has no key) and the key's value.
   */
  private readonly keyFields: number[] = [];
  private readonly keyValues: (string | undefined)[] = [];
  /** Rows came in not sorted by number (legal in XLSX): the plan sorts them. */
  outOfOrder = false;

  constructor(private readonly validate: RowValidator) {}

  /** How many rows were added. */
  get count(): number {
    return this.numbers.length;
  }

  /** Keeps a row (or only its `handle`) and its key; its position. */
  add(rowNumber: number, cells: readonly string[], key: RowKey | null, handle?: number): number {
    const previous = this.numbers[this.numbers.length - 1];
    if (previous !== undefined && rowNumber < previous) this.outOfOrder = true;
    const position = this.cells.push(handle ?? storedCells(cells)) - 1;
    this.numbers.push(rowNumber);
    this.keyFields.push(key ? MATCH_KEYS.indexOf(key.field) + 1 : 0);
    this.keyValues.push(key?.value);
    return position;
  }

  rereadWith(reread: (handle: number) => readonly string[]): void {
    this.reread = reread;
  }

  /**
   * Row `position` validated (again: a row is validated when planned, never kept validated); `user`: the user it
   * names, whose values are read back faster.
   */
  rowAt(position: number, user?: StoredValues): ValidatedRow {
    const stored = this.cells[position]!;
    if (typeof stored === 'number') {
      if (!this.reread) throw new Error('rows were added by handle, but nothing reads them again');
      return this.validate(this.numbers[position]!, this.reread(stored), user);
    }
    return this.validate(
      this.numbers[position]!,
      typeof stored === 'string' ? stored.split(CELL_SEPARATOR) : stored,
      user,
    );
  }

  /** The 1-based row number in the file. */
  numberAt(position: number): number {
    return this.numbers[position]!;
  }

  keyFieldAt(position: number): MatchKey | undefined {
    const code = this.keyFields[position] ?? 0;
    return code ? MATCH_KEYS[code - 1] : undefined;
  }

  keyAt(position: number): RowKey | null {
    const field = this.keyFieldAt(position);
    return field ? { field, value: this.keyValues[position]! } : null;
  }

  /** The row is planned: its cells go, and its key too when the plan leaves the row out. */
  release(position: number, forgetKey: boolean): void {
    if (forgetKey) {
      this.keyFields[position] = 0;
      this.keyValues[position] = undefined;
    }
    this.cells[position] = undefined;
  }
}
