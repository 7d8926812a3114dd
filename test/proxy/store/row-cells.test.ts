// A job keeps each uploaded row's cells for its report, in compressed blocks of rows; the report gives every row
// its own cells back in file order, on both engines, and deleting the job or its retention removes them.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { NewJobRow } from '../../../proxy/store/job-store.ts';
import { DAY_MS } from '../../../proxy/store/retention.ts';
import { SQLITE_FILE_NAME } from '../../../proxy/store/sqlite-database.ts';
import { ENGINES, useStoreEngine } from '../../support/store-engines.ts';
import { SUMMARY } from '../../support/store-fixtures.ts';

const ROWS = 1300;

/** Spreadsheet rows over several blocks; every 97th row is a user absent from the file (no cells). */
function rows(): NewJobRow[] {
  return Array.from({ length: ROWS }, (_, seq) => {
    const absent = seq % 97 === 96;
    return {
      seq,
      row: absent ? null : seq + 2,
      action: 'unchanged',
      outcome: 'unchanged',
      message: null,
      userId: `u${seq}`,
      name: `User ${seq}`,
      email: `user.${seq}@example.com`,
      ...(seq % 2
        ? { cells: absent ? null : [`user.${seq}@example.com`, `Zeile ${seq}`, 'Jürgen\n"quoted"'] }
        : { cellsJson: absent ? null : JSON.stringify([`user.${seq}@example.com`, `Zeile ${seq}`, '']) }),
    };
  });
}

async function createBig(
  store: Awaited<ReturnType<ReturnType<typeof useStoreEngine>['open']>>,
  id: string,
  now = new Date(),
) {
  await store.jobs.create(
    {
      id,
      tenant: 'demo',
      fileName: 'users.xlsx',
      total: 0,
      summary: SUMMARY,
      header: ['Email', 'Name', 'Note'],
    },
    rows(),
    now,
  );
}

describe.each(ENGINES)('row cells on %s', (engine) => {
  const engines = useStoreEngine(engine);

  it('gives every row of a large job its own cells back in file order, and none to a user absent from the file', async () => {
    const store = await engines.open();
    await createBig(store, 'big');
    const other = await engines.openAgain();
    const report = [...(await other.jobs.reportRows('big'))];
    expect(report).toHaveLength(ROWS);
    report.forEach((row, seq) => {
      expect(row.seq).toBe(seq);
      if (seq % 97 === 96) expect(row.cells).toBeNull();
      else
        expect(row.cells).toEqual([
          `user.${seq}@example.com`,
          `Zeile ${seq}`,
          seq % 2 ? 'Jürgen\n"quoted"' : '',
        ]);
    });
  });
});

describe('row cells in the SQLite file', () => {
  const engines = useStoreEngine('sqlite');
  const blocks = (dataDir: string, id: string) => {
    const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      return (
        db.prepare(`SELECT COUNT(*) AS n FROM import_row_cells WHERE job_id = ?`).get(id) as { n: number }
      ).n;
    } finally {
      db.close();
    }
  };

  it('are compressed blocks, not JSON in every row, and go with the job and with its retention', async () => {
    const store = await engines.open();
    const { dataDir } = engines.lastLocation();
    const now = new Date();
    for (const [id, days] of [
      ['deleted', 0],
      ['expired', 40],
    ] as const) {
      await createBig(store, id, new Date(now.getTime() - days * DAY_MS));
      await store.jobs.start(id);
      await store.jobs.finish(id, 'succeeded', null, new Date(now.getTime() - days * DAY_MS));
    }
    expect(blocks(dataDir!, 'deleted')).toBe(3);
    expect(await store.jobs.delete('demo', 'deleted')).toBe('deleted');
    expect(blocks(dataDir!, 'deleted')).toBe(0);
    expect(blocks(dataDir!, 'expired')).toBe(3);
    await store.purgeExpired(30, now);
    expect(blocks(dataDir!, 'expired')).toBe(0);
  });
});
