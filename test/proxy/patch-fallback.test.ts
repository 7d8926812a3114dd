// A user API whose discovery says PATCH is supported but that answers 405 or 501 to it at runtime: the refused
// updates are sent again as PUT, the rest of the job uses PUT, and the job says so in its notices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { jobOfWaitAnswer, toCsv } from '../support/proxy-assertions.ts';

describe.each([
  { via: 'single requests', bulk: false, status: 405 as const },
  { via: '/Bulk', bulk: true, status: 501 as const },
])('PATCH refused with $status at runtime, writing through $via', ({ bulk, status }) => {
  let t: ProxyUnderTest;
  beforeAll(async () => {
    t = await startProxyUnderTest({ tenant: { bulk } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends the refused updates again as PUT, uses PUT for the rest of the job and says so', async () => {
    const users = t.tenant.store.listUsers('demo');
    expect(users).toHaveLength(12);
    const file = toCsv([['Email', 'Note'], ...users.map((u, i) => [u.email, `per PUT ${i}`])]);
    const before = await t.stats();
    await t.setFaults({ tenant: 'demo', refusePatch: status });

    const job = await jobOfWaitAnswer(await t.startImport({ bytes: file, name: 'notes.csv' }));
    const after = await t.stats();
    await t.clearFaults();
    expect(job.status).toBe('succeeded');
    expect(job.results).toMatchObject({ updated: 12, failed: 0 });
    expect(job.notices).toContain(
      `The user API answered ${status} to PATCH although it says it supports PATCH: the updates of this import were sent again as PUT (the whole user), and so were the rest.`,
    );
    for (const [i, user] of users.entries())
      expect(t.tenant.store.getUser('demo', user.id)?.note).toBe(`per PUT ${i}`);
    expect(after.writes - before.writes).toBe(12);
    const refused = after.injectedFailures - before.injectedFailures;
    // Without /Bulk the first batch is 8 requests at once (the job's concurrency); the second batch is PUT only.
    if (!bulk) expect(refused).toBe(8);
    else expect(refused).toBe(12);
  });
});
