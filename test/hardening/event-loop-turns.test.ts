// One proxy process serves every company: while it reads and plans one company's 50,000-row file, the requests of
// all the others (and /healthz, by which the load balancer decides whether the instance lives) wait for the event
// loop. A preview that holds the loop for seconds is an outage for everyone else, whatever it costs in total, so
// the longest single block of the loop is a correctness property here, not a speed target: the bound is generous
// (half a second; the reading and planning of such a file took 1.6–5 s in one piece before they were cut into
// slices), and the speed of a preview is what the benchmarks measure. The block is measured as the CPU time the
// process spent between two turns of its loop (test/support/event-loop-watch.ts): on a shared machine the wall
// time of the same work also counts the time other processes had the CPU.
//
// The proxy runs in this process (its event loop is the one measured), against the real stand-in tenant over
// real HTTP.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGeneratedFixtures } from '../fixtures/make-hostile-fixtures.ts';
import { readSpreadsheet } from '../../proxy/spreadsheet/read-spreadsheet.ts';
import { writeXlsx } from '../../proxy/spreadsheet/write-spreadsheet.ts';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { watchEventLoop } from '../support/event-loop-watch.ts';
import { importJobSchema } from '../../shared/api/job-schema.ts';
import { importPreviewSchema } from '../../shared/api/preview-schema.ts';
import { companyRoutes } from '../support/proxy-client.ts';
import { parseAnswer } from '../support/proxy-assertions.ts';

/** The longest the event loop may be held in one piece while a large file is previewed. */
const MAX_LOOP_BLOCK_MS = 500;

let harness: ProxyUnderTest;
let csv: Uint8Array;
let xlsx: Uint8Array;

beforeAll(async () => {
  harness = await startProxyUnderTest();
  csv = readFileSync(ensureGeneratedFixtures().load5Mb);
  const { rows } = readSpreadsheet(csv, { maxRows: 100_000 });
  xlsx = writeXlsx([{ name: 'Users', rows }]);
}, 120_000);
afterAll(async () => {
  await harness?.close();
});

/** The preview's answer and how long the event loop was held in one piece meanwhile. */
async function previewWatched(file: Uint8Array, name: string) {
  const watch = watchEventLoop();
  try {
    const response = await harness.preview({ bytes: file, name }, { query: { limit: 100 } });
    const body = parseAnswer(importPreviewSchema, await response.json(), 'preview');
    return { status: response.status, body, ...watch.stop() };
  } finally {
    watch.stop();
  }
}

describe('the event loop while a large file is previewed', () => {
  it('is never held for half a second by a 50,000-row CSV', async () => {
    const { status, body, worstCpuMs, worstWallMs } = await previewWatched(csv, 'load-5mb.csv');
    console.log(
      `FIGURE longest event-loop block, 50,000-row CSV preview: ${worstCpuMs} ms of CPU, ${worstWallMs} ms wall`,
    );
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({ rows: 50_000, create: 50_000 });
    expect(worstCpuMs).toBeLessThan(MAX_LOOP_BLOCK_MS);
  }, 120_000);

  it('is never held for half a second while a 50,000-row CSV import is planned and stored', async () => {
    const watch = watchEventLoop();
    const response = await harness.startImport(
      { bytes: csv, name: 'load-5mb.csv' },
      { query: { wait: 'false' } },
    );
    const job = parseAnswer(importJobSchema, await response.json(), 'job');
    const { worstCpuMs, worstWallMs } = watch.stop();
    // The writes are not what this test is about: the job is cancelled at once.
    const cancel = companyRoutes(harness.client()).imports[':id'].cancel;
    await (await cancel.$post({ param: { tenant: 'demo', id: job.id } })).text();
    console.log(
      `FIGURE longest event-loop block, 50,000-row CSV import: ${worstCpuMs} ms of CPU, ${worstWallMs} ms wall`,
    );
    expect(response.status).toBe(202);
    expect(job.summary).toMatchObject({ rows: 50_000, create: 50_000 });
    expect(worstCpuMs).toBeLessThan(MAX_LOOP_BLOCK_MS);
  }, 120_000);

  it('is never held for half a second while a 50,000-row CSV import naming its preview is checked against it', async () => {
    const preview = await previewWatched(csv, 'load-5mb.csv');
    const { previewId } = preview.body;
    const watch = watchEventLoop();
    const response = await harness.startImport(
      { bytes: csv, name: 'load-5mb.csv' },
      { query: { wait: 'false' }, parts: { previewId } },
    );
    const job = parseAnswer(importJobSchema, await response.json(), 'job');
    const { worstCpuMs, worstWallMs } = watch.stop();
    const cancel = companyRoutes(harness.client()).imports[':id'].cancel;
    await (await cancel.$post({ param: { tenant: 'demo', id: job.id } })).text();
    console.log(
      `FIGURE longest event-loop block, 50,000-row CSV import naming its preview: ${worstCpuMs} ms of CPU, ${worstWallMs} ms wall`,
    );
    expect(response.status).toBe(202);
    expect(job.summary).toMatchObject({ rows: 50_000, create: 50_000 });
    expect(worstCpuMs).toBeLessThan(MAX_LOOP_BLOCK_MS);
  }, 120_000);

  it('is never held for half a second by a 50,000-row XLSX', async () => {
    const { status, body, worstCpuMs, worstWallMs } = await previewWatched(xlsx, 'load.xlsx');
    console.log(
      `FIGURE longest event-loop block, 50,000-row XLSX preview: ${worstCpuMs} ms of CPU, ${worstWallMs} ms wall`,
    );
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({ rows: 50_000, create: 50_000 });
    expect(worstCpuMs).toBeLessThan(MAX_LOOP_BLOCK_MS);
  }, 120_000);
});
