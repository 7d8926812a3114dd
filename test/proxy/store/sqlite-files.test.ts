// The embedded engine's files hold personal data: readable by the proxy's user only. An existing DATA_DIR from
// before versioned migrations is adopted as it is.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openProxyStore } from '../../../proxy/store/proxy-store.ts';
import { SQLITE_FILE_NAME } from '../../../proxy/store/sqlite-database.ts';
import { finishedJob } from '../../support/store-fixtures.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-sqlite-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('SQLite in DATA_DIR', () => {
  it('creates the folder 0700 and the database, its WAL and shared-memory files 0600, whatever the umask', async () => {
    const dataDir = join(tempDir(), 'data');
    const umask = process.umask(0o022);
    try {
      const store = await openProxyStore({ dataDir });
      await finishedJob(store, 'job-1');
      const file = join(dataDir, SQLITE_FILE_NAME);
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
      await store.close();
    } finally {
      process.umask(umask);
    }
  });

  it('tightens the permissions of an existing DATA_DIR and database', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    new Database(join(dataDir, SQLITE_FILE_NAME)).close();
    const store = await openProxyStore({ dataDir });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, SQLITE_FILE_NAME))).toBe(0o600);
    await store.close();
  });

  it('adopts a database from before versioned migrations: its jobs stay, one left running ends as interrupted', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir);
    const legacy = new Database(join(dataDir, SQLITE_FILE_NAME));
    legacy.exec(`
      CREATE TABLE import_jobs (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, status TEXT NOT NULL,
        file_name TEXT NOT NULL, total INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0, summary TEXT NOT NULL, header TEXT NOT NULL, message TEXT,
        created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT);
      CREATE TABLE import_rows (job_id TEXT NOT NULL, seq INTEGER NOT NULL, row INTEGER, action TEXT NOT NULL,
        outcome TEXT NOT NULL, message TEXT, user_id TEXT, name TEXT NOT NULL, email TEXT NOT NULL, cells TEXT,
        PRIMARY KEY (job_id, seq)) WITHOUT ROWID;
      CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, tenant TEXT NOT NULL,
        actor TEXT NOT NULL, job_id TEXT, user_id TEXT, action TEXT NOT NULL, changes TEXT NOT NULL);
      INSERT INTO import_jobs VALUES ('left', 'demo', 'running', 'u.csv', 2, 1, 0, '{}', '["Email"]', NULL,
        '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', NULL);
      INSERT INTO import_rows VALUES ('left', 0, 2, 'create', 'created', NULL, 'u1', 'A', 'a@example.com', '["a@example.com"]');
      INSERT INTO import_rows VALUES ('left', 1, 3, 'create', 'pending', NULL, NULL, 'B', 'b@example.com', '["b@example.com"]');
      INSERT INTO audit_log (at, tenant, actor, job_id, user_id, action, changes) VALUES
        ('2026-01-01T00:00:00.000Z', 'demo', 'fp', 'left', 'u1', 'created', '[{"field":"email","from":null,"to":"a@example.com"}]');
    `);
    legacy.close();

    const store = await openProxyStore({ dataDir });
    const job = await store.jobs.get('left');
    expect(job).toMatchObject({ status: 'failed', createdUserIds: ['u1'] });
    expect(job?.message).toMatch(/interrupted/);
    expect([...(await store.jobs.reportRows('left'))].map((r) => r.outcome)).toEqual([
      'created',
      'not_attempted',
    ]);
    // The audit's field names were filled in from its values, so they survive the retention purge.
    await store.purgeExpired(30, new Date('2026-06-01T00:00:00.000Z'));
    const [entry] = await store.audit.list('demo', { limit: 1 });
    expect(entry?.changes).toEqual([{ field: 'email' }]);
    await store.close();
  });
});
