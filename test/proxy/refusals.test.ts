// Who may do what, and the public routes (docs/api-guide.md#endpoints): every refusal is an RFC 9457 problem over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { expectProblem } from '../support/proxy-assertions.ts';

let t: ProxyUnderTest;

beforeAll(async () => {
  t = await startProxyUnderTest();
});
afterAll(async () => {
  await t?.close();
});

const SMALL_CSV = 'First name,Last name,Email\r\nNina,Neu,nina.neu@example.com\r\n';

/** Every import, export, template and settings call of docs/api-guide.md#endpoints for tenant `tenant`. */
function tenantCalls(tenant: string, token: string | null) {
  const base = `/api/v1/tenants/${tenant}`;
  return [
    { name: 'export', send: () => t.fetch(`${base}/users/export?format=csv`, { token }) },
    { name: 'template', send: () => t.fetch(`${base}/template?format=xlsx`, { token }) },
    { name: 'import-settings', send: () => t.fetch(`${base}/import-settings`, { token }) },
    {
      name: 'preview',
      send: () => t.upload(`${base}/imports/preview`, { bytes: SMALL_CSV, name: 'u.csv' }, { token }),
    },
    {
      name: 'imports',
      send: () => t.upload(`${base}/imports?wait=true`, { bytes: SMALL_CSV, name: 'u.csv' }, { token }),
    },
  ];
}

describe('authentication and authorization', () => {
  it('refuses a request without a token with 401 on every tenant call', async () => {
    for (const call of tenantCalls('demo', null)) {
      await expectProblem(await call.send(), 401, 'unauthorized');
    }
    await expectProblem(await t.fetch('/api/v1/tenants/demo', { token: null }), 401, 'unauthorized');
  });

  it('refuses an unknown token with 401', async () => {
    for (const call of tenantCalls('demo', 'no-such-token')) {
      await expectProblem(await call.send(), 401, 'unauthorized');
    }
  });

  it('refuses a Basic header with garbage and a header that is not Bearer/Basic with 401', async () => {
    await expectProblem(
      await t.fetch('/api/v1/tenants/demo/users/export', {
        headers: { authorization: 'Token abc' },
        token: null,
      }),
      401,
      'unauthorized',
    );
  });

  it("refuses a non-administrator's token (demo-user-token) with 403 forbidden", async () => {
    for (const call of tenantCalls('demo', 'demo-user-token')) {
      await expectProblem(await call.send(), 403, 'forbidden');
    }
  });

  it("refuses another company's administrator (sfdc-admin-token on demo) with 403 forbidden", async () => {
    for (const call of tenantCalls('demo', 'sfdc-admin-token')) {
      await expectProblem(await call.send(), 403, 'forbidden');
    }
    expect(t.tenant.store.listUsers('demo').map((u) => u.email)).not.toContain('nina.neu@example.com');
  });
});

