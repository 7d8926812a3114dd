// The formula guard of every export: each character a spreadsheet starts a formula with, behind any number of
// apostrophes, and the texts that only look close to one.
import { describe, expect, it } from 'vitest';
import {
  guardApostrophes,
  looksLikeFormula,
  neutralizeFormula,
  removeFormulaGuard,
} from '../../proxy/spreadsheet/formula-guard.ts';

const STARTS = ['=', '+', '-', '@', '\t', '\r'];

describe('formula guard', () => {
  it.each(STARTS)('treats a cell starting with %j as a formula, also behind apostrophes', (start) => {
    for (const apostrophes of ['', "'", "''"]) {
      const cell = `${apostrophes}${start}1+1`;
      expect(looksLikeFormula(cell)).toBe(true);
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
      expect(removeFormulaGuard(neutralizeFormula(cell))).toBe(cell);
    }
    expect(guardApostrophes(`${start}1`)).toBe(`${start}1`);
    expect(guardApostrophes(`'${start}1`)).toBe(`''${start}1`);
  });

  it.each(['', 'Anna', "'Anna", "O'Brien", ' =1', '1-2', '\n=1', '#1', '*', "'", "''"])(
    'leaves %j alone',
    (cell) => {
      expect(looksLikeFormula(cell)).toBe(false);
      expect(neutralizeFormula(cell)).toBe(cell);
      expect(guardApostrophes(cell)).toBe(cell);
      expect(removeFormulaGuard(cell)).toBe(cell);
    },
  );
});
