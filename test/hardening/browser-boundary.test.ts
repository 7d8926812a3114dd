// The browser boundary: which page and extension origins may read the proxy's answers (CORS), the security
// headers on every answer (problems included), the upload limit enforced while the body streams in, and the
// per-token rate limit on uploads and imports. Raw requests throughout: Origin, preflights, headers, a streamed
// oversize body and the rate limit's answers are the subject, so no client may stand between the test and the wire.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../proxy/config.ts';
import type { RunningProxy } from '../../proxy/server.ts';
import { DEVELOPMENT_EXTENSION_ID } from '../../shared/development-extension.ts';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { expectProblem } from '../support/proxy-assertions.ts';
import { startChildProxy, type ChildProxy } from './support/child-proxy.ts';
import { DEMO } from './support/hardening-harness.ts';

const CHROME_ID = 'abcdefghijklmnopabcdefghijklmnop';
const FIREFOX_UUID = '3f6c1a52-9d0e-4b8c-a7e1-5b2f0c9d8e71';
const CHROME = `chrome-extension://${CHROME_ID}`;
const FIREFOX = `moz-extension://${FIREFOX_UUID}`;
const CONFIGURED = 'https://portatour.example';
const FOREIGN = [
  'https://evil.example',
  'http://127.0.0.1:9999',
  'null',
  'chrome-extension://x/../evil.example',
  // Other extensions: any installed extension could otherwise read a tenant's users with a token it got.
  'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba',
  'moz-extension://00000000-1111-2222-3333-444444444444',
  // The development build's id is not one of this deployment's.
  `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`,
];
const CSV = 'Email,First name,Last name\r\nlimit.user@example.com,Limit,User\r\n';

let t: ProxyUnderTest;
let configured: RunningProxy;

beforeAll(async () => {
  t = await startProxyUnderTest({ proxy: { uploadRateLimit: { requests: 10_000, windowMs: 60_000 } } });
  const { allowedExtensionOrigins } = readConfig({
    ALLOWED_EXTENSION_IDS: ` ${CHROME_ID}, ${FIREFOX_UUID} `,
  });
  configured = await t.startAnotherProxy({ allowedOrigins: [CONFIGURED], allowedExtensionOrigins });
});
afterAll(async () => {
  await t?.close();
});

