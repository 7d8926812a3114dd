// The two refusals a spreadsheet can cause (docs/api-guide.md#endpoints): `unreadable-file` (400 for a damaged,
// encrypted or bomb-like file, 415 for a file that is not a spreadsheet at all) and
// `too-many-rows` (413). The proxy turns this into an RFC 9457 problem with `type` = `code`.
export type SpreadsheetErrorCode = 'unreadable-file' | 'too-many-rows';
export type SpreadsheetErrorStatus = 400 | 413 | 415;

export class SpreadsheetError extends Error {
  constructor(
    public readonly code: SpreadsheetErrorCode,
    message: string,
    public readonly status: SpreadsheetErrorStatus,
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** A damaged, encrypted or otherwise unusable file of a known spreadsheet type (400). */
export function damagedFile(message: string): SpreadsheetError {
  return new SpreadsheetError('unreadable-file', message, 400);
}

/** A file that is not a spreadsheet at all, e.g. a PDF or an image (415). */
export function notASpreadsheet(message: string): SpreadsheetError {
  return new SpreadsheetError('unreadable-file', message, 415);
}

export function tooManyRows(maxRows: number): SpreadsheetError {
  return new SpreadsheetError(
    'too-many-rows',
    `The file has more than ${maxRows.toLocaleString('en')} data rows.`,
    413,
  );
}

/**
 * One cell's text is longer than allowed (MAX_CELL_CHARS): a row error naming the cell, so the administrator can
 * find it. `row` is the spreadsheet's 1-based row number, `column` the 0-based column index.
 */
export class CellTooLongError extends SpreadsheetError {
  constructor(
    readonly row: number,
    readonly column: number,
    readonly maxChars: number,
  ) {
    super(
      'unreadable-file',
      `Row ${row}, column ${columnName(column)}: the cell has more than ${maxChars.toLocaleString('en')} characters.`,
      400,
    );
    this.name = 'CellTooLongError';
  }
}

/** A 0-based column index as Excel names it: 0 → A, 27 → AB. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
