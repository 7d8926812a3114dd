import { describe, expect, it } from 'vitest';
import { newUserBody, patchBody, useTestTenant, type ScimErrorJson } from './tenant-test-client.ts';
import { BULK_REQUEST_MESSAGE, BULK_RESPONSE_MESSAGE, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

const t = useTestTenant();

interface BulkResponseJson {
  schemas: string[];
  Operations: {
    method: string;
    bulkId?: string;
    location?: string;
    status: string;
    response?: ScimErrorJson;
  }[];
}

const bulk = (operations: unknown[], extra: Record<string, unknown> = {}) =>
  t.scim<BulkResponseJson & ScimErrorJson>('POST', '/Bulk', {
    body: { schemas: [BULK_REQUEST_MESSAGE], Operations: operations, ...extra },
  });

const officeUser = (email: string) =>
  newUserBody(email, { [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false } });

describe('POST /Bulk (RFC 7644 §3.7)', () => {
  it('applies POST, PATCH and PUT operations and keeps the successes when others fail', async () => {
    const anna = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com');
    const writesBefore = t.tenant.store.countWrites('demo');
    const response = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'b1', data: officeUser('bulk.one@example.com') },
      { method: 'POST', path: '/Users', bulkId: 'b2', data: officeUser('anna.schmidt@example.com') },
      {
        method: 'PATCH',
        path: `/Users/${anna?.id ?? ''}`,
        data: patchBody({ op: 'replace', path: 'active', value: false }),
      },
      { method: 'PUT', path: '/Users/u0000000000000000', data: officeUser('ghost@example.com') },
      { method: 'POST', path: '/Users', bulkId: 'b3', data: { schemas: [] } },
      { method: 'POST', path: '/Users', bulkId: 'b4', data: officeUser('bulk.four@example.com') },
    ]);
    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual([BULK_RESPONSE_MESSAGE]);
    expect(response.body.Operations.map((operation) => operation.status)).toEqual([
      '201',
      '409',
      '200',
      '404',
      '400',
      '201',
    ]);
    expect(response.body.Operations[0]).toMatchObject({ method: 'POST', bulkId: 'b1' });
    expect(response.body.Operations[0]?.location).toMatch(/\/t\/demo\/scim\/v2\/Users\/u[0-9a-f]{16}$/);
    expect(response.body.Operations[1]?.response).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.one@example.com')).toBeDefined();
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.four@example.com')).toBeDefined();
    expect(t.tenant.store.getUser('demo', anna?.id ?? '')?.active).toBe(false);
    expect(t.tenant.store.countWrites('demo')).toBe(writesBefore + 3);
    expect(t.tenant.store.statsFor('demo').bulkRequests).toBe(1);
  });

  it('resolves bulkId references to users created earlier in the request', async () => {
    const response = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'new', data: officeUser('bulk.ref@example.com') },
      {
        method: 'PATCH',
        path: '/Users/bulkId:new',
        data: patchBody({ op: 'replace', path: 'name.givenName', value: 'Referenced' }),
      },
      {
        method: 'PATCH',
        path: '/Users/bulkId:unknown',
        data: patchBody({ op: 'replace', path: 'active', value: true }),
      },
    ]);
    expect(response.body.Operations.map((operation) => operation.status)).toEqual(['201', '200', '409']);
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.ref@example.com')?.givenName).toBe('Referenced');
  });

  it('stops after failOnErrors errors and reports only the operations it processed', async () => {
    const response = await bulk(
      [
        { method: 'POST', path: '/Users', bulkId: 'a', data: officeUser('anna.schmidt@example.com') },
        { method: 'POST', path: '/Users', bulkId: 'b', data: officeUser('anna.schmidt@example.com') },
        { method: 'POST', path: '/Users', bulkId: 'c', data: officeUser('never.applied@example.com') },
      ],
      { failOnErrors: 2 },
    );
    expect(response.body.Operations).toHaveLength(2);
    expect(t.tenant.store.getUserByEmail('demo', 'never.applied@example.com')).toBeUndefined();
  });

  it('refuses DELETE operations with 405, a POST without bulkId, and a wrong path with 400', async () => {
    const anna = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com');
    const response = await bulk([
      { method: 'DELETE', path: `/Users/${anna?.id ?? ''}` },
      { method: 'POST', path: '/Users', data: officeUser('no.bulk.id@example.com') },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: {} },
    ]);
    expect(response.body.Operations.map((operation) => operation.status)).toEqual(['405', '400', '400']);
    expect(t.tenant.store.getUser('demo', anna?.id ?? '')).toBeDefined();
  });

  it('refuses more than 1000 operations with 413 and applies none', async () => {
    const operations = Array.from({ length: 1001 }, (_, index) => ({
      method: 'POST',
      path: '/Users',
      bulkId: `x${index}`,
      data: officeUser(`too.many.${index}@example.com`),
    }));
    const response = await bulk(operations);
    expect(response.status).toBe(413);
    expect(t.tenant.store.getUserByEmail('demo', 'too.many.0@example.com')).toBeUndefined();
  });

  it('refuses a payload over 10 MB with 413', async () => {
    const response = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'big', data: { padding: 'x'.repeat(10_500_000) } },
    ]);
    expect(response.status).toBe(413);
    expect(response.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('refuses a request without the BulkRequest schema with 400 invalidSyntax', async () => {
    const response = await t.scim<ScimErrorJson>('POST', '/Bulk', { body: { Operations: [] } });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
  });

  it('creates 1000 users in one request', async () => {
    t.tenant.store.setLicenses('demo', 5000);
    const started = performance.now();
    const response = await bulk(
      Array.from({ length: 1000 }, (_, index) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `n${index}`,
        data: newUserBody(`bulk.many.${index}@example.com`),
      })),
    );
    console.log(`bulk of 1000 creates: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    expect(response.body.Operations.every((operation) => operation.status === '201')).toBe(true);
    expect(t.tenant.store.getTenant('demo')?.licensedUsers).toBe(1010);
  });
});