describe('CORS', () => {
  it("lets the deployment's Chrome and Firefox extension builds and configured origins read answers, preflight included", async () => {
    for (const origin of [CHROME, FIREFOX, CONFIGURED]) {
      const preflight = await t.fetch(`${configured.url}${DEMO}/imports/preview`, {
        method: 'OPTIONS',
        token: null,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.status, origin).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);

      const answer = await t.fetch(`${configured.url}${DEMO}/users/export?format=csv`, {
        headers: { origin },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-expose-headers')?.toLowerCase()).toMatch(
        /content-disposition/,
      );
    }
  });

  it('gives a foreign page or extension origin no Access-Control-Allow-Origin, on answers and on preflights', async () => {
    for (const origin of FOREIGN) {
      const answer = await t.fetch(`${configured.url}${DEMO}/users/export?format=csv`, {
        headers: { origin },
      });
      expect(answer.headers.get('access-control-allow-origin'), origin).toBeNull();
      const preflight = await t.fetch(`${configured.url}${DEMO}/imports`, {
        method: 'OPTIONS',
        token: null,
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    // A configured origin of one proxy is foreign to another.
    const other = await t.fetch(`${DEMO}/users/export?format=csv`, { headers: { origin: CONFIGURED } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("answers only the development build's extension id when none is configured (npm start, the tests)", async () => {
    const development = `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`;
    for (const [origin, allowed] of [
      [development, development],
      [CHROME, null],
      [FIREFOX, null],
    ] as const) {
      const answer = await t.fetch(`${DEMO}/users/export?format=csv`, { headers: { origin } });
      expect(answer.headers.get('access-control-allow-origin'), origin).toBe(allowed);
      await answer.arrayBuffer();
    }
    expect(readConfig({}).allowedExtensionOrigins).toEqual([development]);
  });

  it('refuses to start with an ALLOWED_EXTENSION_IDS entry that is no extension id, naming it', () => {
    expect(() => readConfig({ ALLOWED_EXTENSION_IDS: `${CHROME_ID},https://evil.example` })).toThrow(
      /ALLOWED_EXTENSION_IDS: "https:\/\/evil\.example" is neither a Chrome extension id/,
    );
    expect(readConfig({ ALLOWED_EXTENSION_IDS: '' }).allowedExtensionOrigins).toEqual([]);
  });
});

describe('security headers', () => {
  it('sends nosniff, frame and referrer protection on every kind of answer, problems included', async () => {
    const answers: [string, Response][] = [
      ['healthz', await t.fetch('/healthz', { token: null })],
      ['docs', await t.fetch('/docs', { token: null })],
      ['export', await t.fetch(`${DEMO}/users/export?format=csv`)],
      ['401', await t.fetch(`${DEMO}/users/export`, { token: null })],
      ['403', await t.fetch(`${DEMO}/users/export`, { token: 'demo-user-token' })],
      ['404', await t.fetch('/no/such/path', { token: null })],
      ['400', await t.fetch(`${DEMO}/users/export?format=pdf`)],
      ['415', await t.upload(`${DEMO}/imports/preview`, { bytes: '%PDF-1.4\n%%EOF', name: 'x.xlsx' })],
    ];
    for (const [what, response] of answers) {
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), what).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy'), what).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security'), what).toBeTruthy();
      await response.arrayBuffer();
    }
  });
});

describe('the upload limit', () => {
  let child: ChildProxy;
  beforeAll(async () => {
    child = await startChildProxy({
      userApiUrl: t.tenant.url,
      limits: { maxUploadBytes: 5 * 1024 * 1024, maxRows: 100_000 },
    });
  });
  afterAll(async () => {
    await child?.close();
  });

  /** Streams a chunked multipart body (no Content-Length) of up to `totalBytes` until the proxy answers. */
  function streamUpload(
    url: string,
    totalBytes: number,
  ): Promise<{ status: number; body: string; sent: number }> {
    const boundary = 'hardening-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\nEmail,First name,Last name\r\n`;
    const chunk = Buffer.from('stream.user@example.com,Stream,User\r\n'.repeat(1800)); // ~64 KB
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const upload = request(
        `${url}${DEMO}/imports/preview`,
        {
          method: 'POST',
          headers: {
            authorization: 'Bearer demo-admin-token',
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'transfer-encoding': 'chunked',
          },
        },
        (response) => {
          answered = true;
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString(), sent }),
          );
        },
      );
      upload.on('error', (error) => (answered ? undefined : reject(error)));
      upload.write(head);
      const pump = () => {
        while (!answered && sent < totalBytes) {
          sent += chunk.length;
          if (!upload.write(chunk)) return void upload.once('drain', pump);
        }
        if (!answered) upload.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
  }

  it('refuses a chunked upload without Content-Length with 413 while it streams, without buffering it', async () => {
    const before = child.memory();
    const total = 400 * 1024 * 1024;
    const answer = await streamUpload(child.url, total);
    expect(answer.status, answer.body).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 413,
      type: expect.stringMatching(/file-too-large$/),
    });
    // The proxy stopped reading long before the 400 MB were sent, and never held them.
    expect(answer.sent).toBeLessThan(total);
    const grown = child.memory().peak - before.peak;
    expect(grown).toBeLessThan(200 * 1024 * 1024);
    expect((await t.stats()).writes).toBe(0);
  }, 60_000);
});

describe('the per-token upload rate limit', () => {
  it('answers the 4th upload or import of a token within the window 429 with Retry-After, however the token is sent', async () => {
    const limited = await t.startAnotherProxy({ uploadRateLimit: { requests: 3, windowMs: 60_000 } });
    const file = { bytes: CSV, name: 'u.csv' };
    const bearer = { proxyUrl: limited.url };
    expect((await t.upload(`${DEMO}/imports/preview`, file, bearer)).status).toBe(200);
    expect((await t.upload(`${DEMO}/imports/preview`, file, bearer)).status).toBe(200);
    expect((await t.upload(`${DEMO}/imports?wait=true`, file, bearer)).status).toBe(200);
    for (const path of [`${DEMO}/imports/preview`, `${DEMO}/imports?wait=true`]) {
      const refused = await t.upload(path, file, bearer);
      await expectProblem(refused, 429, 'rate-limited');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter)).toBe(
        true,
      );
    }
    // The same token as Basic credentials (as portatour's own API accepts them) is the same caller.
    const basic = `Basic ${Buffer.from('api:demo-admin-token').toString('base64')}`;
    const form = new FormData();
    form.set('file', new Blob([CSV]), 'u.csv');
    const other = await fetch(`${limited.url}${DEMO}/imports/preview`, {
      method: 'POST',
      headers: { authorization: basic },
      body: form,
    });
    expect(other.status, await other.clone().text()).toBe(429);
    // Reads are not limited.
    expect((await t.fetch(`${limited.url}${DEMO}/users/export?format=csv`)).status).toBe(200);
  });
});
