import { describe, expect, it } from 'vitest';
import { useTestTenant, type ScimListJson } from './tenant-test-client.ts';

const t = useTestTenant();

const USERS = 100_000;

describe('100,000 users per tenant (benchmark scale)', () => {
  it('seeds 100,000 users in one transaction and reads them all back page by page over HTTP', async () => {
    t.tenant.store.putTenant({
      id: 'bench',
      name: 'Benchmark AG',
      licenses: 200_000,
      hostSystem: null,
      defaultLanguage: 'en',
      adminToken: 'bench-admin-token',
      userToken: null,
    });
    let started = performance.now();
    const ids = t.tenant.store.seedUsers('bench', USERS, (index) => ({ hasOwnSchedule: index % 2 === 0 }));
    const seedSeconds = (performance.now() - started) / 1000;
    expect(ids).toHaveLength(USERS);
    expect(t.tenant.store.getTenant('bench')?.licensedUsers).toBe(USERS / 2);

    started = performance.now();
    const seen = new Set<string>();
    let pages = 0;
    for (let startIndex = 1; ;) {
      const page = await t.scim<ScimListJson>('GET', `/Users?startIndex=${startIndex}&count=5000`, {
        tenant: 'bench',
        token: 'bench-admin-token',
      });
      expect(page.status).toBe(200);
      expect(page.body.totalResults).toBe(USERS);
      for (const user of page.body.Resources) seen.add(user.id);
      pages++;
      startIndex += page.body.Resources.length;
      if (page.body.Resources.length === 0 || startIndex > page.body.totalResults) break;
    }
    const readSeconds = (performance.now() - started) / 1000;
    console.log(
      `seedUsers(${USERS}): ${seedSeconds.toFixed(2)} s; full paged read (${pages} pages of 5000): ${readSeconds.toFixed(2)} s`,
    );
    expect(seen.size).toBe(USERS);
    expect([...seen]).toEqual(ids);

    started = performance.now();
    const license = await t.scim<ScimListJson>(
      'GET',
      `/Users?count=0&filter=${encodeURIComponent('urn:portatour:params:scim:schemas:extension:portatour:2.0:User:hasOwnSchedule eq true')}`,
      { tenant: 'bench', token: 'bench-admin-token' },
    );
    const last = t.tenant.store.getUser('bench', ids.at(-1) ?? '');
    const lookup = await t.scim<ScimListJson>(
      'GET',
      `/Users?filter=${encodeURIComponent(`emails.value eq "${last?.email.toUpperCase() ?? ''}"`)}`,
      { tenant: 'bench', token: 'bench-admin-token' },
    );
    console.log(
      `license count + e-mail lookup at 100,000 users: ${((performance.now() - started) / 1000).toFixed(3)} s`,
    );
    expect(license.body.totalResults).toBe(USERS / 2);
    expect(lookup.body.Resources.map((user) => user.id)).toEqual([last?.id]);
  });
});
