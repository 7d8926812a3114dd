// Collects the rows of one sheet as the readers produce them, and enforces the limits while reading
// ("enforce while reading, not after"): the data row limit (docs/api-guide.md#endpoints, too-many-rows), Excel's
// own sheet size, and a budget of cells so that a small file with far-away cells cannot fill the memory.
import { CellTooLongError, damagedFile, tooManyRows } from './spreadsheet-error.ts';

// Excel's sheet size (ECMA-376 / Excel specifications): 1,048,576 rows × 16,384 columns.
export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_SHEET_COLUMNS = 16_384;
// 100,000 rows × 100 columns; a user list has 19 fields, so this only stops degenerate files.
export const MAX_CELLS = 10_000_000;
// Excel's own limit is 32,767 characters a cell; the import allows 32 KB (MAX_CELL_CHARS to change).
export const DEFAULT_MAX_CELL_CHARS = 32_768;

export interface RowLimits {
  /** Data rows allowed. */
  maxRows: number;
  /** Non-empty rows allowed above the data (the header); the limit is `maxRows + headerRows` non-empty rows. */
  headerRows: number;
  /**
   * Takes each non-empty row as it is read, instead of the rows being kept: a 100,000-row sheet then never
   * exists as one array of rows (memory). Rows come in the order of the file.
   */
  onRow?: (index: number, cells: string[], offset?: number) => void;
  /**
   * One cell's text at most (characters). A longer cell is given to `onLongCell` and read as empty, or, without
   * `onLongCell`, stops the reading with CellTooLongError.
   */
  maxCellChars?: number;
  onLongCell?: (index: number, column: number) => void;
}

export class SheetRows {
  readonly rows: string[][] = [];
  private nonEmptyRows = 0;
  private cells = 0;
  private readonly maxNonEmptyRows: number;

  constructor(private readonly limits: RowLimits) {
    this.maxNonEmptyRows = limits.maxRows + limits.headerRows;
  }

  /**
   * Stores a row at its 0-based index (spreadsheet row index + 1). `cells` must already have its trailing
   * empty cells trimmed; empty rows need not be added at all. `offset`: where a CSV record starts in the bytes
   * (SpreadsheetRead.recordAt reads it again).
   */
  add(index: number, cells: string[], offset?: number): void {
    if (cells.length === 0) return;
    if (index >= MAX_SHEET_ROWS)
      throw damagedFile(`The sheet has a row beyond Excel's last row (${MAX_SHEET_ROWS}).`);
    if (++this.nonEmptyRows > this.maxNonEmptyRows) throw tooManyRows(this.limits.maxRows);
    this.countCells(cells.length);
    const maxChars = this.limits.maxCellChars;
    if (maxChars !== undefined)
      for (let c = 0; c < cells.length; c++)
        if (cells[c]!.length > maxChars) {
          if (!this.limits.onLongCell) throw new CellTooLongError(index + 1, c, maxChars);
          this.limits.onLongCell(index, c);
          cells[c] = '';
        }
    if (this.limits.onRow) {
      this.limits.onRow(index, cells, offset);
      return;
    }
    // A row grown by push() has up to twice its length in capacity; an exact copy saves a third of the memory.
    if (cells.length > 16) cells = cells.slice();
    const rows = this.rows;
    while (rows.length < index) rows.push([]);
    if (index === rows.length) rows.push(cells);
    else rows[index] = cells; // rows out of order (not written by Excel, but legal)
  }

  /** Call before growing a row to `width` cells (to refuse far-away cells before allocating them). */
  checkWidth(width: number): void {
    if (width > MAX_SHEET_COLUMNS) throw damagedFile(`The sheet has a cell beyond Excel's last column.`);
    if (this.cells + width > MAX_CELLS) this.countCells(width);
  }

  private countCells(count: number): void {
    this.cells += count;
    if (this.cells > MAX_CELLS) {
      throw damagedFile(
        `The sheet has too many cells (more than ${MAX_CELLS.toLocaleString('en')}, counting the empty ones between them).`,
      );
    }
  }
}
