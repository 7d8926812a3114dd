import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newUserBody,
  patchBody,
  startTestTenant,
  type ScimErrorJson,
  type ScimListJson,
  type TestTenant,
} from './tenant-test-client.ts';
import { BULK_REQUEST_MESSAGE, ERROR_MESSAGE } from './scim-uris.ts';

let t: TestTenant;
let someUserId: string;

beforeAll(async () => {
  t = await startTestTenant();
  const users = await t.scim<ScimListJson>('GET', '/Users?count=1');
  someUserId = users.body.Resources[0]?.id ?? '';
});
afterAll(() => t.tenant.close());

/** Every API path of test/stand-in-tenant/README.md (all admin-only), with a body where the method needs one. */
const apiPaths = (tenant: string): { method: string; path: string; body?: unknown }[] => [
  { method: 'GET', path: `/t/${tenant}/tenant` },
  { method: 'GET', path: `/t/${tenant}/scim/v2/ServiceProviderConfig` },
  { method: 'GET', path: `/t/${tenant}/scim/v2/Schemas` },
  { method: 'GET', path: `/t/${tenant}/scim/v2/ResourceTypes` },
  { method: 'GET', path: `/t/${tenant}/scim/v2/Users` },
  { method: 'GET', path: `/t/${tenant}/scim/v2/Users/${someUserId}` },
  { method: 'POST', path: `/t/${tenant}/scim/v2/Users`, body: newUserBody('auth.matrix@example.com') },
  {
    method: 'PUT',
    path: `/t/${tenant}/scim/v2/Users/${someUserId}`,
    body: newUserBody('auth.matrix@example.com'),
  },
  {
    method: 'PATCH',
    path: `/t/${tenant}/scim/v2/Users/${someUserId}`,
    body: patchBody({ op: 'replace', path: 'active', value: true }),
  },
  { method: 'DELETE', path: `/t/${tenant}/scim/v2/Users/${someUserId}` },
  {
    method: 'POST',
    path: `/t/${tenant}/scim/v2/Bulk`,
    body: { schemas: [BULK_REQUEST_MESSAGE], Operations: [] },
  },
  { method: 'POST', path: `/t/${tenant}/users/${someUserId}/access-link` },
];

describe('authentication and authorization of the user API (test/stand-in-tenant/README.md)', () => {
  it('answers 401 with a SCIM error on every API path without a token', async () => {
    for (const { method, path, body } of apiPaths('demo')) {
      const response = await t.request<ScimErrorJson>(method, path, { token: null, body });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.schemas).toEqual([ERROR_MESSAGE]);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('answers 401 on every API path for an unknown token, Bearer or Basic', async () => {
    for (const { method, path, body } of apiPaths('demo')) {
      expect(
        (await t.request(method, path, { token: 'no-such-token', body })).status,
        `${method} ${path}`,
      ).toBe(401);
      const basic = `Basic ${Buffer.from('anyone:no-such-token').toString('base64')}`;
      expect(
        (await t.request(method, path, { token: null, body, headers: { Authorization: basic } })).status,
      ).toBe(401);
    }
  });

  it('refuses a member who is not an administrator with 403 on every API path', async () => {
    for (const { method, path, body } of apiPaths('demo')) {
      const response = await t.request<ScimErrorJson>(method, path, { token: 'demo-user-token', body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.status).toBe('403');
    }
  });

  it("refuses another tenant's administrator with 403 on every API path", async () => {
    for (const { method, path, body } of apiPaths('demo')) {
      expect(
        (await t.request(method, path, { token: 'sfdc-admin-token', body })).status,
        `${method} ${path}`,
      ).toBe(403);
    }
  });

  it('answers 404 for an unknown tenant to a valid token', async () => {
    for (const { method, path, body } of apiPaths('nowhere')) {
      expect((await t.request(method, path, { body })).status, `${method} ${path}`).toBe(404);
    }
  });

  it("accepts the tenant's administrator as Bearer and as Basic with any user name", async () => {
    expect((await t.request('GET', '/t/demo/tenant')).status).toBe(200);
    const basic = `Basic ${Buffer.from('whoever:demo-admin-token').toString('base64')}`;
    expect(
      (await t.request('GET', '/t/demo/tenant', { token: null, headers: { Authorization: basic } })).status,
    ).toBe(200);
    for (const tenant of ['solo', 'sfdc', 'dyn']) {
      expect((await t.request('GET', `/t/${tenant}/tenant`, { token: `${tenant}-admin-token` })).status).toBe(
        200,
      );
    }
  });

  it('serves the HTML page without a token (opening it is the sign-in)', async () => {
    expect((await t.request('GET', '/t/demo/users', { token: null })).status).toBe(200);
  });
});
