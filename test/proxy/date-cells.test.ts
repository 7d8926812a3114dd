// "Access link sent" and "Last login" are exported as date cells in UTC by XLSX and ODS and as ISO text by CSV
// (docs/administrators.md#dates-and-times); re-importing any of them — also after LibreOffice saved the file
// again — changes nothing and warns about nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';
import type { ImportPreview } from '../../shared/api/preview-schema.ts';
import { companyRoutes } from '../support/proxy-client.ts';
import { parseCsv, readJob, readPreview } from '../support/proxy-assertions.ts';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'spreadsheets');

const t = useProxyUnderTest();

/** The seeded users' two date-times by Portatour ID, as the user API stores them. */
function storedDates(): Map<string, [string | null, string | null]> {
  return new Map(
    t.tenant.store.listUsers('demo').map((user) => [user.id, [user.accessLinkSentAt, user.lastLoginAt]]),
  );
}

/** An instant in whole seconds: a date cell is a day count, and SheetJS's Date from it may be 1 ms off. */
const seconds = (ms: number) => Math.round(ms / 1000);

function dateCellsOf(bytes: Uint8Array) {
  const workbook = XLSX.read(bytes, { type: 'array', cellDates: true, UTC: true });
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null });
  const header = rows[0] as string[];
  const [sent, login] = [header.indexOf('Access link sent'), header.indexOf('Last login')];
  return { sheet, header, rows: rows.slice(1), sent, login };
}

async function exported(format: 'xlsx' | 'ods' | 'csv', lang: 'en' | 'de' = 'en'): Promise<Uint8Array> {
  const response = await companyRoutes(t.client()).users.export.$get({
    param: { tenant: 'demo' },
    query: { format, lang },
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function preview(bytes: Uint8Array, name: string): Promise<ImportPreview> {
  return readPreview(await t.preview({ bytes, name }));
}

function expectNothingToDo(body: ImportPreview): void {
  expect(body.summary).toMatchObject({ rows: 12, unchanged: 12, create: 0, update: 0, invalid: 0 });
  expect(body.changesTotal).toBe(0);
  expect(body.warnings.filter((warning) => warning.code === 'read-only')).toEqual([]);
}

describe('date-time columns of the export', () => {
  it.each(['xlsx', 'ods'] as const)(
    'are date cells in UTC in %s, shown as yyyy-mm-dd hh:mm UTC',
    async (format) => {
      const { sheet, rows, sent, login } = dateCellsOf(await exported(format));
      const dates = storedDates();
      expect(rows).toHaveLength(12);
      let dateCells = 0;
      for (const [index, row] of rows.entries()) {
        const [sentAt, lastLoginAt] = dates.get(row[0] as string)!;
        for (const [column, iso] of [
          [sent, sentAt],
          [login, lastLoginAt],
        ] as const) {
          const cell = sheet[XLSX.utils.encode_cell({ r: index + 1, c: column })] as
            XLSX.CellObject | undefined;
          if (iso === null) {
            expect(cell?.v ?? '').toBe('');
            continue;
          }
          dateCells++;
          expect(cell?.t, `${format} row ${index + 2}`).toBe('d');
          expect(seconds((cell?.v as Date).getTime())).toBe(seconds(Date.parse(iso)));
          expect(cell?.w).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);
        }
      }
      expect(dateCells).toBeGreaterThan(15); // the seed has both dates for most users
    },
  );

  it('are date cells in the German export too', async () => {
    const { rows, header } = dateCellsOf(await exported('xlsx', 'de'));
    const column = header.indexOf('Letzte Anmeldung');
    expect(column).toBeGreaterThan(0);
    expect(rows.some((row) => row[column] instanceof Date)).toBe(true);
  });

  it('stay ISO text with the zone in CSV', async () => {
    const [header, ...rows] = parseCsv(new TextDecoder().decode(await exported('csv')));
    const column = header!.indexOf('Last login');
    const dates = storedDates();
    for (const row of rows) expect(row[column]).toBe(dates.get(row[0]!)![1] ?? '');
    expect(rows.some((row) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(row[column]!))).toBe(true);
  });
});

describe('re-importing an export', () => {
  it.each(['xlsx', 'ods', 'csv'] as const)(
    'as %s changes nothing and warns about no date',
    async (format) => {
      const body = await preview(await exported(format), `users.${format}`);
      expectNothingToDo(body);
      const before = (await t.stats()).writes;
      const response = await t.startImport({
        bytes: await exported(format),
        name: `users.${format}`,
      });
      expect((await readJob(response)).status).toBe('succeeded');
      expect((await t.stats()).writes).toBe(before);
    },
  );

  it('still warns when a date was edited: the column is read-only', async () => {
    const [header, ...rows] = parseCsv(new TextDecoder().decode(await exported('csv')));
    const column = header!.indexOf('Last login');
    const anna = rows.findIndex((row) => row[3] === 'anna.schmidt@example.com');
    rows[anna]![column] = '2026-11-26T07:42:00Z';
    const csv = [header!, ...rows].map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\r\n');
    const body = await preview(new TextEncoder().encode(csv), 'users.csv');
    expect(body.warnings.filter((warning) => warning.code === 'read-only')).toEqual([
      expect.objectContaining({ field: 'lastLoginAt' }),
    ]);
  });
});

describe('an export saved again by LibreOffice (test/fixtures/make-export-date-fixtures.ts)', () => {
  it.each(['demo-xlsx-export-saved-by-libreoffice.ods', 'demo-xlsx-export-saved-by-libreoffice.xlsx'])(
    '%s keeps the dates as the same instants and re-imports with no change',
    async (name) => {
      const bytes = new Uint8Array(readFileSync(join(fixtures, name)));
      const [header, ...rows] = readSpreadsheet(bytes, { maxRows: 100 }).rows;
      const [sent, login] = [header!.indexOf('Access link sent'), header!.indexOf('Last login')];
      const dates = storedDates();
      expect(rows).toHaveLength(12);
      for (const row of rows) {
        const [sentAt, lastLoginAt] = dates.get(row[0]!)!;
        expect(row[sent] ?? '').toBe(sentAt?.slice(0, 19) ?? '');
        expect(row[login] ?? '').toBe(lastLoginAt?.slice(0, 19) ?? '');
      }
      expectNothingToDo(await preview(bytes, name));
    },
  );
});
