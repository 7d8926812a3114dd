import { describe, expect, it } from 'vitest';
import { startTestTenant, useTestTenant, type ScimListJson } from './tenant-test-client.ts';
import {
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  PORTATOUR_USER_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
} from './scim-uris.ts';

const t = useTestTenant();

interface SchemaJson {
  id: string;
  attributes: { name: string; mutability: string; subAttributes?: { name: string }[] }[];
}

describe('tenant info and SCIM discovery (test/stand-in-tenant/README.md, RFC 7644 §4)', () => {
  it('describes the four seeded tenants with licenses and host system', async () => {
    const expected = {
      demo: { licenses: 25, hostSystem: null },
      solo: { licenses: 1, hostSystem: null },
      sfdc: { licenses: 50, hostSystem: 'salesforce' },
      dyn: { licenses: 50, hostSystem: 'dynamics' },
    };
    for (const [id, shape] of Object.entries(expected)) {
      const response = await t.request<Record<string, unknown>>('GET', `/t/${id}/tenant`, {
        token: `${id}-admin-token`,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id, ...shape });
      expect(typeof response.body.name).toBe('string');
    }
  });

  it('announces patch, bulk limits, filter limits, no etag and no sort in ServiceProviderConfig', async () => {
    const response = await t.scim<Record<string, unknown>>('GET', '/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/scim+json');
    expect(response.body).toMatchObject({
      schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 10485760 },
      filter: { supported: true, maxResults: 5000 },
      etag: { supported: false },
      sort: { supported: false },
    });
  });

  it('lists the core, enterprise and portatour schemas and serves each by id', async () => {
    const list = await t.scim<ScimListJson<SchemaJson>>('GET', '/Schemas');
    expect(list.body.Resources.map((schema) => schema.id)).toEqual([
      CORE_USER_SCHEMA,
      ENTERPRISE_USER_SCHEMA,
      PORTATOUR_USER_SCHEMA,
    ]);
    const portatour = await t.scim<SchemaJson>('GET', `/Schemas/${PORTATOUR_USER_SCHEMA}`);
    expect(portatour.status).toBe(200);
    const attributes = Object.fromEntries(
      portatour.body.attributes.map((attribute) => [attribute.name, attribute]),
    );
    expect(Object.keys(attributes)).toEqual([
      'authorizationLevel',
      'hasOwnSchedule',
      'userGroups',
      'note',
      'accessLinkSentAt',
      'lastLoginAt',
    ]);
    expect(attributes.accessLinkSentAt?.mutability).toBe('readOnly');
    const core = await t.scim<SchemaJson>('GET', `/Schemas/${CORE_USER_SCHEMA}`);
    expect(core.body.attributes.find((attribute) => attribute.name === 'userName')?.mutability).toBe(
      'readOnly',
    );
    expect((await t.scim('GET', '/Schemas/urn:nothing')).status).toBe(404);
  });

  it('describes the User resource type with both extensions', async () => {
    const response = await t.scim<ScimListJson<Record<string, unknown>>>('GET', '/ResourceTypes');
    expect(response.body.Resources[0]).toMatchObject({
      id: 'User',
      endpoint: '/Users',
      schema: CORE_USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE_USER_SCHEMA, required: false },
        { schema: PORTATOUR_USER_SCHEMA, required: false },
      ],
    });
  });

  it('seeds demo with 12 users: 10 with own schedule, 2 office staff, one deactivated field user', async () => {
    const users = t.tenant.store.listUsers('demo');
    expect(users).toHaveLength(12);
    expect(users.filter((user) => user.hasOwnSchedule)).toHaveLength(10);
    expect(users.filter((user) => !user.active && user.hasOwnSchedule)).toHaveLength(1);
    expect(users.some((user) => user.employeeNumber !== null && user.mobilePhone !== null)).toBe(true);
    expect(users.some((user) => user.userGroups.length > 0 && user.homeCity !== null)).toBe(true);
    expect(t.tenant.store.listUsers('solo')).toHaveLength(1);
    expect(t.tenant.store.listUsers('sfdc')).toHaveLength(20);
    expect(t.tenant.store.listUsers('dyn')).toHaveLength(20);
    const fieldUser = users.find((user) => user.hasOwnSchedule);
    expect(t.tenant.store.scheduleData('demo', fieldUser?.id ?? '')?.customers).toBeGreaterThan(0);
  });

  it('seeds the same ids every time (deterministic seed)', async () => {
    const other = await startTestTenant();
    try {
      expect(other.tenant.store.listUsers('demo').map((user) => [user.id, user.userName])).toEqual(
        t.tenant.store.listUsers('demo').map((user) => [user.id, user.userName]),
      );
    } finally {
      await other.tenant.close();
    }
  });
});
