// A job keeps each uploaded row's cells for its report, in compressed blocks of rows; the report gives every row
// its own cells back in file order, on both engines, and deleting the job or its retention removes them.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { NewJobRow } from '../../../proxy/store/job-store.ts';
import { CompressedRowTexts } from '../../../proxy/import/compressed-row-texts.ts';
import { keptCellBlocks } from '../../../proxy/import/kept-cell-blocks.ts';
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

/**
 * An upload as the import keeps it: a title and a header row, then data rows from row 3 on; the job's rows
 * follow the file except where `skip` leaves a row out (an empty row) and `swap` exchanges two (an XLSX sheet
 * lists rows in any order); two users absent from the file come last.
 */
function uploadAndJobRows(skip: number, swap: [number, number]) {
  const kept = new CompressedRowTexts();
  kept.startBlocksAt(2);
  kept.set(0, '["Users"]');
  kept.set(1, '["Email","Name"]');
  const fileRows: number[] = [];
  for (let index = 2; index < 2 + ROWS; index++) {
    kept.set(index, JSON.stringify([`user.${index}@example.com`, `Zeile ${index} – Jürgen`]));
    if (index + 1 !== skip) fileRows.push(index + 1);
  }
  const [a, b] = swap;
  [fileRows[a], fileRows[b]] = [fileRows[b]!, fileRows[a]!];
  const rowNumbers: (number | null)[] = [...fileRows, null, null];
  const jobRows = (handed: ReadonlyMap<number, Buffer>): NewJobRow[] =>
    rowNumbers.map((row, seq) => ({
      seq,
      row,
      action: 'create',
      outcome: 'pending',
      message: null,
      userId: null,
      name: `User ${seq}`,
      email: `user.${seq}@example.com`,
      cellsJson: row === null || handed.has(Math.floor(seq / 512)) ? null : (kept.get(row - 1) ?? '[]'),
    }));
  return { kept, rowNumbers, jobRows };
}

describe.each(ENGINES)('row cells handed over deflated on %s', (engine) => {
  const engines = useStoreEngine(engine);

  it('report exactly the cells of the same job stored row by row; blocks not in file order are not handed over', async () => {
    const store = await engines.open();
    // Row 900 is empty: the job's second block is off by one from then on; rows 5 and 7 swapped spoil the first.
    const { kept, rowNumbers, jobRows } = uploadAndJobRows(900, [3, 5]);
    const handed = keptCellBlocks(kept, (seq) => rowNumbers[seq] ?? null, rowNumbers.length);
    expect([...handed.keys()]).toEqual([]);
    const inOrder = uploadAndJobRows(-1, [0, 0]);
    const handedInOrder = keptCellBlocks(
      inOrder.kept,
      (seq) => inOrder.rowNumbers[seq] ?? null,
      inOrder.rowNumbers.length,
    );
    // 1,300 rows: two whole blocks; the third is not complete.
    expect([...handedInOrder.keys()]).toEqual([0, 1]);
    const job = {
      tenant: 'demo',
      fileName: 'users.xlsx',
      total: 0,
      summary: SUMMARY,
      header: ['Email', 'Name'],
    };
    await store.jobs.create({ ...job, id: 'row-by-row', tenant: 'a' }, inOrder.jobRows(new Map()));
    await store.jobs.create(
      { ...job, id: 'handed', tenant: 'b' },
      inOrder.jobRows(handedInOrder),
      undefined,
      handedInOrder,
    );
    await store.jobs.create({ ...job, id: 'out-of-order', tenant: 'c' }, jobRows(handed), undefined, handed);
    const other = await engines.openAgain();
    const rowByRow = [...(await other.jobs.reportRows('row-by-row'))];
    expect(rowByRow).toHaveLength(ROWS + 2);
    expect(rowByRow[0]!.cells).toEqual(['user.2@example.com', 'Zeile 2 – Jürgen']);
    expect(rowByRow[ROWS]!.cells).toBeNull();
    expect([...(await other.jobs.reportRows('handed'))]).toEqual(rowByRow);
    const outOfOrder = [...(await other.jobs.reportRows('out-of-order'))];
    outOfOrder.forEach((row, seq) => {
      const number = rowNumbers[seq]!;
      expect(row.cells).toEqual(
        number === null ? null : [`user.${number - 1}@example.com`, `Zeile ${number - 1} – Jürgen`],
      );
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
