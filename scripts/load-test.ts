// Load test (issue #6), loopback only and bounded: N concurrent previews of a ~5 MB CSV and M concurrent small
// exports against a proxy in its own process (so its peak memory, VmHWM from /proc, is its own) in front of the
// stand-in tenant. Prints one JSON line; exits 1 when a request failed or the proxy's peak RSS reached 1 GB.
//
// The proxy is started with an upload rate limit of 1,000 a minute instead of the default 60 per token: all the
// previews come from one token, and the per-token limit is not what this test measures. It runs with the Node
// flags of `npm run proxy` (scripts/proxy-node-flags.ts; LOAD_PROXY_NODE_FLAGS to change): without a heap limit
// V8 collects lazily and lets the heap of a busy proxy grow past 1 GB of garbage (measured: 1.1 GB peak for 50
// previews).
//
// Run: npm run load [-- --previews 50 --exports 200]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { proxyNodeFlags } from './proxy-node-flags.ts';
import { parseArgs } from 'node:util';
import { startStandInTenant } from '../test/stand-in-tenant/server.ts';
import { ensureGeneratedFixtures } from '../test/fixtures/make-hostile-fixtures.ts';
import { startChildProxy } from '../test/hardening/support/child-proxy.ts';

export interface LoadResult {
  name: 'load';
  previews: number;
  previewFileMB: number;
  previewErrors: number;
  previewSeconds: number;
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
  const proxy = await startChildProxy(
    { userApiUrl: tenant.url, uploadRateLimit: LOAD_UPLOAD_RATE_LIMIT },
    nodeFlags,
  );
  try {
    const before = proxy.memory();
    const demo = `${proxy.url}/api/v1/tenants/demo`;
    let started = performance.now();
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { previews: { type: 'string', default: '50' }, exports: { type: 'string', default: '200' } },
  });
  const result = await runLoadTest({ previews: Number(values.previews), exports: Number(values.exports) });
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}
