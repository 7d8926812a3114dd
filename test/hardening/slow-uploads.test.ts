// Slow and chunked uploads against a proxy in its own process (its memory read from /proc): a client trickling its
// body must neither hold the upload slots of everyone else nor the import lock, a stalled body ends with 408, a
// chunked body is limited while it streams, and a full queue answers 503 with Retry-After instead of waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import { proxyNodeFlags } from '../../scripts/proxy-node-flags.ts';
import { startChildProxy, type ChildProxy } from './support/child-proxy.ts';
import { chunkedUpload, slowUpload, type Answer } from './support/raw-upload.ts';
import { DEMO_ADMIN_TOKEN } from '../support/proxy-under-test.ts';
import { problemSchema } from '../../shared/api/problem-schema.ts';
import { companyRoutes, proxyClient, uploadForm } from '../support/proxy-client.ts';
import { parseAnswer } from '../support/proxy-assertions.ts';

const MB = 1024 * 1024;
const PREVIEW = '/api/v1/tenants/demo/imports/preview';
const SMALL_CSV = 'First name,Last name,Email\r\nAnn,Lee,ann.lee@example.com\r\n';
/** Generous: only a hang fails it (the proxy used to wait for slow clients until Node dropped them at 300 s). */
const HANG = 30_000;

let tenant: StandInTenant;
beforeAll(async () => {
  tenant = await startStandInTenant({ port: 0 });
});
afterAll(async () => {
  await tenant?.close();
});

function figure(name: string, value: number | string): void {
  console.log(`FIGURE ${name}: ${value}`);
}

/** The demo company's routes on a proxy, for the ordinary clients beside the slow ones. */
const demo = (proxy: ChildProxy) => companyRoutes(proxyClient(proxy.url, DEMO_ADMIN_TOKEN));
const smallForm = () => uploadForm({ bytes: SMALL_CSV, name: 'users.csv' });

async function smallPreview(proxy: ChildProxy): Promise<{ status: number; seconds: number }> {
  const started = performance.now();
  try {
    const response = await demo(proxy).imports.preview.$post(
      { param: { tenant: 'demo' }, query: {}, form: smallForm() },
      { init: { signal: AbortSignal.timeout(HANG) } },
    );
    await response.text();
    return { status: response.status, seconds: (performance.now() - started) / 1000 };
  } catch {
    return { status: 0, seconds: (performance.now() - started) / 1000 };
  }
}

/** The answer, or status -1 when none came within `ms`. */
function within(answer: Promise<Answer>, ms = HANG): Promise<Answer> {
  return Promise.race([
    answer,
    new Promise<Answer>((resolve) => setTimeout(() => resolve({ status: -1, body: '', headers: {} }), ms)),
  ]);
}

