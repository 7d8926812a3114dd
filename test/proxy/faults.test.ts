// Upstream failures during an import (docs/import-semantics.md "no rollback", docs/api-guide.md#problems): the stand-in's fault injection makes the
// user API fail, hang, reset connections or go down, and the proxy must report exactly what was applied.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxy } from '../../proxy/server.ts';
import { fastSleep, startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { companyRoutes } from '../support/proxy-client.ts';
import {
  expectProblem,
  type JobBody,
  jobOfLocation,
  jobOfWaitAnswer,
  pollJob,
  readReport,
  toCsv,
} from '../support/proxy-assertions.ts';

let t: ProxyUnderTest;
/** Every wait the runner asked for, in ms (the sleeps themselves take 1 ms). */
const sleeps: number[] = [];

beforeAll(async () => {
  t = await startProxyUnderTest({
    proxy: {
      runner: {
        sleep: (ms) => {
          sleeps.push(ms);
          return fastSleep();
        },
      },
    },
  });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.resetTenant();
  sleeps.length = 0;
});

/** `count` new office users (no license needed): rows 2…count+1 of the file. */
function newUsers(count: number, prefix = 'neu'): string[][] {
  return Array.from({ length: count }, (_, i) => [`${prefix}.${i}@example.com`, 'Neu', `Nummer ${i}`, 'No']);
}
const HEADER = ['Email', 'First name', 'Last name', 'Has own schedule'];

async function importNow(file: string, proxyUrl = t.proxy.url): Promise<JobBody> {
  const response = await t.startImport({ bytes: file, name: 'users.csv' }, { proxyUrl });
  return jobOfWaitAnswer(response);
}

function usersWithPrefix(prefix: string): string[] {
  return t.tenant.store
    .listUsers('demo')
    .map((u) => u.email)
    .filter((email) => email.startsWith(`${prefix}.`))
    .sort();
}

describe('a write fails', () => {
  it('marks the job partially_failed, reports exactly which rows failed, and a re-run writes only those', async () => {
    const file = toCsv([
      HEADER,
      ['anna.schmidt@example.com', 'Annabelle', 'Schmidt', 'Yes'],
      ['juergen.weiss@example.com', 'Jürgen', 'Weiss', 'Yes'],
      ...newUsers(6),
    ]);
    // Writes 3 and 4 are the 1st and 2nd creates (rows 4 and 5).
    await t.setFaults({ tenant: 'demo', failWrites: { nth: 3, count: 2, status: 500 } });
    const job = await importNow(file);
    expect(job.status).toBe('partially_failed');
    expect(job.progress).toEqual({ total: 8, done: 8, failed: 2 });
    expect(job.message).toMatch(/2 row/);
    const report = await readReport(t, 'demo', job.id);
    expect(report.map((r) => [r.row, r.outcome])).toEqual([
      ['2', 'updated'],
      ['3', 'updated'],
      ['4', 'failed'],
      ['5', 'failed'],
      ['6', 'created'],
      ['7', 'created'],
      ['8', 'created'],
      ['9', 'created'],
    ]);
    expect(report[2]!.message).toMatch(/500/);
    expect(usersWithPrefix('neu')).toEqual([
      'neu.2@example.com',
      'neu.3@example.com',
      'neu.4@example.com',
      'neu.5@example.com',
    ]);

    await t.clearFaults();
    const writesBefore = (await t.stats()).writes;
    const rerun = await importNow(file);
    expect(rerun.status).toBe('succeeded');
    expect(rerun.summary).toMatchObject({ create: 2, update: 0, unchanged: 6 });
    expect((await t.stats()).writes - writesBefore).toBe(2);
    expect(usersWithPrefix('neu')).toHaveLength(6);
  });
});

describe('the user API is busy', () => {
  it('retries a 429 storm with Retry-After until it succeeds, and applies no row twice', async () => {
    const file = toCsv([HEADER, ...newUsers(10), ['anna.schmidt@example.com', 'Anne', 'Schmidt', 'Yes']]);
    await t.setFaults({
      tenant: 'demo',
      failWrites: { nth: 1, count: 25, status: 429, retryAfterSeconds: 1 },
    });
    const injectedBefore = (await t.stats()).injectedFailures;
    const job = await importNow(file);
    expect(job.status).toBe('succeeded');
    expect(job.progress).toEqual({ total: 11, done: 11, failed: 0 });
    expect(sleeps.length).toBeGreaterThanOrEqual(2); // it waited before retrying, more than once
    const stats = await t.stats();
    expect(stats.injectedFailures - injectedBefore).toBe(25); // the counter runs since the start
    expect(stats.writes).toBe(11); // each row written exactly once
    expect(usersWithPrefix('neu')).toHaveLength(10);
    const report = await readReport(t, 'demo', job.id);
    expect(report.map((r) => r.outcome)).toEqual([...Array(10).fill('created'), 'updated']);
  });
});

describe('a connection is reset', () => {
  it('reconciles creates by e-mail after a reset on the 3rd write: no duplicate, exact report', async () => {
    const file = toCsv([HEADER, ...newUsers(6), ['anna.schmidt@example.com', 'Anne', 'Schmidt', 'Yes']]);
    await t.setFaults({ tenant: 'demo', resetConnectionOnNthWrite: 3 });
    const job = await importNow(file);
    expect(job.status).toBe('succeeded');
    expect(job.progress).toEqual({ total: 7, done: 7, failed: 0 });
    const report = await readReport(t, 'demo', job.id);
    expect(report.map((r) => r.outcome)).toEqual([...Array(6).fill('created'), 'updated']);
    const emails = t.tenant.store.listUsers('demo').map((u) => u.email.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    expect(usersWithPrefix('neu')).toHaveLength(6);
    expect((await t.stats()).writes).toBe(7); // the two creates before the reset were not sent again
    expect(job.createdUserIds.sort()).toEqual(
      t.tenant.store
        .listUsers('demo')
        .filter((u) => u.email.startsWith('neu.'))
        .map((u) => u.id)
        .sort(),
    );
  });
});

describe('the user API is down', () => {
  it('answers 502 upstream-unavailable when it is down as the import starts, and writes nothing', async () => {
    await t.setFaults({ tenant: 'demo', down: true });
    const file = toCsv([HEADER, ...newUsers(3)]);
    const problem = await expectProblem(
      await t.startImport({ bytes: file, name: 'u.csv' }),
      502,
      'upstream-unavailable',
    );
    expect(problem.detail).not.toMatch(/stack|Error:/);
    await expectProblem(
      await companyRoutes(t.client()).users.export.$get({
        param: { tenant: 'demo' },
        query: { format: 'csv' },
      }),
      502,
      'upstream-unavailable',
    );
    await t.clearFaults();
    expect((await t.stats()).writes).toBe(0);
    expect(usersWithPrefix('neu')).toEqual([]);
  });

  it('fails the job when it goes down mid-import, marks rows applied / not attempted, and a re-run finishes', async () => {
    const slow = await t.startAnotherProxy({ runner: { sleep: fastSleep, bulkBatchSize: 2 } });
    const file = toCsv([HEADER, ...newUsers(30)]);
    await t.setFaults({ tenant: 'demo', hangWritesMs: 40 });
    const started = await t.startImport(
      { bytes: file, name: 'u.csv' },
      { query: { wait: 'false' }, proxyUrl: slow.url },
    );
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    await pollJob(t, location, { proxyUrl: slow.url, until: (job) => job.progress.done >= 4 });
    await t.setFaults({ tenant: 'demo', down: true });
    // While it is down the proxy cannot check the token either (GET …/imports/{id} is a 502 then), so the job
    // is looked at after it is back; with 1 ms retry waits the runner has given up long before.
    await expectProblem(
      await companyRoutes(t.client(slow.url)).imports[':id'].$get({ param: jobOfLocation(location) }),
      502,
      'upstream-unavailable',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await t.clearFaults();
    const job = await pollJob(t, location, { proxyUrl: slow.url });
    expect(job.status).toBe('failed');
    expect(job.message).toMatch(/run the same file again/i);

    const report = await readReport(t, 'demo', job.id, slow.url);
    const created = report.filter((r) => r.outcome === 'created').map((r) => r.cells.Email!);
    const notAttempted = report.filter((r) => r.outcome === 'not attempted').map((r) => r.cells.Email!);
    expect(created.length).toBeGreaterThanOrEqual(4);
    expect(notAttempted.length).toBeGreaterThan(0);
    expect(created.length + notAttempted.length).toBe(30);
    expect(usersWithPrefix('neu')).toEqual([...created].sort());

    const rerun = await importNow(file, slow.url);
    expect(rerun.status).toBe('succeeded');
    expect(rerun.summary).toMatchObject({ create: notAttempted.length, unchanged: created.length });
    expect(usersWithPrefix('neu')).toHaveLength(30);
  });

  it('stops writing once a job has failed: a failed job never keeps writing in the background', async () => {
    // One batch per write, two in flight, no retries: the reset of write 2 ends the job while write 1 hangs.
    const strict = await t.startAnotherProxy({
      runner: { sleep: fastSleep, bulkBatchSize: 1, maxAttempts: 1 },
    });
    const file = toCsv([HEADER, ...newUsers(12)]);
    await t.setFaults({ tenant: 'demo', hangWritesMs: 60, resetConnectionOnNthWrite: 2 });
    const job = await importNow(file, strict.url);
    expect(job.status).toBe('failed');
    const reportAtEnd = await readReport(t, 'demo', job.id, strict.url);
    await new Promise((resolve) => setTimeout(resolve, 12 * 60 + 300));
    await t.clearFaults();
    const created = reportAtEnd.filter((r) => r.outcome === 'created').map((r) => r.cells.Email!);
    expect(usersWithPrefix('neu')).toEqual([...created].sort());
    expect(await readReport(t, 'demo', job.id, strict.url)).toEqual(reportAtEnd);
    // The import slot is free only when nothing writes any more.
    const rerun = await importNow(file, strict.url);
    expect(rerun.status).toBe('succeeded');
    expect(usersWithPrefix('neu')).toHaveLength(12);
  });
});

describe('the proxy stops mid-import', () => {
  const script = fileURLToPath(new URL('../support/proxy-process.ts', import.meta.url));
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;

  afterAll(() => {
    child?.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function startProxyProcess(
    userApiUrl: string,
    dir: string,
  ): Promise<{ process: ChildProcess; url: string }> {
    // A 1 s lease: the restarted proxy sees the dead one's job end within a second of its last heartbeat.
    const started = spawn(process.execPath, ['--import', 'tsx', script, userApiUrl, dir, '1', '1000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: started.stdout! }).once('line', resolve);
      started.once('exit', (code) => reject(new Error(`proxy process exited with ${code}`)));
    });
    return { process: started, url: (JSON.parse(line) as { url: string }).url };
  }

  it('stops a running import when the proxy is closed: the job ends cancelled after its writes in flight, exactly reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-close-'));
    try {
      const first = await t.startAnotherProxy({
        dataDir: dir,
        runner: { sleep: fastSleep, bulkBatchSize: 1 },
      });
      await t.setFaults({ tenant: 'demo', hangWritesMs: 50 });
      const file = toCsv([HEADER, ...newUsers(20)]);
      const started = await t.startImport(
        { bytes: file, name: 'u.csv' },
        { query: { wait: 'false' }, proxyUrl: first.url },
      );
      const location = started.headers.get('location')!;
      await pollJob(t, location, { proxyUrl: first.url, until: (job) => job.progress.done >= 2 });
      await first.close(); // must not leave the job writing into a closed database
      const usersAtClose = usersWithPrefix('neu');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await t.clearFaults();
      expect(usersWithPrefix('neu')).toEqual(usersAtClose);

      const second = await t.startAnotherProxy({ dataDir: dir });
      const job = await pollJob(t, location, { proxyUrl: second.url });
      expect(job.status).toBe('cancelled');
      const report = await readReport(t, 'demo', job.id, second.url);
      const created = report.filter((r) => r.outcome === 'created').map((r) => r.cells.Email!);
      expect(created.sort()).toEqual(usersAtClose);
      expect(report.filter((r) => r.outcome === 'not attempted')).toHaveLength(20 - created.length);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a job left running by a killed proxy as failed, with its applied rows, after a restart on the same DATA_DIR', async () => {
    const ROWS = 24;
    dataDir = mkdtempSync(join(tmpdir(), 'proxy-restart-'));
    const first = await startProxyProcess(t.tenant.url, dataDir);
    child = first.process;
    const file = toCsv([HEADER, ...newUsers(ROWS)]);
    await t.setFaults({ tenant: 'demo', hangWritesMs: 80 });
    const started = await t.startImport(
      { bytes: file, name: 'u.csv' },
      { query: { wait: 'false' }, proxyUrl: first.url },
    );
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    const before = await pollJob(t, location, {
      proxyUrl: first.url,
      until: (job) => job.progress.done >= 4,
    });
    expect(before.status).toBe('running');
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = undefined;
    await new Promise((resolve) => setTimeout(resolve, 300)); // writes the dead proxy had in flight land
    await t.clearFaults();

    const restarted = await startProxy({ userApiUrl: t.tenant.url, dataDir, port: 0, log: () => {} });
    try {
      const job = await pollJob(t, location, { proxyUrl: restarted.url });
      expect(job.status).toBe('failed');
      expect(job.message).toMatch(/interrupted/);
      expect(job.finishedAt).not.toBeNull();
      const report = await readReport(t, 'demo', job.id, restarted.url);
      const created = report.filter((r) => r.outcome === 'created').map((r) => r.cells.Email!);
      const notAttempted = report.filter((r) => r.outcome === 'not attempted').map((r) => r.cells.Email!);
      // The two writes in flight when it died: sent, answer unknown.
      const unknown = report.filter(
        (r) => r.outcome === 'failed' && /may have been applied/i.test(r.message),
      );
      expect(created.length).toBeGreaterThanOrEqual(before.progress.done);
      expect(unknown.length).toBeLessThanOrEqual(2);
      expect(created.length + notAttempted.length + unknown.length).toBe(ROWS);
      // Every row reported applied was applied; at most the two writes in flight were applied unreported.
      const stored = usersWithPrefix('neu');
      for (const email of created) expect(stored).toContain(email);
      expect(stored.length - created.length).toBeLessThanOrEqual(unknown.length);

      const rerun = await importNow(file, restarted.url);
      expect(rerun.status).toBe('succeeded');
      expect(rerun.summary).toMatchObject({ create: ROWS - stored.length, unchanged: stored.length });
      expect(usersWithPrefix('neu')).toHaveLength(ROWS);
    } finally {
      await restarted.close();
    }
  });
});
