// An XLSX import into a company without users (its first import): every user is in before the rows, so they wait
// for planning as plain strings, the upload's compressed blocks of row cells become the job's where the job's rows
// follow the file, and the report still gives every row exactly its own cells.
import { describe, expect, it } from 'vitest';
import { removeFormulaGuard, writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';
import { readJob, readReport } from '../support/proxy-assertions.ts';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';

const t = useProxyUnderTest();

const HEADER = ['First name', 'Last name', 'Email', 'Mobile phone', 'Language', 'Note'];
/** Data rows 2…1,401; row 700 is empty, so the job's rows after it are one off from the file's blocks. */
const EMPTY_ROW = 700;
const LAST_ROW = 1_401;

function cellsOf(rowNumber: number): string[] {
  return [
    `Vorname${rowNumber}`,
    rowNumber % 3 ? 'Müller' : 'Łukasiewicz 😀',
    `new.${rowNumber}@example.com`,
    `+49151${String(10_000_000 + rowNumber)}`,
    ['de', 'English', 'fr'][rowNumber % 3]!,
    rowNumber % 5 ? '' : `Zeile ${rowNumber}, "quoted"\nsecond line`,
  ];
}

describe('an import into a company without users', () => {
  it('creates every row and reports each with its own cells, across handed-over and re-packed blocks', async () => {
    t.tenant.store.putTenant({
      id: 'fresh',
      name: 'Fresh',
      licenses: 5_000,
      hostSystem: null,
      defaultLanguage: 'en',
      adminToken: 'fresh-admin-token',
      userToken: null,
    });
    const rows: string[][] = [HEADER];
    for (let rowNumber = 2; rowNumber <= LAST_ROW; rowNumber++)
      rows.push(rowNumber === EMPTY_ROW ? [] : cellsOf(rowNumber));
    const file = writeXlsx([{ name: 'Users', rows }]);
    const job = await readJob(
      await t.upload(
        '/api/v1/tenants/fresh/imports?wait=true',
        { bytes: file, name: 'new.xlsx' },
        {
          token: 'fresh-admin-token',
        },
      ),
      200,
    );
    expect(job).toMatchObject({ status: 'succeeded', summary: { create: LAST_ROW - 2 } });
    const fresh = { client: (url?: string) => t.client(url, 'fresh-admin-token') };
    const report = await readReport(fresh, 'fresh', job.id);
    expect(report).toHaveLength(LAST_ROW - 2);
    let expected = 2;
    for (const row of report) {
      if (expected === EMPTY_ROW) expected++;
      expect(row.row).toBe(String(expected));
      expect(row.outcome).toBe('created');
      // The CSV report guards a cell starting with "+" against being read as a formula.
      expect(HEADER.map((header) => removeFormulaGuard(row.cells[header]!))).toEqual(cellsOf(expected));
      expected++;
    }
  });
});
