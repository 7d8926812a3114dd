// The rows of an upload on their way to the planner while the sheet is read (validate row by row, never
// the whole sheet as objects): the header row is found among the first rows, the wizard's corrections are put
// in, CSV formula guards come off, the data rows are counted, and each is handed on as soon as it is read.
import { CompressedRowTexts } from './compressed-row-texts.ts';
import { findHeaderRow, HEADER_SEARCH_ROWS } from '../../shared/import/column-mapping.ts';
import type { ImportSettings } from '../../shared/import-settings.ts';
import { ProblemError } from '../problem.ts';
import { removeFormulaGuard } from '../spreadsheet/write-spreadsheet.ts';
import { columnName } from '../spreadsheet/spreadsheet-error.ts';
import { DEFAULT_MAX_CELL_CHARS } from '../spreadsheet/sheet-rows.ts';
import type { CellCorrection } from './read-upload.ts';

export interface SheetStart {
  settings: ImportSettings;
  /** The header row's cells and its 0-based index. */
  header: string[];
  headerRowIndex: number;
}

/**
 * Takes one data row: its 1-based row number, its cells, and for a CSV row as the file has it the byte offset
 * `UploadRows.reread` reads it again from (a corrected row has none).
 */
export type DataRowSink = (rowNumber: number, cells: readonly string[], offset?: number) => void;

export interface UploadRowsOptions {
  settings: ImportSettings;
  corrections: readonly CellCorrection[];
  maxRows: number;
  /** One cell's text at most (characters); the reader gives a longer one to `longCell`. Default 32,768. */
  maxCellChars?: number;
  /** Keep every row's cells too (the import job reports them); the preview keeps none. */
  keepRows: boolean;
  /** Called once the header row is known; returns where the data rows go. */
  start: (start: SheetStart) => DataRowSink;
}

export class UploadRows {
  /** Rows read before the header row is decided (at most the first HEADER_SEARCH_ROWS rows). */
  private early: string[][] = [];
  private earlyOffsets: (number | undefined)[] = [];
  private sink: DataRowSink | undefined;
  /** The header row's 0-based index, once decided. */
  headerRowIndex = -1;
  /** The header row's cells, once decided. */
  header: readonly string[] = [];
  private lastIndex = -1;
  /** The 0-based index of the sheet's last non-empty row. */
  get lastRowIndex(): number {
    return this.lastIndex;
  }
  private readonly decideAt: number;
  /** Corrections not yet put in, by 0-based row index. */
  private readonly corrections = new Map<number, CellCorrection[]>();
  /** Non-empty data rows. */
  dataRows = 0;
  /**
   * Every row's cells as JSON text (with keepRows), as the job stores them: row i is spreadsheet row i + 1. One
   * string a row, compressed in blocks: 100,000 rows in a tenth of the memory of their arrays of cells.
   */
  readonly kept = new CompressedRowTexts();
  /** Cells over the cell limit (read as empty): [row index, column index]. */
  private readonly longCells: [number, number][] = [];

  constructor(private readonly options: UploadRowsOptions) {
    for (const correction of options.corrections) {
      const list = this.corrections.get(correction.row - 1);
      if (list) list.push(correction);
      else this.corrections.set(correction.row - 1, [correction]);
    }
    this.decideAt = options.settings.headerRow ? options.settings.headerRow - 1 : HEADER_SEARCH_ROWS - 1;
  }

  /** A non-empty row as the reader produced it (0-based index). */
  readonly add = (index: number, cells: string[], offset?: number): void => {
    removeFormulaGuards(cells);
    if (index > this.lastIndex) this.lastIndex = index;
    if (this.sink) {
      this.forward(index, cells, offset);
      return;
    }
    this.early[index] = cells;
    this.earlyOffsets[index] = offset;
    if (index >= this.decideAt) this.decide();
  };

  /** A cell over the cell limit (the reader gives it as empty): a row error once the header is known. */
  readonly longCell = (index: number, column: number): void => {
    if (this.longCells.length < MAX_LONG_CELL_ERRORS) this.longCells.push([index, column]);
  };

  /** A row's cells read again from the file at the offset the sink was given, exactly as they were handed on. */
  reread(recordAt: (offset: number) => string[]): (offset: number) => string[] {
    return (offset) => {
      const cells = recordAt(offset);
      removeFormulaGuards(cells);
      return cells;
    };
  }

