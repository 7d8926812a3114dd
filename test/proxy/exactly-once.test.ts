// The report tells the truth about what the import did upstream: with writes slower than USER_API_TIMEOUT_MS and
// with the proxy killed (SIGKILL) mid-import and restarted, every row's outcome agrees with the user API, every
// created user is in createdUserIds (so the access link reaches it), and nobody is created twice. The counts of
// both faults are printed for the notes (report vs user API).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxy } from '../../proxy/server.ts';
import { fastSleep, startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { auditAnswerSchema } from '../../shared/api/users-schema.ts';
import { companyRoutes } from '../support/proxy-client.ts';
import {
  jobOfWaitAnswer,
  pollJob,
  readAnswer,
  readReport,
  toCsv,
  type JobBody,
  type ReportRow,
} from '../support/proxy-assertions.ts';

const HEADER = ['Email', 'First name', 'Last name', 'Has own schedule'];
const USERS = 300;
const file = toCsv([
  HEADER,
  ...Array.from({ length: USERS }, (_, i) => [`once.${i}@example.com`, 'Einmal', `Nummer ${i}`, 'No']),
]);

let t: ProxyUnderTest;
beforeAll(async () => {
  t = await startProxyUnderTest();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.resetTenant();
});

function storedOnce() {
  return t.tenant.store.listUsers('demo').filter((u) => u.email.startsWith('once.'));
}

/** Row by row: created in the report exactly when the user API holds the user; ids as stored; no duplicates. */
function expectReportEqualsUserApi(job: JobBody, report: ReportRow[]): { report: number; userApi: number } {
  const stored = storedOnce();
  const emails = stored.map((u) => u.email);
  expect(new Set(emails).size, 'nobody was created twice').toBe(emails.length);
  const storedEmails = new Set(emails);
  expect(report).toHaveLength(USERS);
  for (const row of report) {
    const email = row.cells.Email!;
    expect(row.outcome === 'created', `${email}: ${row.outcome} ${row.message}`).toBe(
      storedEmails.has(email),
    );
    if (!storedEmails.has(email)) expect(row.outcome).toBe('not attempted');
  }
  expect([...job.createdUserIds].sort()).toEqual(stored.map((u) => u.id).sort());
  return { report: report.filter((r) => r.outcome === 'created').length, userApi: stored.length };
}

describe('writes slower than USER_API_TIMEOUT_MS', () => {
  it('waits for each write instead of sending it again: exact report, every created user in createdUserIds', async () => {
    const proxy = await t.startAnotherProxy({
      userApiTimeoutMs: 1000,
      runner: { sleep: fastSleep, bulkBatchSize: 100 },
    });
    // 100 operations of 15 ms each: every /Bulk request answers after ~1.5 s, later than the 1 s timeout.
    await t.setFaults({ tenant: 'demo', hangWritesMs: 15 });
    const readsBefore = (await t.stats()).reads;
    const job = await jobOfWaitAnswer(
      await t.startImport({ bytes: file, name: 'once.csv' }, { proxyUrl: proxy.url }),
    );
    await t.clearFaults();
    expect(job.status).toBe('succeeded');
    expect(job.notices.join(' ')).toMatch(/took longer than 1 s to answer a write; the import waited/);
    const counts = expectReportEqualsUserApi(job, await readReport(t, 'demo', job.id, proxy.url));
    expect(counts).toEqual({ report: USERS, userApi: USERS });
    expect((await t.stats()).writes).toBe(USERS); // nothing sent twice
    // No GET per row: the planning read and discovery, nothing more.
    expect((await t.stats()).reads - readsBefore).toBeLessThan(10);
    console.log(JSON.stringify({ fault: 'hangWritesMs 15 per write, timeout 1 s', ...counts }));
  }, 60_000);
});

describe('the proxy is killed (SIGKILL) mid-import and restarted', () => {
  const script = fileURLToPath(new URL('../support/proxy-process.ts', import.meta.url));
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('checks the writes that were in flight and reports exactly what the user API holds', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'proxy-killed-'));
    child = spawn(process.execPath, ['--import', 'tsx', script, t.tenant.url, dataDir, '50', '1000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`proxy process exited with ${code}`)));
    });
    const firstUrl = (JSON.parse(line) as { url: string }).url;
    // 50 operations of 20 ms: each /Bulk request takes ~1 s, two are in flight at a time.
    await t.setFaults({ tenant: 'demo', hangWritesMs: 20 });
    const started = await t.startImport(
      { bytes: file, name: 'once.csv' },
      { query: { wait: 'false' }, proxyUrl: firstUrl },
    );
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    const before = await pollJob(t, location, {
      proxyUrl: firstUrl,
      until: (job) => job.progress.done >= 100,
      timeoutMs: 30_000,
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = undefined;
    // The user API goes on applying the requests the dead proxy had in flight.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await t.clearFaults();
    const storedAtRestart = storedOnce().length;
    expect(storedAtRestart).toBeGreaterThan(before.progress.done);

    // Writes in flight are looked up once the job has been over for a second (the default waits as long as a
    // write may take).
    const restarted = await startProxy({
      userApiUrl: t.tenant.url,
      dataDir,
      port: 0,
      log: () => {},
      inFlightGraceMs: 1000,
    });
    try {
      const ended = await pollJob(t, location, { proxyUrl: restarted.url });
      expect(ended.status).toBe('failed');
      const job = await pollJob(t, location, {
        proxyUrl: restarted.url,
        until: (polled) => polled.notices.some((notice) => /in flight when the proxy stopped/.test(notice)),
        timeoutMs: 30_000,
      });
      expect(job.notices.join(' ')).toMatch(/in flight when the proxy stopped; checked against the user API/);
      const counts = expectReportEqualsUserApi(job, await readReport(t, 'demo', job.id, restarted.url));
      expect(counts.userApi).toBe(storedAtRestart);
      // The audit has every create of the job once, also those found applied after the restart, as the
      // starter's (the same token fingerprint as the creates recorded before the kill).
      const audit = await readAnswer(
        await companyRoutes(t.client(restarted.url)).audit.$get({
          param: { tenant: 'demo' },
          query: { limit: '1000' },
        }),
        200,
        auditAnswerSchema,
      );
      const created = audit.entries.filter((e) => e.jobId === job.id && e.action === 'created');
      expect(created.map((e) => e.userId).sort()).toEqual([...job.createdUserIds].sort());
      expect(new Set(created.map((e) => e.actor)).size).toBe(1);
      console.log(
        JSON.stringify({
          fault: 'SIGKILL of the proxy mid-import, restart on the same DATA_DIR',
          doneWhenKilled: before.progress.done,
          auditedCreates: created.length,
          ...counts,
        }),
      );

      const rerun = await jobOfWaitAnswer(
        await t.startImport({ bytes: file, name: 'once.csv' }, { proxyUrl: restarted.url }),
      );
      expect(rerun.status).toBe('succeeded');
      expect(rerun.summary).toMatchObject({ create: USERS - counts.userApi, unchanged: counts.userApi });
      expect(storedOnce()).toHaveLength(USERS);
    } finally {
      await restarted.close();
    }
  }, 90_000);
});
