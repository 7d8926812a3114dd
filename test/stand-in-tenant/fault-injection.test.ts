import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  newUserBody,
  patchBody,
  startTestTenant,
  type ScimErrorJson,
  type TestTenant,
} from './tenant-test-client.ts';
import { BULK_REQUEST_MESSAGE, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

let t: TestTenant;
let counter = 0;
beforeAll(async () => {
  t = await startTestTenant({ faultInjection: true });
});
afterEach(async () => {
  await t.request('DELETE', '/__test/faults', { token: null });
});
afterAll(() => t.tenant.close());

const setFaults = async (faults: unknown) => {
  const response = await t.request('POST', '/__test/faults', { token: null, body: faults });
  expect(response.status).toBe(200);
};
const stats = async (tenant = 'demo') =>
  (
    await t.request<{ writes: number; reads: number; bulkRequests: number }>(
      'GET',
      `/__test/stats?tenant=${tenant}`,
      { token: null },
    )
  ).body;
const createOffice = (tenant = 'demo') => {
  counter++;
  return t.scim<ScimErrorJson & { id: string }>('POST', '/Users', {
    tenant,
    token: `${tenant}-admin-token`,
    body: newUserBody(`fault.${counter}@example.com`, { [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false } }),
  });
};

describe('test-only fault injection (test/stand-in-tenant/README.md)', () => {
  it('is not served unless enabled', async () => {
    const plain = await startTestTenant();
    try {
      expect(
        (await plain.request('POST', '/__test/faults', { token: null, body: { down: true } })).status,
      ).toBe(404);
      expect((await plain.request('GET', '/__test/stats?tenant=demo', { token: null })).status).toBe(404);
    } finally {
      await plain.tenant.close();
    }
  });

  it('counts writes, reads and bulk requests per tenant', async () => {
    const before = await stats();
    await createOffice();
    await t.scim('GET', '/Users');
    await t.scim('GET', '/Users?count=0');
    await t.scim('POST', '/Bulk', {
      body: {
        schemas: [BULK_REQUEST_MESSAGE],
        Operations: [
          {
            method: 'POST',
            path: '/Users',
            bulkId: 'a',
            data: newUserBody('stats.a@example.com', { [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false } }),
          },
          {
            method: 'POST',
            path: '/Users',
            bulkId: 'b',
            data: newUserBody('stats.b@example.com', { [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false } }),
          },
        ],
      },
    });
    expect(await stats()).toMatchObject({
      writes: before.writes + 3,
      reads: before.reads + 2,
      bulkRequests: before.bulkRequests + 1,
    });
    expect((await stats('sfdc')).writes).toBe(0);
  });

  it('fails the nth write (and count following) with the given status and Retry-After', async () => {
    await setFaults({ failWrites: { nth: 2, count: 2, status: 503, retryAfterSeconds: 7 } });
    const writes = (await stats()).writes;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await createOffice());
    expect(results.map((response) => response.status)).toEqual([201, 503, 503, 201]);
    expect(results[1]?.headers.get('retry-after')).toBe('7');
    expect(results[1]?.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect((await stats()).writes).toBe(writes + 2);
  });

  it('fails an operation inside /Bulk with its own status and applies the others', async () => {
    await setFaults({ failWrites: { nth: 2, status: 429, retryAfterSeconds: 1 } });
    const response = await t.scim<{ Operations: { status: string; response?: ScimErrorJson }[] }>(
      'POST',
      '/Bulk',
      {
        body: {
          schemas: [BULK_REQUEST_MESSAGE],
          Operations: ['x', 'y', 'z'].map((suffix) => ({
            method: 'POST',
            path: '/Users',
            bulkId: suffix,
            data: newUserBody(`bulk.fault.${suffix}@example.com`, {
              [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false },
            }),
          })),
        },
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.Operations.map((operation) => operation.status)).toEqual(['201', '429', '201']);
    expect(response.body.Operations[1]?.response?.detail).toContain('retry after 1 s');
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.fault.y@example.com')).toBeUndefined();
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.fault.z@example.com')).toBeDefined();
  });

  it('limits faults to one tenant when asked', async () => {
    await setFaults({ tenant: 'dyn', failWrites: { nth: 1, count: 100, status: 500 } });
    expect((await createOffice('demo')).status).toBe(201);
    expect((await createOffice('dyn')).status).toBe(500);
  });

  it('answers 503 to every request while down, except /__test', async () => {
    await setFaults({ down: true });
    expect((await t.scim('GET', '/Users')).status).toBe(503);
    expect((await t.request('GET', '/t/demo/tenant')).status).toBe(503);
    expect((await t.request('GET', '/t/demo/users', { token: null })).status).toBe(503);
    expect((await t.request('GET', '/__test/stats?tenant=demo', { token: null })).status).toBe(200);
    await t.request('DELETE', '/__test/faults', { token: null });
    expect((await t.scim('GET', '/Users')).status).toBe(200);
  });

  it('destroys the connection of the nth write without applying it', async () => {
    await setFaults({ resetConnectionOnNthWrite: 1 });
    counter++;
    const email = `reset.${counter}@example.com`;
    await expect(
      t.scim('POST', '/Users', {
        body: newUserBody(email, { [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false } }),
      }),
    ).rejects.toThrow();
    expect(t.tenant.store.getUserByEmail('demo', email)).toBeUndefined();
    expect((await createOffice()).status).toBe(201);
  });

  it('keeps the /Bulk operations before a connection reset applied', async () => {
    await setFaults({ resetConnectionOnNthWrite: 2 });
    await expect(
      t.scim('POST', '/Bulk', {
        body: {
          schemas: [BULK_REQUEST_MESSAGE],
          Operations: ['r1', 'r2', 'r3'].map((suffix) => ({
            method: 'POST',
            path: '/Users',
            bulkId: suffix,
            data: newUserBody(`bulk.reset.${suffix}@example.com`, {
              [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false },
            }),
          })),
        },
      }),
    ).rejects.toThrow();
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.reset.r1@example.com')).toBeDefined();
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.reset.r2@example.com')).toBeUndefined();
    expect(t.tenant.store.getUserByEmail('demo', 'bulk.reset.r3@example.com')).toBeUndefined();
  });

  it('makes writes hang for hangWritesMs, single and per /Bulk operation', async () => {
    await setFaults({ hangWritesMs: 150 });
    let started = performance.now();
    expect((await createOffice()).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const user = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com');
    started = performance.now();
    const response = await t.scim<{ Operations: { status: string }[] }>('POST', '/Bulk', {
      body: {
        schemas: [BULK_REQUEST_MESSAGE],
        Operations: [1, 2].map(() => ({
          method: 'PATCH',
          path: `/Users/${user?.id ?? ''}`,
          data: patchBody({ op: 'replace', path: 'active', value: true }),
        })),
      },
    });
    expect(response.body.Operations.map((operation) => operation.status)).toEqual(['200', '200']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('does not wait for hanging writes when the server closes', async () => {
    const other = await startTestTenant({ faultInjection: true });
    await other.request('POST', '/__test/faults', { token: null, body: { hangWritesMs: 600_000 } });
    const pending = other
      .scim('POST', '/Users', { body: newUserBody('hang@example.com') })
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await other.tenant.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('refuses invalid fault settings with 400', async () => {
    const response = await t.request<ScimErrorJson>('POST', '/__test/faults', {
      token: null,
      body: { failWrites: { nth: 0, status: 418 } },
    });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('failWrites');
  });

  it('reseeds everything on POST /__test/reset', async () => {
    await createOffice();
    const response = await t.request('POST', '/__test/reset', { token: null });
    expect(response.status).toBe(200);
    expect(t.tenant.store.listUsers('demo')).toHaveLength(12);
    expect(await stats()).toMatchObject({ writes: 0, reads: 0, bulkRequests: 0 });
  });
});
