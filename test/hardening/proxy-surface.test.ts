// The proxy's smaller openings, over real HTTP against the real proxy and stand-in: the rate limit keyed on the
// credential however it is written, field names and ids checked before they reach a lookup or a path, CSP on HTML,
// no upstream detail in a 502, keyed fingerprints, Retry-After inside bulk answers, and SheetJS's time limit.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { auditAnswerSchema, sendAccessLinkAnswerSchema } from '../../shared/api/users-schema.ts';
import { companyRoutes } from '../support/proxy-client.ts';
import { expectProblem, readAnswer, readPreview } from '../support/proxy-assertions.ts';
import { DEMO, importWait } from './support/hardening-harness.ts';

const TOKEN = 'demo-admin-token';
const SECRET = 'fingerprint-secret-of-this-deployment';
const CSV = 'First name,Last name,Email\r\nAnn,Lee,ann.lee@example.com\r\n';

function figure(name: string, value: number | string): void {
  console.log(`FIGURE ${name}: ${value}`);
}

let t: ProxyUnderTest;
const param = { tenant: 'demo' };
const demo = () => companyRoutes(t.client());
const sleeps: number[] = [];
beforeAll(async () => {
  t = await startProxyUnderTest({
    proxy: {
      uploadRateLimit: { requests: 3, windowMs: 60_000 },
      fingerprintSecret: SECRET,
      runner: {
        sleep: async (ms: number) => {
          sleeps.push(ms);
          await new Promise((resolve) => setTimeout(resolve, 1));
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
});

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

/** Raw on purpose: the Authorization header is written in spellings and schemes the typed client never sends. */
function previewWith(authorization: string, proxyUrl = t.proxy.url): Promise<Response> {
  const form = new FormData();
  form.set('file', new Blob([CSV]), 'users.csv');
  return fetch(`${proxyUrl}${DEMO}/imports/preview`, {
    method: 'POST',
    headers: { authorization },
    body: form,
  });
}

describe('the upload rate limit', () => {
  it('counts one credential once, whatever its scheme, spelling or Basic user name', async () => {
    const proxy = await t.startAnotherProxy({ uploadRateLimit: { requests: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await previewWith(`Bearer ${TOKEN}`, proxy.url)).status).toBe(200);
    expect((await previewWith(`Bearer ${TOKEN}`, proxy.url)).status).toBe(429);
    const variants = [
      ...Array.from({ length: 12 }, (_, i) => basic(`u$${i}`, TOKEN)),
      `bearer ${TOKEN}`,
      `BEARER   ${TOKEN}`,
      basic('someone', TOKEN).replace('Basic', 'basic  '),
    ];
    const statuses = [];
    for (const variant of variants) statuses.push((await previewWith(variant, proxy.url)).status);
    figure('item 5: variants of a rate-limited token answered 200', statuses.filter((s) => s === 200).length);
    expect(statuses).toEqual(variants.map(() => 429));
  });
});

describe('field names', () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    it(`answers ?fields=${name} with 400 like any unknown field`, async () => {
      const response = await demo().users.export.$get({ param, query: { format: 'csv', fields: name } });
      figure(`item 6: fields=${name}`, response.status);
      const problem = await expectProblem(response, 400, 'invalid-request');
      expect(problem.detail).toContain(name);
    });
  }
});

describe('cells that name a member of Object.prototype', () => {
  it('are row errors, not answers from a lookup table', async () => {
    const csv =
      'First name,Last name,Email,Language,Authorization level\r\n' +
      'Ann,Lee,ann.lee@example.com,constructor,toString\r\n' +
      'Bob,Lee,bob.lee@example.com,__proto__,hasOwnProperty\r\n';
    const response = await t.preview({ bytes: csv, name: 'users.csv' }, { token: TOKEN });
    figure('item 6: Language=constructor in a row, status', response.status);
    const { errors } = await readPreview(response);
    expect(errors.map((e) => `${e.row} ${e.column}`).sort()).toEqual([
      '2 Authorization level',
      '2 Language',
      '3 Authorization level',
      '3 Language',
    ]);
  });
});

describe('ids in paths', () => {
  for (const ids of [['..'], ['.'], ['a/b'], ['x?y'], ['%2e%2e']]) {
    it(`refuses send-access-link for ${JSON.stringify(ids)} with 400 and sends nothing`, async () => {
      const readsBefore = (await t.stats()).reads;
      const response = await demo().users['send-access-link'].$post({ param, json: { ids } });
      figure(`item 7: ids ${JSON.stringify(ids)}`, response.status);
      await expectProblem(response, 400, 'invalid-request');
      // The tenant check reads once; nothing else went upstream.
      expect((await t.stats()).writes).toBe(0);
      expect((await t.stats()).reads - readsBefore).toBeLessThanOrEqual(1);
    });
  }

  it('says "no such user" for an unknown user id', async () => {
    const response = await demo().users['send-access-link'].$post({
      param,
      json: { ids: ['no-such-user-4711'] },
    });
    const body = await readAnswer(response, 200, sendAccessLinkAnswerSchema);
    figure('item 8: unknown user id message', body.failed[0]?.message ?? '');
    expect(body.failed).toEqual([
      { id: 'no-such-user-4711', message: expect.stringMatching(/no such user/i) },
    ]);
  });
});

describe('HTML answers', () => {
  it('sends a Content-Security-Policy with /docs, which still loads its own assets', async () => {
    // An HTML page and its headers, outside the typed API.
    const response = await fetch(`${t.proxy.url}/docs`);
    const csp = response.headers.get('content-security-policy') ?? '';
    figure('item 8: CSP of /docs', csp || 'none');
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const html = await response.text();
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect(asset[1]).toMatch(/^\/docs\/assets\//); // same origin, allowed by 'self'
      expect((await fetch(`${t.proxy.url}${asset[1]}`)).status).toBe(200);
    }
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script
  });
});

describe('failures of the user API', () => {
  it('answers 502 with its own detail, never the user API’s', async () => {
    await t.setFaults({ down: true });
    const response = await demo().users.export.$get({ param, query: { format: 'csv' } });
    const problem = await expectProblem(response, 502, 'upstream-unavailable');
    figure('item 8: 502 detail', problem.detail);
    expect(problem.detail).not.toMatch(/injected fault/);
  });

  it('waits as long as Retry-After says when a bulk operation answers 503', async () => {
    await t.setFaults({ failWrites: { nth: 1, status: 503, retryAfterSeconds: 3 } });
    sleeps.length = 0;
    const job = await importWait(t, { bytes: CSV, name: 'users.csv' });
    figure('item 8: wait after a bulk 503 with Retry-After: 3, ms', sleeps.join(','));
    expect(job.status).toBe('succeeded');
    expect(sleeps).toContain(3000);
  });
});

describe('fingerprints', () => {
  it('are an HMAC of the credential with the deployment secret, not its bare hash', async () => {
    await importWait(t, { bytes: CSV, name: 'users.csv' });
    const { entries } = await readAnswer(
      await demo().audit.$get({ param, query: {} }),
      200,
      auditAnswerSchema,
    );
    const actor = entries[0]!.actor;
    const bare = createHash('sha256').update(`Bearer ${TOKEN}`).digest('hex').slice(0, 16);
    figure('item 8: audit actor is the bare SHA-256 of the header', String(actor === bare));
    expect(actor).not.toBe(bare);
    expect(actor).toBe(createHmac('sha256', SECRET).update(TOKEN).digest('hex').slice(0, 16));
  });
});

describe('SheetJS in a worker', () => {
  it('ends a read that takes longer than its time limit with a clear problem', async () => {
    const proxy = await t.startAnotherProxy({
      sheetJsWorker: { timeoutMs: 1 },
      uploadRateLimit: { requests: 100, windowMs: 60_000 },
    });
    const ods = readFileSync(new URL('../fixtures/spreadsheets/libreoffice.ods', import.meta.url));
    const response = await t.preview(
      { bytes: ods, name: 'users.ods' },
      { proxyUrl: proxy.url, token: TOKEN },
    );
    const problem = await expectProblem(response, 400, 'unreadable-file');
    expect(problem.detail).toMatch(/took too long/);
  });
});