  /** The sheet has been read to its end. */
  finish(): void {
    if (!this.sink) this.decide();
    if (this.longCells.length) throw this.longCellProblem();
    // Corrected cells of rows that were empty in the file; a row beyond the sheet cannot be corrected.
    for (const index of [...this.corrections.keys()].sort((a, b) => a - b)) {
      if (index > this.lastIndex)
        throw new ProblemError('invalid-request', `Row ${index + 1} is beyond the end of the sheet.`);
      this.deliver(index, this.corrected(index, []));
    }
    const { maxRows } = this.options;
    if (this.dataRows > maxRows) {
      throw new ProblemError(
        'too-many-rows',
        `The file has ${this.dataRows.toLocaleString('en')} data rows; at most ${maxRows.toLocaleString('en')} can be imported at once.`,
      );
    }
  }

  /** The cells over the limit as row errors, each naming its row and its column's header. */
  private longCellProblem(): ProblemError {
    const errors = this.longCells.map(([index, column]) => {
      const header = index > this.headerRowIndex ? this.header[column] : undefined;
      return {
        row: index + 1,
        column: header || columnName(column),
        field: null,
        code: 'cell-too-long',
        message: `The cell has more than ${(this.options.maxCellChars ?? DEFAULT_MAX_CELL_CHARS).toLocaleString('en')} characters.`,
      };
    });
    const first = errors[0]!;
    return new ProblemError(
      'invalid-rows',
      `Row ${first.row}, column ${first.column}: ${first.message}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more cells)` : ''),
      { errors },
    );
  }

  private decide(): void {
    const { settings } = this.options;
    const rows = Array.from({ length: this.early.length }, (_, i) => this.early[i] ?? []);
    const index = settings.headerRow
      ? settings.headerRow - 1
      : findHeaderRow(rows, settings.columns ?? undefined);
    if (index < 0 || index > this.lastIndex) {
      throw new ProblemError(
        'unreadable-file',
        settings.headerRow
          ? `Row ${settings.headerRow} (the header row of the settings) is beyond the end of the sheet.`
          : 'No header row found: the first rows should name the columns, e.g. First name, Last name, Email.',
        { status: 400 },
      );
    }
    for (const row of this.corrections.keys()) {
      if (row <= index)
        throw new ProblemError(
          'invalid-request',
          `Row ${row + 1} is not a data row; only data rows can be corrected.`,
        );
    }
    this.headerRowIndex = index;
    this.header = rows[index] ?? [];
    this.sink = this.options.start({ settings, header: rows[index] ?? [], headerRowIndex: index });
    if (this.options.keepRows) {
      // The kept blocks start at the first data row, as the job's blocks do (it stores them as they are).
      this.kept.startBlocksAt(index + 1);
      for (let i = 0; i <= index; i++) this.kept.set(i, JSON.stringify(rows[i]!));
    }
    const { early, earlyOffsets } = this;
    this.early = [];
    this.earlyOffsets = [];
    for (let i = index + 1; i < early.length; i++) if (early[i]) this.forward(i, early[i]!, earlyOffsets[i]);
  }

  private forward(index: number, cells: string[], offset: number | undefined): void {
    // Rows above the header that a file lists late (XLSX rows need not be in order) are titles, not data.
    if (index <= this.headerRowIndex) return;
    if (this.corrections.has(index)) this.deliver(index, this.corrected(index, cells));
    else this.deliver(index, cells, offset);
  }

  private corrected(index: number, cells: string[]): string[] {
    const fixed = [...cells];
    for (const { column, value } of this.corrections.get(index) ?? []) {
      while (fixed.length <= column) fixed.push('');
      fixed[column] = value;
    }
    this.corrections.delete(index);
    return fixed;
  }

  private deliver(index: number, cells: string[], offset?: number): void {
    if (cells.some((cell) => cell.trim())) this.dataRows++;
    if (this.options.keepRows) this.kept.set(index, JSON.stringify(cells));
    this.sink!(index + 1, cells, offset);
  }
}

const MAX_LONG_CELL_ERRORS = 100;

/** An exported CSV carries visible formula guards ("'+49…"); re-importing it must give the value back. */
function removeFormulaGuards(cells: string[]): void {
  for (let i = 0; i < cells.length; i++) cells[i] = removeFormulaGuard(cells[i]!);
}
