// Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with = + - @ TAB or CR may be
// run as a formula when a CSV file is opened in Excel or LibreOffice. The guard is a leading apostrophe:
// both programs then show the text, and the apostrophe is visible in the CSV, so `removeFormulaGuard`
// takes it off again on import. Cells that already start with apostrophes before such a character get
// one more, so guard + remove gives back exactly the original text.
//
// XLSX exports need no change of the value: every cell is a text cell, and cells that would look like a
// formula also get Excel's own "quotePrefix" style, which is what typing an apostrophe in Excel does.
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function looksLikeFormula(cell: string): boolean {
  return NEEDS_GUARD.test(cell);
}

export function neutralizeFormula(cell: string): string {
  return NEEDS_GUARD.test(cell) ? `'${cell}` : cell;
}

/** Undoes `neutralizeFormula` (for cells of a CSV file the proxy wrote, re-imported after editing). */
export function removeFormulaGuard(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
