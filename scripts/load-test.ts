// Load test, loopback only and bounded: N concurrent previews of a ~5 MB CSV and M concurrent small
// exports against a proxy in its own process (so its peak memory, VmHWM from /proc, is its own) in front of the
// stand-in tenant. Prints one JSON line; exits 1 when a request failed or the proxy's peak RSS reached 1 GB.
//
// The proxy is started with an upload rate limit of 1,000 a minute instead of the default 60 per token: all the
// previews come from one token, and the per-token limit is not what this test measures. It runs with the Node
// flags of `npm run proxy` (scripts/proxy-node-flags.ts; LOAD_PROXY_NODE_FLAGS to change): without a heap limit
// V8 collects lazily and lets the heap of a busy proxy grow past 1 GB of garbage (measured: 1.1 GB peak for 50
// previews).
//
// Then a mixed run (`runMixedLoad`): 50 previews, 20 uploads trickling 1 byte a second and 20 chunked 29 MB uploads,
// all at once, while /healthz is asked every 50 ms (from a worker thread: the load test's own event loop, which runs
// the stand-in tenant and every client, is busy too); it fails when the proxy's peak RSS reaches 600 MB or /healthz
// took 1 s or more. It also reports the longest the proxy's event loop and the load test's own were held in one
// piece. Previews turned away with 503 (the upload queue is full) are sent again after Retry-After, as a
// script would; the slow uploads end with 408 and the chunked ones (no header row) with 400.
//
// Run: npm run load [-- --previews 50 --exports 200 --slow 20 --chunked 20] [-- --only mixed|load]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { proxyNodeFlags } from './proxy-node-flags.ts';
import { parseArgs } from 'node:util';
import { startStandInTenant } from '../test/stand-in-tenant/server.ts';
import { ensureGeneratedFixtures } from '../test/fixtures/make-hostile-fixtures.ts';
import { startChildProxy } from '../test/hardening/support/child-proxy.ts';
import { startChild } from './bench/child-process.ts';
import {
  BOUNDARY,
  chunkedUpload,
  multipartParts,
  slowUpload,
  watchHealth,
  watchHealthOffThread,
} from '../test/hardening/support/raw-upload.ts';
import { watchEventLoop, type LoopBlocks } from '../test/support/event-loop-watch.ts';

export interface LoadResult {
  name: 'load';
  previews: number;
  previewFileMB: number;
  previewErrors: number;
  previewSeconds: number;
  /** CPU seconds the proxy process spent on the previews, and the load test's own process (clients, stand-in). */
  previewProxyCpuSeconds: number;
  previewLoadProcessCpuSeconds: number;
  exports: number;
  exportErrors: number;
  exportSeconds: number;
  proxyPeakRssMB: number;
  proxyRssBeforeMB: number;
  proxyNodeFlags: string[];
  limitMB: number;
  ok: boolean;
  errors: string[];
}

