// The embedded engine: one SQLite file in DATA_DIR (the default when DATABASE_URL is unset). Its rows hold
// personal data (uploaded cells, audit values), so the folder is the proxy user's own (0700) and the files
// readable by that user only (0600), whatever the umask.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlClient, SqlDatabase, SqlValue } from './sql-database.ts';

export const SQLITE_FILE_NAME = 'proxy.sqlite';

/** Creates DATA_DIR and the database file with owner-only permissions and tightens existing ones. */
function prepareFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, SQLITE_FILE_NAME);
  // SQLite gives its -wal and -shm files the main file's permissions, so creating that one 0600 covers all three.
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
  return file;
}

const BUSY_WAIT_MS = 10_000;

/** Retries while another connection holds the write lock, yielding to the event loop in between. */
async function whenNotBusy<T>(attempt: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      return await attempt();
    } catch (error) {
      const busy = (error as { code?: string }).code?.startsWith('SQLITE_BUSY');
      if (!busy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

export function openSqliteDatabase(dataDir: string | ':memory:'): SqlDatabase {
  const db = new Database(dataDir === ':memory:' ? ':memory:' : prepareFile(dataDir));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Two connections to one DATA_DIR (a restart while the old proxy still closes, tests) wait for each other's
  // writes, but asynchronously (busy below): SQLite's own busy wait would block this process's event loop,
  // and with it a transaction of this very process that holds the lock.
  db.pragma('busy_timeout = 0');

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      // Multi-row statements differ by their row count; the cache stays bounded all the same.
      if (statements.size > 500) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const direct: SqlClient = {
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly SqlValue[] = []) => {
      const statement = prepare(sql);
      return Promise.resolve(
        (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[],
      );
    },
    run: (sql, params = []) => Promise.resolve(prepare(sql).run(...params).changes),
  };

  // better-sqlite3 has one connection: while a transaction awaits between its statements, other statements
  // must wait for it, or they would run inside it.
  // Each waits in its own loop: the last check and the statement (or the claim of `open`) must happen in one
  // tick, or two callers released by the same transaction's end would both begin one.
  let open: Promise<void> | undefined;
  const queued: SqlClient = {
    dialect: 'sqlite',
    all: async (sql, params) => {
      while (open) await open;
      return whenNotBusy(() => direct.all(sql, params));
    },
    run: async (sql, params) => {
      while (open) await open;
      return whenNotBusy(() => direct.run(sql, params));
    },
  };

  return {
    nowMs: `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`,
    ...queued,
    transaction: async (fn) => {
      while (open) await open;
      let done!: () => void;
      open = new Promise<void>((resolve) => (done = resolve));
      try {
        await whenNotBusy(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      } finally {
        open = undefined;
        done();
      }
    },
    close: async () => {
      while (open) await open;
      db.close();
    },
  };
}
