import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupTenant } from '../../extension/src/background/tenant-lookup.ts';
import type { ExtensionSettings } from '../../extension/src/common/settings.ts';
import { sendProblem, startFakeProxy, type FakeProxy } from './fake-proxy-server.ts';

let proxy: FakeProxy;
/** The page the content script runs on, as the browser reports it to the background. */
const PAGE = 'http://127.0.0.1:8788/t/demo/users';

const demo = {
  id: 'demo',
  name: 'Demo GmbH',
  licenses: { total: 25, used: 10, free: 15 },
  hostSystem: null,
  importExport: { available: true, reason: null, message: null },
};

beforeAll(async () => {
  proxy = await startFakeProxy((request, response) => {
    if (request.headers.authorization === 'Bearer demo-user-token') {
      sendProblem(response, 403, 'forbidden', 'This token is not an administrator of demo.');
    } else if (request.url === '/api/v1/tenants/demo') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(demo));
    } else {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id": 1}');
    }
  });
});
afterAll(() => proxy.close());

const settings =
  (overrides: Partial<ExtensionSettings> = {}) =>
  async (): Promise<ExtensionSettings> => ({
    proxyUrl: proxy.url,
    supportToken: '',
    supportTokenPage: '',
    ...overrides,
  });

describe('background tenant lookup', () => {
  it("asks the proxy with the page's token and passes the tenant on", async () => {
    const answer = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'demo-admin-token' },
      PAGE,
      { settings: settings(), fetch },
    );
    expect(answer).toEqual({ ok: true, tenant: demo });
    expect(proxy.requests.at(-1)?.authorization).toBe('Bearer demo-admin-token');
  });

  it("uses the support staff's token only on the page it was entered for, and only without a page token", async () => {
    const support = settings({ supportToken: 'support-token', supportTokenPage: PAGE });
    const lookup = (pageUrl: string, pageToken: string | null) =>
      lookupTenant({ type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken }, pageUrl, {
        settings: support,
        fetch,
      });
    await lookup(`${PAGE}?lang=de`, null);
    expect(proxy.requests.at(-1)?.authorization).toBe('Bearer support-token');
    await lookup(PAGE, 'demo-admin-token');
    expect(proxy.requests.at(-1)?.authorization).toBe('Bearer demo-admin-token');
    // Another local port (any page on this machine could serve /t/demo/users) gets nothing.
    const before = proxy.requests.length;
    expect(await lookup('http://127.0.0.1:9999/t/demo/users', null)).toEqual({
      ok: false,
      failure: 'no-token',
    });
    expect(proxy.requests.length).toBe(before);
  });

  it('reports a refusal with its status, sentence and problem name', async () => {
    const answer = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'demo-user-token' },
      PAGE,
      { settings: settings(), fetch },
    );
    expect(answer).toEqual({
      ok: false,
      failure: 'problem',
      status: 403,
      sentence: 'This token is not an administrator of demo.',
      problemType: 'forbidden',
    });
  });

  it('does not ask at all without any token', async () => {
    const before = proxy.requests.length;
    const answer = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: null },
      PAGE,
      { settings: settings(), fetch },
    );
    expect(answer).toEqual({ ok: false, failure: 'no-token' });
    expect(proxy.requests.length).toBe(before);
  });

  it('reports an unreachable proxy and an answer of the wrong shape', async () => {
    const unreachable = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'x' },
      PAGE,
      { settings: settings({ proxyUrl: 'http://127.0.0.1:9' }), fetch },
    );
    expect(unreachable).toEqual({ ok: false, failure: 'unreachable', proxyUrl: 'http://127.0.0.1:9' });
    const malformed = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'other', pageToken: 'x' },
      PAGE,
      { settings: settings(), fetch },
    );
    expect(malformed).toMatchObject({ ok: false, failure: 'problem', status: 502 });
  });
});