describe('slow uploads', () => {
  let proxy: ChildProxy;
  beforeAll(async () => {
    proxy = await startChildProxy({
      userApiUrl: tenant.url,
      uploadRateLimit: { requests: 1000, windowMs: 60_000 },
      uploads: { idleMs: 2000, minBytesPerSecond: 200, rateGraceMs: 3000 },
    });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('answers a preview while two uploads send 1 byte a second, and ends those with 408', async () => {
    const slow = [0, 1].map(() =>
      slowUpload(proxy.url, PREVIEW, { token: DEMO_ADMIN_TOKEN, totalBytes: 20_000, tickMs: 1000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answered = await smallPreview(proxy);
    figure('item 1: preview beside 2 slow uploads, seconds', answered.seconds.toFixed(2));
    expect(answered.status).toBe(200);
    const ends = await Promise.all(slow.map((upload) => within(upload.answer)));
    slow.forEach((upload) => upload.stop());
    figure('item 1: slow uploads answered', ends.map((end) => end.status).join(','));
    for (const end of ends) {
      expect(end.status).toBe(408);
      expect(JSON.parse(end.body).type).toMatch(/upload-timeout$/);
    }
  }, 60_000);

  it('ends an upload that stops sending with 408 after the idle deadline', async () => {
    const started = performance.now();
    const stalled = slowUpload(proxy.url, PREVIEW, {
      token: DEMO_ADMIN_TOKEN,
      totalBytes: 50_000,
      firstBytes: 1000,
      stallAfter: 1000,
    });
    const end = await within(stalled.answer);
    stalled.stop();
    figure(
      'item 1: stalled upload answered after, seconds',
      ((performance.now() - started) / 1000).toFixed(2),
    );
    expect(end.status).toBe(408);
    expect(JSON.parse(end.body).detail).toMatch(/stopped sending|too slowly/);
  }, 60_000);

  it('does not hold the import lock while an import upload trickles in', async () => {
    const slow = slowUpload(proxy.url, '/api/v1/tenants/demo/imports', {
      token: DEMO_ADMIN_TOKEN,
      totalBytes: 20_000,
      tickMs: 1000,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const response = await demo(proxy).imports.$post(
      { param: { tenant: 'demo' }, query: { wait: 'true' }, form: smallForm() },
      { init: { signal: AbortSignal.timeout(HANG) } },
    );
    const text = await response.text();
    figure('item 1: import beside a trickling import, status', response.status);
    slow.stop();
    expect(response.status, text).toBe(200);
  }, 60_000);
});

describe('a full upload queue', () => {
  it('answers 503 with Retry-After at once, and a waiting upload gets 503 when its wait times out', async () => {
    const proxy = await startChildProxy({
      userApiUrl: tenant.url,
      uploadRateLimit: { requests: 1000, windowMs: 60_000 },
      uploads: { slotsPerTenant: 1, readSlots: 1, maxQueued: 1, queueTimeoutMs: 1500, idleMs: 20_000 },
    });
    try {
      const holder = slowUpload(proxy.url, PREVIEW, {
        token: DEMO_ADMIN_TOKEN,
        totalBytes: 50_000,
        firstBytes: 1000,
        stallAfter: 1000,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const queued = smallPreview(proxy);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = await smallPreview(proxy);
      const waited = await queued;
      holder.stop();
      figure(
        'item 8: upload beyond a full queue, status and seconds',
        `${refused.status} ${refused.seconds.toFixed(2)}`,
      );
      expect(refused.status).toBe(503);
      expect(waited.status).toBe(503);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('reports Retry-After on the 503', async () => {
    const proxy = await startChildProxy({
      userApiUrl: tenant.url,
      uploads: { slotsPerTenant: 1, readSlots: 1, maxQueued: 0, idleMs: 20_000 },
    });
    try {
      const holder = slowUpload(proxy.url, PREVIEW, {
        token: DEMO_ADMIN_TOKEN,
        totalBytes: 50_000,
        firstBytes: 1000,
        stallAfter: 1000,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Raw: the 503 and its Retry-After header are the subject.
      const form = new FormData();
      form.set('file', new Blob([SMALL_CSV]), 'users.csv');
      const response = await fetch(`${proxy.url}${PREVIEW}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_ADMIN_TOKEN}` },
        body: form,
        signal: AbortSignal.timeout(HANG),
      }).catch(() => undefined);
      holder.stop();
      expect(response?.status).toBe(503);
      expect(Number(response?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(parseAnswer(problemSchema, await response!.json(), 'problem').type).toMatch(/server-busy$/);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe('chunked uploads', () => {
  it('keeps the proxy under 600 MB while 20 chunked 29 MB uploads arrive at once', async () => {
    const proxy = await startChildProxy(
      { userApiUrl: tenant.url, uploadRateLimit: { requests: 1000, windowMs: 60_000 } },
      proxyNodeFlags(),
    );
    try {
      const before = proxy.memory().rss;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          within(chunkedUpload(proxy.url, PREVIEW, { token: DEMO_ADMIN_TOKEN, size: 29 * MB }), 120_000),
        ),
      );
      const peak = proxy.memory().peak;
      figure(
        'item 2: 20 chunked 29 MB uploads, proxy RSS before/peak MB',
        `${Math.round(before / MB)}/${Math.round(peak / MB)}`,
      );
      // Each is read and refused (no header row) or, when the queue is full, turned away with 503.
      for (const answer of answers) expect([400, 503]).toContain(answer.status);
      // Only the bodies under read slots are in memory at once, each written once into a buffer that grows in place:
      // measured 262–291 MB over the idle proxy's ~130 MB (368–425 MB while each was kept as its chunks and joined
      // at the end). Before the bodies were read under the slots, the 20 were buffered at once (1,420 MB). The
      // ceiling is the one the mixed load run keeps (`npm run load`), not the figure of one machine.
      expect(peak).toBeLessThan(600 * MB);
    } finally {
      await proxy.close();
    }
  }, 180_000);

  it('refuses a chunked upload over the limit with 413 while it streams', async () => {
    const proxy = await startChildProxy({
      userApiUrl: tenant.url,
      limits: { maxUploadBytes: 2 * MB, maxRows: 100_000 },
    });
    try {
      const before = proxy.memory().rss;
      const answer = await within(
        chunkedUpload(proxy.url, PREVIEW, { token: DEMO_ADMIN_TOKEN, size: 200 * MB }),
      );
      const peak = proxy.memory().peak;
      figure(
        'item 2: chunked 200 MB upload over a 2 MB limit, RSS before/peak MB',
        `${Math.round(before / MB)}/${Math.round(peak / MB)}`,
      );
      expect(answer.status).toBe(413);
      expect(peak - before).toBeLessThan(100 * MB);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
