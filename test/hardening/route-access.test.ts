// Every route of the proxy, enumerated from the router itself: a route added later is checked
// without anyone remembering to add it here. Public routes are named explicitly; every other route is a
// tenant route and must refuse a missing token (401), a non-administrator and another company's administrator
// (403), and a CRM-connected company (409), except the tenant summary, which explains (docs/api-guide.md#endpoints).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProxyApp } from '../../proxy/server.ts';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { tenantSummarySchema } from '../../shared/api/tenant-schema.ts';
import { expectProblem, readAnswer } from '../support/proxy-assertions.ts';

/** Routes that need no token (docs/api-guide.md#endpoints), as the router spells them. */
const PUBLIC_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /openapi.json',
  'GET /docs',
  'GET /docs/assets/init.js',
  'GET /docs/assets/:name{swagger-ui(-bundle\\.js|\\.css)}',
  'GET /api/v1/fields',
  'GET /api/v1/import-settings.schema.json',
]);
const TENANT_SUMMARY = 'GET /api/v1/tenants/:tenant';
const DUMMY_ID = '00000000-0000-4000-8000-000000000000';
const SMALL_CSV = 'Email,First name,Last name\r\nroute.check@example.com,Route,Check\r\n';

interface Endpoint {
  method: string;
  path: string;
  key: string;
}

/** The endpoints of the app: handlers, not middleware (which the router lists with method ALL). */
async function endpoints(): Promise<Endpoint[]> {
  const { app, store } = await buildProxyApp({ userApiUrl: 'http://127.0.0.1:9', log: () => {} });
  await store.close();
  const seen = new Map<string, Endpoint>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    seen.set(key, { method: route.method, path: route.path, key });
  }
  return [...seen.values()];
}

let t: ProxyUnderTest;
const all = await endpoints();
const tenantRoutes = all.filter((e) => !PUBLIC_ROUTES.has(e.key));

beforeAll(async () => {
  t = await startProxyUnderTest({ proxy: { uploadRateLimit: { requests: 10_000, windowMs: 60_000 } } });
});
afterAll(async () => {
  await t?.close();
});

/**
 * Sends a plausible request to an endpoint: path parameters filled with dummies, a body where one is expected.
 * Raw paths on purpose: the endpoints come from the router at run time, which the typed client cannot name.
 */
function send(endpoint: Endpoint, tenant: string, token: string | null): Promise<Response> {
  const path = endpoint.path.replace(':tenant', tenant).replace(':id', DUMMY_ID);
  if (endpoint.method === 'POST' && /\/imports(\/preview)?$/.test(endpoint.path)) {
    return t.upload(path, { bytes: SMALL_CSV, name: 'u.csv' }, { token });
  }
  if (endpoint.path.endsWith('/send-access-link')) {
    return t.fetch(path, {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ['nobody'] }),
    });
  }
  return t.fetch(path, { method: endpoint.method, token });
}

describe('the router', () => {
  it('has every route either public by name or under /api/v1/tenants/:tenant', () => {
    expect(all.length).toBeGreaterThan(15);
    for (const endpoint of tenantRoutes)
      expect(endpoint.path, endpoint.key).toMatch(/^\/api\/v1\/tenants\/:tenant(\/|$)/);
    const listedPublic = all.filter((e) => PUBLIC_ROUTES.has(e.key)).map((e) => e.key);
    expect(listedPublic.sort()).toEqual([...PUBLIC_ROUTES].sort());
    expect(tenantRoutes.map((e) => e.key)).toContain(TENANT_SUMMARY);
  });

  it('answers the public routes without a token', async () => {
    for (const endpoint of all.filter((e) => PUBLIC_ROUTES.has(e.key))) {
      const path = endpoint.path.replace(/:name\{.*\}$/, 'swagger-ui.css');
      const response = await t.fetch(path, { token: null });
      expect(response.status, endpoint.key).toBe(200);
    }
  });
});

describe('every tenant route', () => {
  it('refuses a request without a token with 401 unauthorized', async () => {
    for (const endpoint of tenantRoutes) {
      await expectProblem(await send(endpoint, 'demo', null), 401, 'unauthorized').catch((error: unknown) => {
        throw new Error(`${endpoint.key}: ${String(error)}`);
      });
    }
  });

  for (const { who, token } of [
    { who: 'a non-administrator (demo-user-token)', token: 'demo-user-token' },
    { who: "another company's administrator (sfdc-admin-token)", token: 'sfdc-admin-token' },
  ]) {
    it(`refuses ${who} on demo with 403 forbidden`, async () => {
      for (const endpoint of tenantRoutes) {
        await expectProblem(await send(endpoint, 'demo', token), 403, 'forbidden').catch((error: unknown) => {
          throw new Error(`${endpoint.key}: ${String(error)}`);
        });
      }
    });
  }

  for (const { tenant, token } of [
    { tenant: 'sfdc', token: 'sfdc-admin-token' },
    { tenant: 'dyn', token: 'dyn-admin-token' },
  ]) {
    it(`refuses the connected tenant ${tenant} with 409 host-system-connected everywhere but the summary`, async () => {
      for (const endpoint of tenantRoutes) {
        const response = await send(endpoint, tenant, token);
        if (endpoint.key === TENANT_SUMMARY) {
          expect(response.status).toBe(200);
          const summary = await readAnswer(response, 200, tenantSummarySchema);
          expect(summary.importExport.available).toBe(false);
          expect(summary.importExport.reason).toBeTruthy();
          continue;
        }
        await expectProblem(response, 409, 'host-system-connected').catch((error: unknown) => {
          throw new Error(`${endpoint.key}: ${String(error)}`);
        });
      }
      expect((await t.stats(tenant)).writes).toBe(0);
    });
  }

  it('wrote nothing for any refused request', async () => {
    expect((await t.stats('demo')).writes).toBe(0);
    expect(t.tenant.store.listUsers('demo').map((u) => u.email)).not.toContain('route.check@example.com');
  });
});
