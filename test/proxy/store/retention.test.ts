// Personal data is kept only for the retention period, on both engines: a job's per-row cells go, its counts
// stay; the audit keeps who, when, which user and which fields, and loses the values.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../proxy/store/retention.ts';
import { ENGINES, useStoreEngine } from '../../support/store-engines.ts';
import { createJob, finishedJob } from '../../support/store-fixtures.ts';

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe.each(ENGINES)('retention on %s', (engine) => {
  const engines = useStoreEngine(engine);

  it('deletes the rows of jobs finished before the period and keeps their counts; newer and running jobs keep all', async () => {
    const store = await engines.open();
    await finishedJob(store, 'old', daysAgo(31));
    await finishedJob(store, 'recent', daysAgo(29));
    // Started long ago and still running (its instance renews the lease): nothing is deleted under it.
    await createJob(store, 'running', { now: daysAgo(40) });
    await store.jobs.start('running', daysAgo(40));

    const purged = await store.purgeExpired(30, NOW);
    expect(purged).toEqual({ jobs: 1, rows: 3, auditEntries: 0, previews: 0 });

    const old = await store.jobs.get('old');
    expect(old).toMatchObject({
      status: 'succeeded',
      progress: { total: 2, done: 2, failed: 0 },
      summary: { rows: 3, create: 2, unchanged: 1 },
      createdUserIds: [],
      // Counted when the job ended, so they outlive its rows.
      results: { created: 2, unchanged: 1, failed: 0, notAttempted: 0 },
    });
    expect(old?.rowsDeletedAt).toBe(NOW.toISOString());
    expect([...(await store.jobs.reportRows('old'))]).toEqual([]);
    expect([...(await store.jobs.reportRows('recent'))]).toHaveLength(3);
    expect([...(await store.jobs.reportRows('running'))]).toHaveLength(3);
    // Once is enough: a second purge finds nothing new.
    expect(await store.purgeExpired(30, NOW)).toEqual({ jobs: 0, rows: 0, auditEntries: 0, previews: 0 });
  });

  it("drops the audit's values after the period and keeps who, when, which user and which fields", async () => {
    const store = await engines.open();
    const entry = (userId: string) => ({
      tenant: 'demo',
      actor: 'token-fp',
      jobId: 'job-1',
      userId,
      action: 'updated' as const,
      changes: [
        { field: 'phone', from: '+49 1', to: '+49 2' },
        { field: 'homeStreet', from: 'Alte Str. 1', to: 'Neue Str. 2' },
      ],
    });
    await store.audit.record([entry('old-user')], daysAgo(31));
    await store.audit.record([entry('new-user')], daysAgo(1));

    expect((await store.purgeExpired(30, NOW)).auditEntries).toBe(1);

    const [recent, old] = await store.audit.list('demo', { limit: 10 });
    expect(recent).toMatchObject({ userId: 'new-user', changes: entry('new-user').changes });
    expect(old).toEqual({
      id: old!.id,
      at: daysAgo(31).toISOString(),
      tenant: 'demo',
      actor: 'token-fp',
      jobId: 'job-1',
      userId: 'old-user',
      action: 'updated',
      changes: [{ field: 'phone' }, { field: 'homeStreet' }],
    });
    expect(JSON.stringify(old)).not.toMatch(/Str\.|\+49/);
  });

  it('applies a shorter period as configured (JOB_RETENTION_DAYS)', async () => {
    const store = await engines.open();
    await finishedJob(store, 'two-days', daysAgo(2));
    expect((await store.purgeExpired(30, NOW)).jobs).toBe(0);
    expect((await store.purgeExpired(1, NOW)).jobs).toBe(1);
  });

  it("expires a preview's record of user versions: an import can no longer name it, and the purge deletes it", async () => {
    const store = await engines.open();
    const record = (id: string, expiresAt: Date) => ({
      id,
      tenant: 'demo',
      previewedAt: daysAgo(2).toISOString(),
      expiresAt: expiresAt.toISOString(),
      versions: new Map([['u-1', 'W/"3"']]),
    });
    await store.previews.save(record('old', daysAgo(1)));
    await store.previews.save(record('fresh', new Date(NOW.getTime() + DAY_MS)));
    expect(await store.previews.get('demo', 'old', NOW)).toBeUndefined();
    expect((await store.previews.get('demo', 'fresh', NOW))?.versions).toEqual(new Map([['u-1', 'W/"3"']]));
    // A preview that saw no user keeps an empty record.
    await store.previews.save({ ...record('empty', new Date(NOW.getTime() + DAY_MS)), versions: new Map() });
    expect((await store.previews.get('demo', 'empty', NOW))?.versions).toEqual(new Map());
    // Another company cannot name it.
    expect(await store.previews.get('acme', 'fresh', NOW)).toBeUndefined();

    expect((await store.purgeExpired(30, NOW)).previews).toBe(1);
    expect((await store.purgeExpired(30, new Date(NOW.getTime() + 2 * DAY_MS))).previews).toBe(2);
  });
});