const TOKEN = 'demo-admin-token';
/** The stand-in tenant's process of the benchmarks; with 0 users it holds only the seeded companies (demo). */
const TENANT_ENTRY = fileURLToPath(new URL('./bench/tenant-process.ts', import.meta.url));
export const LOAD_UPLOAD_RATE_LIMIT = { requests: 1000, windowMs: 60_000 };
const DEFAULT_NODE_FLAGS = proxyNodeFlags().join(' ');
const PEAK_LIMIT_BYTES = 1024 * 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Fires `count` requests at once; returns the failures' descriptions. */
async function concurrently(count: number, send: (index: number) => Promise<Response>): Promise<string[]> {
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, async (_, index) => {
      const response = await send(index);
      const body = await response.arrayBuffer();
      if (response.status !== 200)
        throw new Error(`${response.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
      return body.byteLength;
    }),
  );
  return outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
}

export async function runLoadTest(options: { previews: number; exports: number }): Promise<LoadResult> {
  const fixture = ensureGeneratedFixtures().load5Mb;
  const file = readFileSync(fixture);
  const tenant = await startStandInTenant({ port: 0 });
  const nodeFlags = (process.env.LOAD_PROXY_NODE_FLAGS ?? DEFAULT_NODE_FLAGS).split(' ').filter(Boolean);
  // All previews come from one company and are sent at once: they may read as many bodies as all companies
  // together, and wait as long as the run takes (the queue's limits are what the mixed run measures).
  const proxy = await startChildProxy(
    {
      userApiUrl: tenant.url,
      uploadRateLimit: LOAD_UPLOAD_RATE_LIMIT,
      uploads: { slotsPerTenant: 8, queueTimeoutMs: 600_000 },
    },
    nodeFlags,
  );
  try {
    const before = proxy.memory();
    const demo = `${proxy.url}/api/v1/tenants/demo`;
    let started = performance.now();
    const proxyCpuBefore = proxy.cpuSeconds();
    const ownCpuBefore = process.cpuUsage();
    const previewErrors = await concurrently(options.previews, () => {
      const form = new FormData();
      form.set('file', new Blob([file]), 'load-5mb.csv');
      // The wizard pages through the changes; the plan itself covers all 50,000 rows.
      return fetch(`${demo}/imports/preview?limit=100`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: form,
      });
    });
    const previewSeconds = (performance.now() - started) / 1000;
    const previewProxyCpuSeconds = proxy.cpuSeconds() - proxyCpuBefore;
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const previewLoadProcessCpuSeconds = (ownCpu.user + ownCpu.system) / 1e6;
    started = performance.now();
    const exportErrors = await concurrently(options.exports, (index) =>
      fetch(`${demo}/users/export?format=${index % 2 ? 'xlsx' : 'csv'}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    const exportSeconds = (performance.now() - started) / 1000;
    const peak = proxy.memory().peak;
    const errors = [...previewErrors, ...exportErrors];
    return {
      name: 'load',
      previews: options.previews,
      previewFileMB: mb(file.length),
      previewErrors: previewErrors.length,
      previewSeconds: Math.round(previewSeconds * 100) / 100,
      previewProxyCpuSeconds: Math.round(previewProxyCpuSeconds * 100) / 100,
      previewLoadProcessCpuSeconds: Math.round(previewLoadProcessCpuSeconds * 100) / 100,
      exports: options.exports,
      exportErrors: exportErrors.length,
      exportSeconds: Math.round(exportSeconds * 100) / 100,
      proxyPeakRssMB: mb(peak),
      proxyRssBeforeMB: mb(before.rss),
      proxyNodeFlags: nodeFlags,
      limitMB: mb(PEAK_LIMIT_BYTES),
      ok: errors.length === 0 && peak < PEAK_LIMIT_BYTES,
      errors: errors.slice(0, 5),
    };
  } finally {
    await proxy.close();
    await tenant.close();
  }
}

export interface MixedLoadResult {
  name: 'load-mixed';
  previews: number;
  slowUploads: number;
  chunkedUploads: number;
  /** Status → count, after 503s were sent again. */
  previewStatuses: Record<string, number>;
  previewRetries: number;
  slowStatuses: Record<string, number>;
  chunkedStatuses: Record<string, number>;
  seconds: number;
  proxyPeakRssMB: number;
  proxyRssBeforeMB: number;
  /** The slowest /healthz answer, asked from a worker thread of the load test (its own loop is busy with clients). */
  healthWorstSeconds: number;
  healthChecks: number;
  /** The same asked from the load test's main thread, as the first mixed runs measured it. */
  healthWorstSecondsInLoadProcess: number;
  /** The longest the proxy's event loop was held in one piece (ms of CPU, ms of wall time). */
  proxyLoopWorstMs: LoopBlocks;
  /** The same for the load test's own process (the stand-in tenant and every client run there). */
  loadProcessLoopWorstMs: LoopBlocks;
  limitMB: number;
  healthLimitSeconds: number;
  ok: boolean;
}

const MIXED_PEAK_LIMIT_BYTES = 600 * 1024 * 1024;
const HEALTH_LIMIT_MS = 1000;

function countStatuses(statuses: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

export async function runMixedLoad(options: {
  previews: number;
  slow: number;
  chunked: number;
}): Promise<MixedLoadResult> {
  const file = readFileSync(ensureGeneratedFixtures().load5Mb);
  // The stand-in tenant in a process of its own: in this one, busy with 90 clients, it answered the proxy so late
  // that previews ended with 502 (the user API did not answer in time).
  const tenant = await startChild(TENANT_ENTRY, ['0']);
  const tenantUrl = String(tenant.ready.url);
  const nodeFlags = (process.env.LOAD_PROXY_NODE_FLAGS ?? DEFAULT_NODE_FLAGS).split(' ').filter(Boolean);
  // Every upload comes from one company here; its read slots are those of all companies (8), which is what a
  // crowd of companies would get.
  const proxy = await startChildProxy(
    { userApiUrl: tenantUrl, uploadRateLimit: LOAD_UPLOAD_RATE_LIMIT, uploads: { slotsPerTenant: 8 } },
    nodeFlags,
  );
  try {
    const before = proxy.memory();
    const preview = `/api/v1/tenants/demo/imports/preview`;
    const health = watchHealth(proxy.url, 5000);
    const healthOffThread = watchHealthOffThread(proxy.url, 5000);
    const ownLoop = watchEventLoop();
    const started = performance.now();
    let previewRetries = 0;
    // One multipart body for every preview: a FormData with a 5 MB Blob is copied and streamed by the client in
    // microtasks that held this process's event loop for seconds at a time (measured: 9.8 s in one piece).
    const { head, tail } = multipartParts('load-5mb.csv');
    const previewBody = new Uint8Array(Buffer.concat([head, file, tail]));
    const sendPreview = async (): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${proxy.url}${preview}?limit=100`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          },
          body: previewBody,
        }).catch(() => undefined);
        await response?.arrayBuffer();
        const status = response?.status ?? 0;
        if (status !== 503 || attempt >= 10) return status;
        previewRetries++;
        const wait = Number(response?.headers.get('retry-after') ?? 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 30) * 1000));
      }
    };
    const slow = Array.from({ length: options.slow }, () =>
      slowUpload(proxy.url, preview, { token: TOKEN, totalBytes: 2 * 1024 * 1024, tickMs: 1000 }),
    );
    const [previewStatuses, slowAnswers, chunkedAnswers] = await Promise.all([
      Promise.all(Array.from({ length: options.previews }, sendPreview)),
      Promise.all(slow.map((upload) => upload.answer)),
      Promise.all(
        Array.from({ length: options.chunked }, () =>
          chunkedUpload(proxy.url, preview, { token: TOKEN, size: 29 * 1024 * 1024 }),
        ),
      ),
    ]);
    slow.forEach((upload) => upload.stop());
    const seconds = (performance.now() - started) / 1000;
    await health.stop();
    await healthOffThread.stop();
    const ownBlocks = ownLoop.stop();
    const proxyBlocks = await proxy.loopBlocks();
    const peak = proxy.memory().peak;
    return {
      name: 'load-mixed',
      previews: options.previews,
      slowUploads: options.slow,
      chunkedUploads: options.chunked,
      previewStatuses: countStatuses(previewStatuses),
      previewRetries,
      slowStatuses: countStatuses(slowAnswers.map((answer) => answer.status)),
      chunkedStatuses: countStatuses(chunkedAnswers.map((answer) => answer.status)),
      seconds: Math.round(seconds * 100) / 100,
      proxyPeakRssMB: mb(peak),
      proxyRssBeforeMB: mb(before.rss),
      healthWorstSeconds: Math.round(healthOffThread.worstMs) / 1000,
      healthChecks: healthOffThread.count,
      healthWorstSecondsInLoadProcess: Math.round(health.worstMs) / 1000,
      proxyLoopWorstMs: proxyBlocks,
      loadProcessLoopWorstMs: ownBlocks,
      limitMB: mb(MIXED_PEAK_LIMIT_BYTES),
      healthLimitSeconds: HEALTH_LIMIT_MS / 1000,
      ok:
        peak < MIXED_PEAK_LIMIT_BYTES &&
        healthOffThread.worstMs < HEALTH_LIMIT_MS &&
        previewStatuses.every((status) => status === 200) &&
        slowAnswers.every((answer) => answer.status === 408 || answer.status === 503) &&
        chunkedAnswers.every((answer) => answer.status === 400 || answer.status === 503),
    };
  } finally {
    await proxy.close();
    await tenant.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      previews: { type: 'string', default: '50' },
      exports: { type: 'string', default: '200' },
      slow: { type: 'string', default: '20' },
      chunked: { type: 'string', default: '20' },
      only: { type: 'string' },
    },
  });
  let ok = true;
  if (values.only !== 'mixed') {
    const result = await runLoadTest({ previews: Number(values.previews), exports: Number(values.exports) });
    console.log(JSON.stringify(result));
    ok &&= result.ok;
  }
  if (values.only !== 'load') {
    const mixed = await runMixedLoad({
      previews: Number(values.previews),
      slow: Number(values.slow),
      chunked: Number(values.chunked),
    });
    console.log(JSON.stringify(mixed));
    ok &&= mixed.ok;
  }
  process.exit(ok ? 0 : 1);
}
