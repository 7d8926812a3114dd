// Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with = + - @ TAB or CR may be
// run as a formula when a CSV file is opened in Excel or LibreOffice. The guard is a leading apostrophe:
// both programs then show the text, and the apostrophe is visible in the CSV, so `removeFormulaGuard`
// takes it off again on import. Cells that already start with apostrophes before such a character get
// one more, so guard + remove gives back exactly the original text.
//
// XLSX and ODS exports need no guard: every cell is a text cell, and XLSX cells that would look like a
// formula also get Excel's own "quotePrefix" style, which is what typing an apostrophe in Excel does.
// The guard is still taken off cells of every format on import: a CSV export opened in Excel or LibreOffice
// and saved as XLSX or ODS keeps the apostrophe as part of the text. So that this gives back exactly what
// was exported, spreadsheet cells that already start with apostrophes before such a character get one more
// (`guardApostrophes`), as in CSV; typing such a text in Excel is not possible without that apostrophe anyway.
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** = + - @ TAB CR: what NEEDS_GUARD looks for after the apostrophes. */
function startsFormula(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

export function looksLikeFormula(cell: string): boolean {
  // Without a leading apostrophe the first character decides: an export asks this for every cell.
  const first = cell.charCodeAt(0);
  return first === 39 ? NEEDS_GUARD.test(cell) : startsFormula(first);
}

export function neutralizeFormula(cell: string): string {
  return NEEDS_GUARD.test(cell) ? `'${cell}` : cell;
}

/** For XLSX and ODS cells: only text that already starts with apostrophes before = + - @ TAB CR gets one more. */
export function guardApostrophes(cell: string): string {
  return cell.charCodeAt(0) === 39 && GUARDED.test(cell) ? `'${cell}` : cell;
}

/** Undoes `neutralizeFormula` and `guardApostrophes` (for cells of a file the proxy wrote, re-imported after editing). */
export function removeFormulaGuard(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
