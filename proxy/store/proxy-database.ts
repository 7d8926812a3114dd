// The proxy's own state (contract §1 DATA_DIR): import jobs, their per-row outcomes and each company's most
// recently used import settings. No credentials are ever stored here.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type SqliteDatabase = Database.Database;

export function openProxyDatabase(dataDir: string | ':memory:'): SqliteDatabase {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'proxy.sqlite');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS import_settings (
      tenant TEXT PRIMARY KEY,
      settings TEXT NOT NULL,
      saved_at TEXT NOT NULL
    );
  `);
  return db;
}
