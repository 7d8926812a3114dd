// A SCIM server without /Bulk ("uses SCIM /Bulk when the upstream advertises it, single requests
// otherwise"): the same imports, faults and guarantees over one request per user.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { type JobBody, jobOfWaitAnswer, readReport, toCsv } from '../support/proxy-assertions.ts';

const HEADER = ['Email', 'First name', 'Last name', 'Has own schedule'];

let t: ProxyUnderTest;

beforeAll(async () => {
  t = await startProxyUnderTest({ tenant: { bulk: false } });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.resetTenant();
});

function newUsers(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [`single.${i}@example.com`, 'Single', `Nummer ${i}`, 'No']);
}

async function importNow(rows: string[][]): Promise<JobBody> {
  const response = await t.startImport({
    bytes: toCsv([HEADER, ...rows]),
    name: 'users.csv',
  });
  return jobOfWaitAnswer(response);
}

function singleUsers(): string[] {
  return t.tenant.store
    .listUsers('demo')
    .map((u) => u.email)
    .filter((email) => email.startsWith('single.'));
}

describe('a user API without /Bulk', () => {
  it('says so in its ServiceProviderConfig and refuses /Bulk', async () => {
    const auth = { authorization: 'Bearer demo-admin-token' };
    const config = await (
      await fetch(`${t.tenant.url}/t/demo/scim/v2/ServiceProviderConfig`, { headers: auth })
    ).json();
    expect(config.bulk.supported).toBe(false);
    const bulk = await fetch(`${t.tenant.url}/t/demo/scim/v2/Bulk`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(bulk.status).toBe(501);
  });

  it('creates and updates with one request per user and never calls /Bulk', async () => {
    const job = await importNow([...newUsers(25), ['anna.schmidt@example.com', 'Anne', 'Schmidt', 'Yes']]);
    expect(job.status).toBe('succeeded');
    expect(job.progress).toEqual({ total: 26, done: 26, failed: 0 });
    expect(singleUsers()).toHaveLength(25);
    expect(t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com')?.givenName).toBe('Anne');
    const stats = await t.stats();
    expect(stats.bulkRequests).toBe(0);
    expect(stats.writes).toBe(26);
  });

  it('reports a failed write exactly and a re-run writes only the missing row', async () => {
    await t.setFaults({ tenant: 'demo', failWrites: { nth: 4, status: 500 } });
    const first = await importNow(newUsers(8));
    expect(first.status).toBe('partially_failed');
    expect(first.progress).toEqual({ total: 8, done: 8, failed: 1 });
    const outcomes = (await readReport(t, 'demo', first.id)).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(7);
    await t.clearFaults();
    const writesBefore = (await t.stats()).writes;
    const second = await importNow(newUsers(8));
    expect(second.status).toBe('succeeded');
    expect(second.summary).toMatchObject({ create: 1, unchanged: 7 });
    expect((await t.stats()).writes - writesBefore).toBe(1);
    expect(singleUsers()).toHaveLength(8);
  });

  it('does not create a user twice when a connection is reset during a create', async () => {
    await t.setFaults({ tenant: 'demo', resetConnectionOnNthWrite: 2 });
    const job = await importNow(newUsers(5));
    expect(job.status).toBe('succeeded');
    const emails = singleUsers();
    expect(emails).toHaveLength(5);
    expect(new Set(emails).size).toBe(5);
  });
});
