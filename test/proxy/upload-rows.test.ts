// UploadRows: the rows of an upload handed to the planner one by one as the sheet is read: the header
// row found among the first rows, titles above it left out, formula guards removed, corrections put in, every row
// kept only when asked, and a CSV row read again from its offset exactly as it was handed on.
import { describe, expect, it } from 'vitest';
import { importSettingsSchema } from '../../shared/import-settings.ts';
import { UploadRows, type SheetStart } from '../../proxy/import/upload-rows.ts';
import type { CellCorrection } from '../../proxy/import/read-upload.ts';

interface Received {
  start: SheetStart | undefined;
  rows: [number, string[], number | undefined][];
}

function uploadRows(options: { keepRows?: boolean; corrections?: CellCorrection[] } = {}) {
  const received: Received = { start: undefined, rows: [] };
  const rows = new UploadRows({
    settings: importSettingsSchema.parse({ version: 1 }),
    corrections: options.corrections ?? [],
    maxRows: 100,
    keepRows: options.keepRows ?? false,
    start: (start) => {
      received.start = start;
      return (rowNumber, cells, offset) => received.rows.push([rowNumber, [...cells], offset]);
    },
  });
  return { rows, received };
}

const HEADER = ['First name', 'Last name', 'Email'];

describe('UploadRows', () => {
  it('finds the header below a title row and hands on the data rows with their numbers and offsets', () => {
    const { rows, received } = uploadRows();
    rows.add(0, ['Staff list'], 0);
    rows.add(1, [...HEADER], 11);
    rows.add(2, ['Anna', 'Arndt', 'anna@example.com'], 40);
    rows.add(4, ['Bert', 'Brandt', 'bert@example.com'], 80);
    rows.finish();
    expect(received.start?.headerRowIndex).toBe(1);
    expect(received.start?.header).toEqual(HEADER);
    expect(received.rows).toEqual([
      [3, ['Anna', 'Arndt', 'anna@example.com'], 40],
      [5, ['Bert', 'Brandt', 'bert@example.com'], 80],
    ]);
    expect(rows.dataRows).toBe(2);
    expect(rows.kept.length).toBe(0);
  });

  it('leaves out a title row listed after the header (XLSX rows need not be in order) and keeps late data rows', () => {
    const { rows, received } = uploadRows({ keepRows: true });
    rows.add(1, [...HEADER]);
    for (let index = 2; index < 30; index++) rows.add(index, ['F', 'L', `u${index}@example.com`]);
    rows.add(0, ['Staff list']);
    rows.add(31, ['Late', 'Row', 'late@example.com']);
    rows.finish();
    expect(received.rows.map(([rowNumber]) => rowNumber)).toEqual(
      [...Array(28).keys()].map((i) => i + 3).concat(32),
    );
    expect(JSON.parse(rows.kept.get(0) ?? '[]')).toEqual([]);
    expect(JSON.parse(rows.kept.get(1) ?? '[]')).toEqual(HEADER);
    expect(JSON.parse(rows.kept.get(30) ?? '[]')).toEqual([]);
    expect(JSON.parse(rows.kept.get(31) ?? '[]')).toEqual(['Late', 'Row', 'late@example.com']);
  });

  // An exported CSV opened in Excel or LibreOffice and saved as XLSX keeps the apostrophes as text.
  it('takes the formula guards of an exported CSV off in any format, also when a row is read again', () => {
    const { rows, received } = uploadRows();
    rows.add(0, ['Mobile phone', 'Email'], 0);
    rows.add(1, ["'+4915112345678", 'anna@example.com'], 20);
    rows.finish();
    expect(received.rows).toEqual([[2, ['+4915112345678', 'anna@example.com'], 20]]);
    const reread = rows.reread(() => ["'+4915112345678", 'anna@example.com']);
    expect(reread(20)).toEqual(['+4915112345678', 'anna@example.com']);
  });

  it('hands on a corrected row without its offset: the file no longer has what the planner must read', () => {
    const { rows, received } = uploadRows({
      corrections: [
        { row: 2, column: 2, value: 'anna@example.com' },
        { row: 3, column: 0, value: 'Nina' },
      ],
    });
    rows.add(0, [...HEADER], 0);
    rows.add(1, ['Anna', 'Arndt', 'anna(at)example.com'], 30);
    rows.add(3, ['Bert', 'Brandt', 'bert@example.com'], 90);
    rows.finish();
    expect(received.rows).toEqual([
      [2, ['Anna', 'Arndt', 'anna@example.com'], undefined],
      [4, ['Bert', 'Brandt', 'bert@example.com'], 90],
      [3, ['Nina'], undefined],
    ]);
    expect(rows.dataRows).toBe(3);
  });
});