describe('company-level refusals', () => {
  const connected = [
    { tenant: 'sfdc', token: 'sfdc-admin-token', system: 'Salesforce', hostSystem: 'salesforce' },
    { tenant: 'dyn', token: 'dyn-admin-token', system: 'Dynamics', hostSystem: 'dynamics' },
  ];

  for (const { tenant, token, system } of connected) {
    it(`refuses a ${system}-connected tenant with 409 host-system-connected on export, template, settings, preview and import`, async () => {
      const usersBefore = t.tenant.store.listUsers(tenant).length;
      for (const call of tenantCalls(tenant, token)) {
        const problem = await expectProblem(await call.send(), 409, 'host-system-connected');
        expect(problem.detail, call.name).toContain(system);
        expect(problem.detail, call.name).toMatch(/synchroni[sz]es (its )?users itself/);
      }
      expect(t.tenant.store.listUsers(tenant)).toHaveLength(usersBefore);
    });
  }

  it('refuses a single-license tenant (solo) with 409 single-license on every import/export call', async () => {
    for (const call of tenantCalls('solo', 'solo-admin-token')) {
      const problem = await expectProblem(await call.send(), 409, 'single-license');
      expect(problem.detail, call.name).toMatch(/2 licenses/);
    }
    expect(t.tenant.store.listUsers('solo')).toHaveLength(1);
  });

  it('answers GET /api/v1/tenants/{t} with 200 and importExport.available:false and the reason for connected and single-license tenants', async () => {
    const expected = [
      {
        tenant: 'sfdc',
        token: 'sfdc-admin-token',
        reason: 'host-system-connected',
        hostSystem: 'salesforce',
        total: 50,
      },
      {
        tenant: 'dyn',
        token: 'dyn-admin-token',
        reason: 'host-system-connected',
        hostSystem: 'dynamics',
        total: 50,
      },
      { tenant: 'solo', token: 'solo-admin-token', reason: 'single-license', hostSystem: null, total: 1 },
    ];
    for (const { tenant, token, reason, hostSystem, total } of expected) {
      const response = await t.fetch(`/api/v1/tenants/${tenant}`, { token });
      expect(response.status, tenant).toBe(200);
      const body = (await response.json()) as {
        id: string;
        hostSystem: string | null;
        licenses: { total: number };
        importExport: { available: boolean; reason: string | null };
      };
      expect(body.id).toBe(tenant);
      expect(body.hostSystem).toBe(hostSystem);
      expect(body.licenses.total).toBe(total);
      expect(body.importExport).toMatchObject({ available: false, reason });
    }
  });

  it('answers GET /api/v1/tenants/demo with its licenses (25 total, 10 used) and importExport.available:true', async () => {
    const response = await t.fetch('/api/v1/tenants/demo');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: 'demo',
      licenses: { total: 25, used: 10, free: 15 },
      hostSystem: null,
      importExport: { available: true, reason: null },
    });
  });

  it('answers an unknown tenant with a problem, not a 500', async () => {
    const response = await t.fetch('/api/v1/tenants/nosuchcompany/users/export');
    expect([401, 403, 404]).toContain(response.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('public routes', () => {
  it('answers an unknown path with a 404 problem', async () => {
    await expectProblem(await t.fetch('/no/such/path', { token: null }), 404, 'not-found');
    await expectProblem(await t.fetch('/api/v1/nothing-here', { token: null }), 404, 'not-found');
  });

  it('answers /healthz with {"status":"ok"} without a token', async () => {
    const response = await t.fetch('/healthz', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the 19 fields of docs/api-guide.md#fields with English and German headers and info texts, without a token', async () => {
    const response = await t.fetch('/api/v1/fields', { token: null });
    expect(response.status).toBe(200);
    const { fields } = (await response.json()) as {
      fields: { key: string; header: { en: string; de: string }; info: { en: string; de: string } }[];
    };
    expect(fields).toHaveLength(19);
    expect(fields.map((f) => f.key)).toEqual([
      'portatourId', 'firstName', 'lastName', 'email', 'employeeNumber', 'userName', 'mobilePhone',
      'language', 'authorizationLevel', 'active', 'hasOwnSchedule', 'userGroups', 'note', 'homeStreet',
      'homePostalCode', 'homeCity', 'homeCountry', 'accessLinkSentAt', 'lastLoginAt',
    ]); // prettier-ignore
    for (const field of fields) {
      expect(field.info.en.length, field.key).toBeGreaterThan(5);
      expect(field.info.de.length, field.key).toBeGreaterThan(5);
      expect(field.info.de, field.key).not.toBe(field.info.en);
      expect(field.header.de.length).toBeGreaterThan(0);
    }
    expect(fields.find((f) => f.key === 'homeStreet')?.header.de).toBe('Heimatadresse Straße');
  });

  it('serves the settings file JSON Schema (draft 2020-12) without a token', async () => {
    const response = await t.fetch('/api/v1/import-settings.schema.json', { token: null });
    expect(response.status).toBe(200);
    const schema = (await response.json()) as {
      $schema: string;
      type: string;
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    expect(schema.$schema).toMatch(/json-schema\.org\/draft\/2020-12\/schema/);
    expect(schema.type).toBe('object');
    for (const key of [
      'version',
      'matchBy',
      'actions',
      'columns',
      'updateBehavior',
      'sheet',
      'headerRow',
      'csv',
      'deactivateMissing',
      'emptyCells',
      'homeLocation',
      'skipInvalidRows',
      'allowScheduleDeletion',
      'sendAccessLink',
    ])
      // prettier-ignore
      expect(schema.properties, key).toHaveProperty(key);
    expect(schema.additionalProperties).toBe(false); // unknown keys are invalid-settings (docs/api-guide.md#the-settings-file)
  });

  it('describes itself as OpenAPI 3.1 with every route path of docs/api-guide.md#endpoints', async () => {
    const response = await t.fetch('/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toMatch(/^3\.1\./);
    // docs/api-guide.md#endpoints writes {t}; any parameter name is the same path.
    const normalize = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
    const described = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${normalize(path)}`),
      ),
    );
    const contract = [
      'GET /healthz',
      'GET /api/v1/fields',
      'GET /api/v1/tenants/{t}',
      'GET /api/v1/tenants/{t}/users/export',
      'GET /api/v1/tenants/{t}/template',
      'GET /api/v1/tenants/{t}/import-settings',
      'GET /api/v1/import-settings.schema.json',
      'POST /api/v1/tenants/{t}/imports/preview',
      'POST /api/v1/tenants/{t}/imports',
      'GET /api/v1/tenants/{t}/imports/{id}',
      'GET /api/v1/tenants/{t}/imports/{id}/report',
      'POST /api/v1/tenants/{t}/imports/{id}/cancel',
      'POST /api/v1/tenants/{t}/users/send-access-link',
    ];
    for (const route of contract) expect(described, route).toContain(normalize(route));
    // The upload routes describe their multipart body (the handler reads it itself, so no validator does).
    const uploadPaths = Object.keys(document.paths).filter((path) => /\/imports(\/preview)?$/.test(path));
    expect(uploadPaths).toHaveLength(2);
    for (const [path, methods] of Object.entries(document.paths)) {
      if (!uploadPaths.includes(path)) continue;
      const post = methods.post as {
        requestBody: { content: Record<string, { schema: { required: string[]; properties: object } }> };
      };
      const form = post.requestBody.content['multipart/form-data']!.schema;
      expect(form.required, path).toEqual(['file']);
      // The import also names the preview it follows.
      expect(Object.keys(form.properties), path).toEqual(
        path.endsWith('/preview')
          ? ['file', 'settings', 'corrections']
          : ['file', 'settings', 'corrections', 'previewId'],
      );
    }
  });

  it('serves /docs as HTML whose scripts and styles load from the proxy itself (no CDN)', async () => {
    const response = await t.fetch('/docs', { token: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\/\/(cdn|unpkg|jsdelivr)/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset.startsWith('/'), asset).toBe(true);
      const loaded = await t.fetch(asset, { token: null });
      expect(loaded.status, asset).toBe(200);
      const body = await loaded.text();
      expect(body.length, asset).toBeGreaterThan(10);
      if (asset.endsWith('init.js')) {
        expect(body).toContain('/openapi.json');
        expect(body).not.toMatch(/https?:\/\//);
      }
    }
  });
});
