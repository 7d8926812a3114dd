// A failing user API (docs/import-semantics.md "no rollback"): what test/proxy/faults.test.ts does not cover yet —
// answers slower than the proxy's timeout at the first, a middle and the last write (the write was applied, or
// lands only after the proxy gave up on it), and 500s and connection resets at the first and the LAST write.
// Each time: every applied row is reported applied, no row is applied twice, a re-run finishes with no write
// for the rows already applied.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningProxy } from '../../proxy/server.ts';
import { fastSleep, startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { type JobBody, jobOfWaitAnswer, pollJob, readReport, toCsv } from '../support/proxy-assertions.ts';
import { startSlowRelay, type SlowMode, type SlowRelay } from './support/slow-relay.ts';

/**
 * The proxy's wait for the user API: long enough that the reads and writes not made slow answer within it on a
 * loaded 2-core machine (a 300 ms wait failed a whole import there as upstream-unavailable: an ordinary request,
 * not the slowed write, took longer).
 */
const TIMEOUT_MS = 3000;
/** The stand-in slows every write (hangWritesMs) beyond this shorter wait. */
const HASTY_TIMEOUT_MS = 300;
const HEADER = ['Email', 'First name', 'Last name', 'Has own schedule'];
const NEW_USERS = 6;
/** Rows 2–7 create office users, row 8 updates Anna: 7 writes, one per row (bulkBatchSize 1). */
const FILE = toCsv([
  HEADER,
  ...Array.from({ length: NEW_USERS }, (_, i) => [`slow.${i}@example.com`, 'Slow', `Number ${i}`, 'No']),
  ['anna.schmidt@example.com', 'Annika', 'Schmidt', 'Yes'],
]);
const WRITES = NEW_USERS + 1;

let t: ProxyUnderTest;
let relay: SlowRelay;
/** A proxy that talks to the user API through the relay and gives up on an answer after TIMEOUT_MS. */
let impatient: RunningProxy;
/** A proxy that gives up after HASTY_TIMEOUT_MS, for every write slowed by the stand-in itself. */
let hasty: RunningProxy;
/** The same without retries: a failed write stays failed. */
let strict: RunningProxy;

beforeAll(async () => {
  t = await startProxyUnderTest();
  relay = await startSlowRelay(t.tenant.url);
  impatient = await t.startAnotherProxy({
    userApiUrl: relay.url,
    userApiTimeoutMs: TIMEOUT_MS,
    runner: { sleep: fastSleep, bulkBatchSize: 1 },
  });
  hasty = await t.startAnotherProxy({
    userApiUrl: relay.url,
    userApiTimeoutMs: HASTY_TIMEOUT_MS,
    runner: { sleep: fastSleep, bulkBatchSize: 1 },
  });
  strict = await t.startAnotherProxy({ runner: { sleep: fastSleep, bulkBatchSize: 1, maxAttempts: 1 } });
});
afterAll(async () => {
  await relay?.settled();
  await t?.close();
  await relay?.close();
});
beforeEach(async () => {
  relay.slowWrite(undefined);
  await relay.settled();
  await t.resetTenant();
});

async function importNow(proxy: RunningProxy): Promise<JobBody> {
  const response = await t.startImport({ bytes: FILE, name: 'slow.csv' }, { proxyUrl: proxy.url });
  return jobOfWaitAnswer(response);
}

function storedNewUsers(): string[] {
  return t.tenant.store
    .listUsers('demo')
    .map((u) => u.email)
    .filter((email) => email.startsWith('slow.'))
    .sort();
}

function annaFirstName(): string | undefined {
  return t.tenant.store.listUsers('demo').find((u) => u.email === 'anna.schmidt@example.com')?.givenName;
}

/** After the job: the report agrees with the tenant, nobody exists twice, and a re-run writes only the rest. */
async function expectExactReportAndIdempotentRerun(job: JobBody, proxy: RunningProxy): Promise<void> {
  await relay.settled(); // a write held back lands now, after the proxy gave up on it
  const report = await readReport(t, 'demo', job.id, proxy.url);
  expect(report).toHaveLength(WRITES);
  const stored = storedNewUsers();
  const emails = t.tenant.store.listUsers('demo').map((u) => u.email.toLowerCase());
  expect(new Set(emails).size, 'no user was created twice').toBe(emails.length);
  for (const row of report.slice(0, NEW_USERS)) {
    // Every applied row is reported applied, and every row reported applied was applied.
    expect(row.outcome === 'created', `${row.cells.Email}: ${row.outcome} ${row.message}`).toBe(
      stored.includes(row.cells.Email!),
    );
  }
  expect(report[NEW_USERS]!.outcome === 'updated').toBe(annaFirstName() === 'Annika');

  const writesBefore = (await t.stats()).writes;
  const appliedBefore = report.filter((r) => r.outcome === 'created' || r.outcome === 'updated').length;
  const rerun = await importNow(t.proxy);
  expect(rerun.status).toBe('succeeded');
  expect(rerun.summary.unchanged).toBe(appliedBefore);
  expect((await t.stats()).writes - writesBefore, 'the re-run writes only the rows not applied').toBe(
    WRITES - appliedBefore,
  );
  expect(storedNewUsers()).toHaveLength(NEW_USERS);
  expect(annaFirstName()).toBe('Annika');
}

describe('the user API answers a write later than the proxy waits (userApiTimeoutMs)', () => {
  const positions = [
    { where: 'first', nth: 1 },
    { where: 'middle', nth: 4 },
    { where: 'last', nth: WRITES },
  ];
  const modes: { mode: SlowMode; what: string }[] = [
    { mode: 'answer-late', what: 'applied at once, answered late' },
    { mode: 'apply-late', what: 'applied only after the proxy gave up' },
  ];
  for (const { where, nth } of positions) {
    for (const { mode, what } of modes) {
      it(`reports every row exactly when the ${where} write times out (${what}), and a re-run writes nothing twice`, async () => {
        relay.slowWrite({ nth, delayMs: TIMEOUT_MS * 2, mode });
        const job = await importNow(impatient);
        expect(relay.slowed, 'the chosen write was answered too late').toBe(1);
        expect(job.status, job.message ?? '').toBe('succeeded');
        expect(job.progress).toEqual({ total: WRITES, done: WRITES, failed: 0 });
        await expectExactReportAndIdempotentRerun(job, impatient);
        expect(storedNewUsers()).toHaveLength(NEW_USERS);
      }, 30_000);
    }
  }

  it('finishes exactly when every write is slower than the timeout (stand-in hangWritesMs)', async () => {
    await t.setFaults({ tenant: 'demo', hangWritesMs: HASTY_TIMEOUT_MS * 2 });
    const started = await t.startImport(
      { bytes: FILE, name: 'slow.csv' },
      { query: { wait: 'false' }, proxyUrl: hasty.url },
    );
    expect(started.status).toBe(202);
    const job = await pollJob(t, started.headers.get('location')!, {
      proxyUrl: hasty.url,
      timeoutMs: 60_000,
    });
    // Each write lands HASTY_TIMEOUT_MS after the proxy gave up on it; let the last ones land, then check.
    await new Promise((resolve) => setTimeout(resolve, HASTY_TIMEOUT_MS * 4));
    await t.clearFaults();
    expect(['succeeded', 'partially_failed', 'failed']).toContain(job.status);
    await expectExactReportAndIdempotentRerun(job, hasty);
  }, 90_000);
});

describe('the user API fails the first or the last write', () => {
  for (const { where, nth } of [
    { where: 'first', nth: 1 },
    { where: 'last', nth: WRITES },
  ]) {
    it(`reports the row of a 500 at the ${where} write as failed, the others applied, and a re-run writes only it`, async () => {
      await t.setFaults({ tenant: 'demo', failWrites: { nth, status: 500 } });
      const job = await importNow(strict);
      expect(job.status).toBe('partially_failed');
      expect(job.progress).toEqual({ total: WRITES, done: WRITES, failed: 1 });
      await t.clearFaults();
      const report = await readReport(t, 'demo', job.id, strict.url);
      expect(report.filter((r) => r.outcome === 'failed')).toHaveLength(1);
      expect(report.find((r) => r.outcome === 'failed')!.message).toMatch(/500/);
      await expectExactReportAndIdempotentRerun(job, strict);
    });

    it(`reconciles a connection reset at the ${where} write: applied once, reported exactly`, async () => {
      await t.setFaults({ tenant: 'demo', resetConnectionOnNthWrite: nth });
      const job = await importNow(impatient);
      await t.clearFaults();
      expect(job.status, job.message ?? '').toBe('succeeded');
      expect(job.progress).toEqual({ total: WRITES, done: WRITES, failed: 0 });
      await expectExactReportAndIdempotentRerun(job, impatient);
    });
  }
});
