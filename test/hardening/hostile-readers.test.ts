// Small files that unpack to a lot (made here, in the test) sent to a proxy in its own process: the proxy's peak
// memory is read from /proc and /healthz is asked throughout, so a file that blocks the event loop shows as a slow
// health answer. Each is refused with a clear problem or a row error naming row and column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import { proxyNodeFlags } from '../../scripts/proxy-node-flags.ts';
import { startChildProxy, type ChildProxy } from './support/child-proxy.ts';
import { watchHealth } from './support/raw-upload.ts';
import {
  csvWithLongCell,
  odsOfManyRows,
  odsWithLyingSize,
  xlsxWithHugeCell,
  xlsxWithLongCell,
  xlsxWithManySharedStrings,
} from './support/bomb-files.ts';
import { DEMO_ADMIN_TOKEN } from '../support/proxy-under-test.ts';
import { importPreviewSchema } from '../../shared/api/preview-schema.ts';
import { problemSchema } from '../../shared/api/problem-schema.ts';
import { companyRoutes, proxyClient, uploadForm } from '../support/proxy-client.ts';
import { parseAnswer } from '../support/proxy-assertions.ts';

const MB = 1024 * 1024;

let tenant: StandInTenant;
let proxy: ChildProxy;
beforeAll(async () => {
  tenant = await startStandInTenant({ port: 0 });
  proxy = await startChildProxy(
    {
      userApiUrl: tenant.url,
      uploadRateLimit: { requests: 1000, windowMs: 60_000 },
      sheetJsWorker: { timeoutMs: 60_000 },
    },
    proxyNodeFlags(),
  );
});
afterAll(async () => {
  await proxy?.close();
  await tenant?.close();
});

interface Sent {
  status: number;
  body: { type?: string; detail?: string; errors?: { row: number; column: string; code: string }[] };
  /** Growth of the proxy's peak RSS over its RSS before the upload, MB. */
  growthMB: number;
  /** The slowest /healthz answer while the upload was handled, seconds. */
  healthSeconds: number;
  seconds: number;
}

async function send(bytes: Uint8Array | string, name: string): Promise<Sent> {
  // Making the file blocked this process for seconds: let the HTTP client notice the keep-alive connections the
  // proxy closed meanwhile, instead of writing into one of them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  // A fresh peak for this file: its growth over the RSS before is what this file cost.
  proxy.resetPeak();
  const before = proxy.memory().rss;
  const health = watchHealth(proxy.url);
  const started = performance.now();
  const response = await companyRoutes(proxyClient(proxy.url, DEMO_ADMIN_TOKEN)).imports.preview.$post(
    { param: { tenant: 'demo' }, query: {}, form: uploadForm({ bytes, name }) },
    { init: { signal: AbortSignal.timeout(120_000) } },
  );
  const text = await response.text();
  const seconds = (performance.now() - started) / 1000;
  await health.stop();
  const peak = proxy.memory().peak;
  const sent: Sent = {
    status: response.status,
    body: response.ok
      ? parseAnswer(importPreviewSchema, JSON.parse(text), 'preview')
      : parseAnswer(problemSchema, JSON.parse(text), 'problem'),
    growthMB: Math.max(0, Math.round((peak - before) / MB)),
    healthSeconds: Math.round(health.worstMs) / 1000,
    seconds,
  };
  console.log(
    `FIGURE item 3: ${name} (${Math.round((typeof bytes === 'string' ? bytes.length : bytes.length) / 1024)} KB): ` +
      `status ${sent.status}, ${seconds.toFixed(2)} s, peak RSS +${sent.growthMB} MB, slowest /healthz ${sent.healthSeconds} s`,
  );
  return sent;
}

describe('small files, huge memory', () => {
  it('refuses an XLSX whose one cell unpacks to 200 MB before inflating it', async () => {
    const sent = await send(xlsxWithHugeCell(200), 'huge-cell.xlsx');
    expect(sent.status).toBe(400);
    expect(sent.body.type).toMatch(/unreadable-file$/);
    expect(sent.growthMB).toBeLessThan(100);
  }, 120_000);

  it('refuses an XLSX of 3 million shared strings', async () => {
    const sent = await send(xlsxWithManySharedStrings(3_000_000), 'many-strings.xlsx');
    expect(sent.status).toBe(400);
    expect(sent.body.type).toMatch(/unreadable-file$/);
    expect(sent.growthMB).toBeLessThan(150);
  }, 120_000);

  it('refuses an ODS whose ZIP headers declare 4 KB for 450 MB while inflating, off the event loop', async () => {
    const sent = await send(odsWithLyingSize(450), 'lying.ods');
    expect(sent.status).toBe(400);
    expect(sent.body.type).toMatch(/unreadable-file$/);
    expect(sent.growthMB).toBeLessThan(150);
    expect(sent.healthSeconds).toBeLessThan(1);
  }, 120_000);

  it('reads an ODS in a worker: /healthz answers within 1 s while SheetJS reads 40,000 rows', async () => {
    // The rows are on a second sheet: SheetJS parses the whole content.xml for the first one, so this is its time
    // alone, not the planner's.
    const sent = await send(odsOfManyRows(40_000, { onSecondSheet: true }), 'many-rows.ods');
    expect(sent.status).toBe(200);
    expect(sent.healthSeconds).toBeLessThan(1);
  }, 180_000);
});

describe('one cell over the cell limit (32 KB)', () => {
  for (const [name, bytes] of [
    ['long-cell.csv', csvWithLongCell(40_000)],
    ['long-cell.xlsx', xlsxWithLongCell(40_000)],
  ] as const) {
    it(`answers ${name} with a row error naming row 2 and the column`, async () => {
      const sent = await send(bytes, name);
      expect(sent.status).toBe(422);
      expect(sent.body.type).toMatch(/invalid-rows$/);
      expect(sent.body.errors?.[0]).toMatchObject({ row: 2, column: 'Last name', code: 'cell-too-long' });
    }, 60_000);
  }
});
