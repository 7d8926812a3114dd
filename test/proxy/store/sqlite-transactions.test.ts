// The embedded engine has one connection: transactions that wait for another one must begin one after the
// other, and a statement outside them must not run inside one.
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../proxy/store/sqlite-database.ts';

describe('SQLite transactions on the one connection', () => {
  it('begins two transactions that waited for the same one in turn, not at once', async () => {
    const db = openSqliteDatabase(':memory:');
    await db.run(`CREATE TABLE t (n INTEGER)`);
    let release!: () => void;
    const first = db.transaction(async (tx) => {
      await tx.run(`INSERT INTO t VALUES (1)`);
      await new Promise<void>((resolve) => (release = resolve));
    });
    // Both wait for the first; when it ends, each must still begin its own transaction.
    const waiting = [2, 3].map((n) =>
      db.transaction(async (tx) => {
        await tx.run(`INSERT INTO t VALUES (?)`, [n]);
        await tx.run(`INSERT INTO t VALUES (?)`, [n * 10]);
      }),
    );
    const outside = db.run(`INSERT INTO t VALUES (4)`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([first, ...waiting, outside]);
    const rows = await db.all<{ n: number }>(`SELECT n FROM t ORDER BY rowid`);
    expect(rows.map((row) => row.n)).toEqual([1, 2, 20, 3, 30, 4]);
    await db.close();
  });

  it('keeps a statement that waited out of a transaction that rolls back after it', async () => {
    const db = openSqliteDatabase(':memory:');
    await db.run(`CREATE TABLE t (n INTEGER)`);
    let release!: () => void;
    const first = db.transaction(async () => {
      await new Promise<void>((resolve) => (release = resolve));
    });
    const outside = db.run(`INSERT INTO t VALUES (1)`);
    const failing = db
      .transaction(async (tx) => {
        await tx.run(`INSERT INTO t VALUES (2)`);
        throw new Error('rolled back');
      })
      .catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await first;
    expect(await failing).toBe('rolled back');
    await outside;
    const rows = await db.all<{ n: number }>(`SELECT n FROM t`);
    expect(rows.map((row) => row.n)).toEqual([1]);
    await db.close();
  });
});
