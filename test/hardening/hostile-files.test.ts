// Bad files (docs/api-guide.md#endpoints refusals, docs/api-guide.md#problems): each one, sent to the real proxy's preview AND import, gets the
// contract's problem or a row error, in bounded time and memory, and the user API sees no write.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureGeneratedFixtures, type GeneratedFixtures } from '../fixtures/make-hostile-fixtures.ts';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { expectProblem } from '../support/proxy-assertions.ts';
import { expectRefusedEverywhere, hostile, importWait, preview } from './support/hardening-harness.ts';

let t: ProxyUnderTest;
let generated: GeneratedFixtures;

beforeAll(async () => {
  generated = ensureGeneratedFixtures();
  // Many uploads in a row from one token: the per-token upload limit is not what these tests are about.
  t = await startProxyUnderTest({ proxy: { uploadRateLimit: { requests: 10_000, windowMs: 60_000 } } });
}, 60_000);
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.resetTenant();
});

const file = (path: string, name = path.split('/').pop()!) => ({
  bytes: new Uint8Array(readFileSync(path)),
  name,
});

describe('files that are not a readable spreadsheet', () => {
  it('refuses an empty file with 400 unreadable-file', async () => {
    const [problem] = await expectRefusedEverywhere(t, hostile('empty.csv'), 400, 'unreadable-file');
    expect(problem!.detail).toMatch(/empty/);
  });

  for (const name of ['pdf-renamed.xlsx', 'pdf-renamed.csv', 'png-renamed.xlsx', 'png-renamed.csv']) {
    it(`refuses ${name} (the content decides, not the name) with 415 unreadable-file`, async () => {
      const [problem] = await expectRefusedEverywhere(t, hostile(name), 415, 'unreadable-file');
      expect(problem!.detail).toMatch(name.startsWith('pdf') ? /PDF/ : /PNG/);
    });
  }

  it('refuses a truncated XLSX with 400 unreadable-file', async () => {
    const [problem] = await expectRefusedEverywhere(t, hostile('truncated.xlsx'), 400, 'unreadable-file');
    expect(problem!.detail).toMatch(/damaged|incomplete/);
  });

  it('refuses a password-protected XLSX (EncryptionInfo + EncryptedPackage) saying so', async () => {
    const [problem] = await expectRefusedEverywhere(t, hostile('encrypted.xlsx'), 400, 'unreadable-file');
    expect(problem!.detail).toMatch(/password-protected/);
  });

  it('refuses a zip bomb (1.1 GB of zeros, honest and lying headers) without inflating it', async () => {
    const rssBefore = process.memoryUsage().rss;
    const [problem] = await expectRefusedEverywhere(t, file(generated.zipBomb), 400, 'unreadable-file');
    expect(problem!.detail).toMatch(/ZIP bomb/);
    // Bounded memory: far below what inflating would need (the client's copies of the file included).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  });

  it('refuses a sheet without a recognizable header row with 400, naming what a header looks like', async () => {
    const [problem] = await expectRefusedEverywhere(t, hostile('no-header.csv'), 400, 'unreadable-file');
    expect(problem!.detail).toMatch(/header/i);
  });
});

describe('files over the limits', () => {
  it('refuses a 31 MB file with 413 file-too-large', async () => {
    await expectRefusedEverywhere(t, file(generated.over31Mb), 413, 'file-too-large');
  }, 60_000);

  it('refuses 100,001 data rows with 413 too-many-rows', async () => {
    const [problem] = await expectRefusedEverywhere(t, file(generated.rows100001), 413, 'too-many-rows');
    expect(problem!.detail).toMatch(/100,001/);
    expect(problem!.detail).toMatch(/100,000/);
  }, 60_000);

  for (const key of ['columns5000Csv', 'columns5000Xlsx'] as const) {
    it(`answers a sheet of 5,000 columns (${key.endsWith('Csv') ? 'CSV' : 'XLSX'}) cleanly, and plans it with headerRow`, async () => {
      const wide = file(generated[key]);
      // Four known headers (a key among them) make the header even beside 4,996 unknown ones.
      const automatic = await preview(t, wide);
      expect(automatic.file.headerRow).toBe(1);
      expect(automatic.summary).toMatchObject({ rows: 1, create: 1, invalid: 0 });
      const settings = { version: 1, headerRow: 1 };
      const plan = await preview(t, wide, { settings });
      expect(plan.columns).toHaveLength(5000);
      expect(plan.columns.filter((c) => c.field === null)).toHaveLength(4996);
      expect(plan.summary).toMatchObject({ rows: 1, create: 1, invalid: 0 });
      const job = await importWait(t, wide, { settings });
      expect(job.status).toBe('succeeded');
      expect((await t.stats()).writes).toBe(1);
    }, 60_000);
  }

  for (const key of ['cell1MbCsv', 'cell1MbXlsx'] as const) {
    it(`reports a 1 MB cell (${key.endsWith('Csv') ? 'CSV' : 'XLSX'}) as a row error naming row and column, and writes nothing`, async () => {
      const huge = file(generated[key]);
      // Over the cell limit (32 KB): the whole upload is refused with the cell's row error, by preview and import.
      for (const send of [() => t.preview(huge), () => t.startImport(huge)]) {
        const problem = await expectProblem(await send(), 422, 'invalid-rows');
        expect(problem.errors).toEqual([
          expect.objectContaining({ row: 2, column: 'Note', code: 'cell-too-long' }),
        ]);
        expect(problem.errors![0]!.message).toMatch(/more than 32,768 characters/);
        expect(JSON.stringify(problem).length).toBeLessThan(10_000); // the answer does not echo the megabyte
      }
      expect((await t.stats()).writes).toBe(0);
    }, 60_000);
  }
});

describe('files that are readable but odd', () => {
  it('previews a header-only CSV and XLSX as 0 rows, and importing them writes nothing', async () => {
    for (const name of ['header-only.csv', 'header-only.xlsx']) {
      const plan = await preview(t, hostile(name));
      expect(plan.summary, name).toMatchObject({ rows: 0, create: 0, update: 0, invalid: 0 });
      const job = await importWait(t, hostile(name));
      expect(job.status).toBe('succeeded');
      expect(job.progress.total).toBe(0);
    }
    expect((await t.stats()).writes).toBe(0);
  });

  it('reads the cells of an .xlsm and ignores its macros (vbaProject.bin, Auto_Open)', async () => {
    const plan = await preview(t, hostile('macros.xlsm'));
    expect(plan.file.format).toBe('xlsx');
    expect(plan.summary).toMatchObject({ rows: 1, create: 1 });
    await importWait(t, hostile('macros.xlsm'));
    const user = t.tenant.store.listUsers('demo').find((u) => u.email === 'macro.user@example.com');
    expect(user).toMatchObject({ givenName: 'Macro', familyName: 'User' });
  });

  it('refuses duplicate headers as a column error on preview and 422 on import, writing nothing', async () => {
    const plan = await preview(t, hostile('duplicate-headers.csv'));
    expect(plan.canImport).toBe(false);
    expect(plan.errors).toContainEqual(
      expect.objectContaining({ row: 1, column: 'First name', field: 'firstName', code: 'column' }),
    );
    await expectProblem(await t.startImport(hostile('duplicate-headers.csv')), 422, 'invalid-rows');
    expect((await t.stats()).writes).toBe(0);
  });

  it('finds the header under a merged title and ignores the empty half of a merged header cell', async () => {
    const plan = await preview(t, hostile('merged-header.xlsx'));
    expect(plan.file.headerRow).toBe(2);
    expect(plan.columns.map((c) => c.field)).toEqual([
      'email',
      'firstName',
      'lastName',
      'hasOwnSchedule',
      'note',
    ]);
    expect(plan.summary).toMatchObject({ rows: 1, create: 1, invalid: 0 });
  });

  it('reports a two-row merged header as row errors (or reads it with headerRow), never guessing', async () => {
    const plan = await preview(t, hostile('two-row-header.xlsx'));
    expect(plan.canImport).toBe(false);
    expect(plan.errors.length).toBeGreaterThan(0);
    await expectProblem(await t.startImport(hostile('two-row-header.xlsx')), 422, 'invalid-rows');
    expect((await t.stats()).writes).toBe(0);
    const explicit = await preview(t, hostile('two-row-header.xlsx'), {
      settings: { version: 1, headerRow: 3 },
    });
    expect(explicit.summary).toMatchObject({ rows: 1, create: 1, invalid: 0 });
  });

  it('uses the cached values of formulas and evaluates nothing (a formula without one is empty)', async () => {
    const plan = await preview(t, hostile('formulas.xlsx'));
    expect(plan.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'First name', field: 'firstName', code: 'required' }),
    ]);
    await importWait(t, hostile('formulas.xlsx'), { settings: { version: 1, skipInvalidRows: true } });
    const users = t.tenant.store.listUsers('demo').filter((u) => u.email.startsWith('formula.'));
    expect(users.map((u) => [u.email, u.givenName, u.note])).toEqual([
      ['formula.cached@example.com', 'Cached', 'no call'],
    ]);
  });
});
