// The two refusals a spreadsheet can cause (contract §4): `unreadable-file` (400 for a damaged,
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
