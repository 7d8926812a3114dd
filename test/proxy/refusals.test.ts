// Who may do what, and the public routes (docs/api-guide.md#endpoints): every refusal is an RFC 9457 problem over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { fieldCatalogueSchema } from '../../shared/api/field-catalogue-schema.ts';
import { tenantSummarySchema } from '../../shared/api/tenant-schema.ts';
import { companyRoutes, publicClient } from '../support/proxy-client.ts';
import { expectProblem, readAnswer } from '../support/proxy-assertions.ts';

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
  const company = companyRoutes(t.client(undefined, token));
  const param = { tenant };
  const file = { bytes: SMALL_CSV, name: 'u.csv' };
  return [
    { name: 'export', send: () => company.users.export.$get({ param, query: { format: 'csv' } }) },
    { name: 'template', send: () => company.template.$get({ param, query: { format: 'xlsx' } }) },
    { name: 'import-settings', send: () => company['import-settings'].$get({ param }) },
    { name: 'preview', send: () => t.preview(file, { tenant, token }) },
    { name: 'imports', send: () => t.startImport(file, { tenant, token }) },
  ];
}

/** GET /api/v1/tenants/{tenant} with `token`. */
const summaryOf = (tenant: string, token: string | null = 'demo-admin-token') =>
  companyRoutes(t.client(undefined, token)).$get({ param: { tenant } });

describe('authentication and authorization', () => {
  it('refuses a request without a token with 401 on every tenant call', async () => {
    for (const call of tenantCalls('demo', null)) {
      await expectProblem(await call.send(), 401, 'unauthorized');
    }
    await expectProblem(await summaryOf('demo', null), 401, 'unauthorized');
  });

  it('refuses an unknown token with 401', async () => {
    for (const call of tenantCalls('demo', 'no-such-token')) {
      await expectProblem(await call.send(), 401, 'unauthorized');
    }
  });

  it('refuses a Basic header with garbage and a header that is not Bearer/Basic with 401', async () => {
    // Raw on purpose: the typed client only sends Bearer tokens.
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
      const body = await readAnswer(await summaryOf(tenant, token), 200, tenantSummarySchema);
      expect(body.id).toBe(tenant);
      expect(body.hostSystem).toBe(hostSystem);
      expect(body.licenses.total).toBe(total);
      expect(body.importExport).toMatchObject({ available: false, reason });
    }
  });

  it('answers GET /api/v1/tenants/demo with its licenses (25 total, 10 used) and importExport.available:true', async () => {
    expect(await readAnswer(await summaryOf('demo'), 200, tenantSummarySchema)).toMatchObject({
      id: 'demo',
      licenses: { total: 25, used: 10, free: 15 },
      hostSystem: null,
      importExport: { available: true, reason: null },
    });
  });

  it('answers an unknown tenant with a problem, not a 500', async () => {
    const response = await companyRoutes(t.client()).users.export.$get({
      param: { tenant: 'nosuchcompany' },
      query: {},
    });
    expect([401, 403, 404]).toContain(response.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('public routes', () => {
  it('answers an unknown path with a 404 problem', async () => {
    // Raw: paths no route has.
    await expectProblem(await t.fetch('/no/such/path', { token: null }), 404, 'not-found');
    await expectProblem(await t.fetch('/api/v1/nothing-here', { token: null }), 404, 'not-found');
  });

  it('answers /healthz with {"status":"ok"} without a token', async () => {
    const response = await publicClient(t.proxy.url).healthz.$get();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the 19 fields of docs/api-guide.md#fields with English and German headers and info texts, without a token', async () => {
    const { fields } = await readAnswer(
      await publicClient(t.proxy.url).api.v1.fields.$get(),
      200,
      fieldCatalogueSchema,
    );
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
    const response = await t.client(undefined, null).api.v1['import-settings.schema.json'].$get();
    // A JSON Schema document: its own members, read as such (the route declares any JSON object).
    const schema = await readAnswer(
      response,
      200,
      z.looseObject({
        $schema: z.string(),
        type: z.string(),
        properties: z.record(z.string(), z.unknown()),
        additionalProperties: z.unknown(),
      }),
    );
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
    // The description and its viewer are served beside the API, outside the typed route tree.
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
          ? ['file', 'settings', 'corrections', 'overrides']
          : ['file', 'settings', 'corrections', 'overrides', 'previewId'],
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
