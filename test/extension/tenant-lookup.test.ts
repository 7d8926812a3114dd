import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupTenant } from '../../extension/src/background/tenant-lookup.ts';
import type { ExtensionSettings } from '../../extension/src/common/settings.ts';
import { sendProblem, startFakeProxy, type FakeProxy } from './fake-proxy-server.ts';

let proxy: FakeProxy;

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
    ...overrides,
  });

describe('background tenant lookup', () => {
  it("asks the proxy with the page's token and passes the tenant on", async () => {
    const answer = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'demo-admin-token' },
      { settings: settings(), fetch },
    );
    expect(answer).toEqual({ ok: true, tenant: demo });
    expect(proxy.requests.at(-1)?.authorization).toBe('Bearer demo-admin-token');
  });

  it("uses the support staff's token from the options instead of the page's", async () => {
    await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'demo-admin-token' },
      { settings: settings({ supportToken: 'support-token' }), fetch },
    );
    expect(proxy.requests.at(-1)?.authorization).toBe('Bearer support-token');
  });

  it('reports a refusal with its status, sentence and problem name', async () => {
    const answer = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'demo-user-token' },
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
      { settings: settings(), fetch },
    );
    expect(answer).toEqual({ ok: false, failure: 'no-token' });
    expect(proxy.requests.length).toBe(before);
  });

  it('reports an unreachable proxy and an answer of the wrong shape', async () => {
    const unreachable = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'x' },
      { settings: settings({ proxyUrl: 'http://127.0.0.1:9' }), fetch },
    );
    expect(unreachable).toEqual({ ok: false, failure: 'unreachable', proxyUrl: 'http://127.0.0.1:9' });
    const malformed = await lookupTenant(
      { type: 'portatour:lookup-tenant', tenantId: 'other', pageToken: 'x' },
      { settings: settings(), fetch },
    );
    expect(malformed).toMatchObject({ ok: false, failure: 'problem', status: 502 });
  });
});
