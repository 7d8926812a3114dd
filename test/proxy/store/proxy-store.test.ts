// The proxy's store proves the same rules on both engines: SQLite in DATA_DIR and a real PostgreSQL server.
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { LATEST_VERSION } from '../../../proxy/store/migrations.ts';
import { ENGINES, useStoreEngine } from '../../support/store-engines.ts';
import { createJob, finishedJob, SUMMARY } from '../../support/store-fixtures.ts';

describe.each(ENGINES)('the store on %s', (engine) => {
  const engines = useStoreEngine(engine);

  it('runs every migration on start, once, and is then ready', async () => {
    const store = await engines.open();
    expect(store.engine).toBe(engine);
    expect(await store.ready()).toBe(true);
    // A second instance on the same data finds nothing left to migrate.
    const again = await engines.openAgain();
    expect(await again.ready()).toBe(true);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(2);
    await again.close();
    expect(await again.ready()).toBe(false);
  });

  it('keeps a job with every row, its progress, outcomes and report, readable from another instance', async () => {
    const store = await engines.open();
    await createJob(store, 'job-1');
    await store.jobs.start('job-1');
    await store.jobs.markInFlight('job-1', [0, 1]);
    const { cancelRequested } = await store.jobs.recordOutcomes('job-1', [
      { seq: 0, outcome: 'created', message: null, userId: 'new-0' },
      { seq: 1, outcome: 'conflict', message: 'The e-mail address is taken.', userId: null },
    ]);
    expect(cancelRequested).toBe(false);
    await store.jobs.finish('job-1', 'partially_failed', '1 row(s) failed');

    const other = await engines.openAgain();
    const job = await other.jobs.get('job-1');
    expect(job).toMatchObject({
      tenant: 'demo',
      status: 'partially_failed',
      fileName: 'users.csv',
      progress: { total: 2, done: 2, failed: 1 },
      summary: SUMMARY,
      createdUserIds: ['new-0'],
      message: '1 row(s) failed',
      rowsDeletedAt: null,
    });
    // The counts alone, as the end of a run reads them.
    expect(await other.jobs.progress('job-1')).toEqual({ total: 2, done: 2, failed: 1 });
    expect(await other.jobs.progress('no-such-job')).toBeUndefined();
    expect((await other.jobs.latest('demo'))?.id).toBe('job-1');
    expect(await other.jobs.latest('acme')).toBeUndefined();
    expect(await other.jobs.header('job-1')).toEqual(['Email', 'First name', 'Last name', 'Phone']);
    const rows = [...(await other.jobs.reportRows('job-1'))];
    expect(rows.map((r) => [r.seq, r.outcome, r.userId, r.message])).toEqual([
      [0, 'created', 'new-0', null],
      [1, 'conflict', null, 'The e-mail address is taken.'],
      [2, 'unchanged', 'u9', null],
    ]);
    expect(rows[0]!.cells).toEqual(['ada@example.com', 'Ada', 'L', '+49 1']);
  });

  it('reads a report of 12,000 rows whole and in order', async () => {
    const store = await engines.open();
    const rows = Array.from({ length: 12_000 }, (_, seq) => ({
      seq,
      row: seq + 2,
      action: 'create' as const,
      outcome: 'pending' as const,
      message: null,
      userId: null,
      name: `N ${seq}`,
      email: `n${seq}@example.com`,
      cells: [`n${seq}@example.com`],
    }));
    await store.jobs.create(
      {
        id: 'big',
        tenant: 'demo',
        fileName: 'big.csv',
        total: rows.length,
        summary: SUMMARY,
        header: ['Email'],
      },
      rows,
    );
    const read = [...(await store.jobs.reportRows('big'))];
    expect(read).toHaveLength(12_000);
    expect(read.every((r, i) => r.seq === i && r.cells?.[0] === `n${i}@example.com`)).toBe(true);
  });

  it('passes a cancel asked for on one instance to the instance running the job, between its batches', async () => {
    const store = await engines.open();
    await createJob(store, 'job-c');
    await store.jobs.start('job-c');
    const other = await engines.openAgain();
    expect(await other.jobs.requestCancel('job-c')).toBe(true);
    expect(await store.jobs.cancelRequested('job-c')).toBe(true);
    // Every instance can tell the wizard the job is stopping, before the runner has noticed.
    expect((await other.jobs.get('job-c'))?.cancelling).toBe(true);
    expect((await store.jobs.latest('demo'))?.cancelling).toBe(true);
    const { cancelRequested } = await store.jobs.recordOutcomes('job-c', [
      { seq: 0, outcome: 'created', message: null, userId: 'x' },
    ]);
    expect(cancelRequested).toBe(true);
    // The next batch is not marked in flight (nor sent): the cancel is read just before it would leave.
    expect(await store.jobs.markInFlight('job-c', [1], ['{}'])).toEqual({ cancelRequested: true });
    expect([...(await other.jobs.reportRows('job-c'))][1]?.outcome).toBe('pending');
    await store.jobs.finish('job-c', 'cancelled', 'Cancelled');
    expect(await other.jobs.get('job-c')).toMatchObject({
      status: 'cancelled',
      cancelling: false,
      // What really happened, not the plan: one created, one never reached, one unchanged from the start.
      results: {
        created: 1,
        updated: 0,
        deactivated: 0,
        unchanged: 1,
        skipped: 0,
        invalid: 0,
        failed: 0,
        notAttempted: 1,
      },
    });
    // Rows never sent are "not attempted" in the report.
    const outcomes = [...(await other.jobs.reportRows('job-c'))].map((r) => r.outcome);
    expect(outcomes).toEqual(['created', 'not_attempted', 'unchanged']);
    expect(await other.jobs.requestCancel('job-c')).toBe(false);
  });

  it('gives a company one import slot across instances, whoever asks at the same moment', async () => {
    const store = await engines.open();
    const others = await Promise.all([engines.openAgain(), engines.openAgain()]);
    const stores = [store, ...others];
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stores[i % 3]!.locks.claim('demo', `job-${i}`, `instance-${i % 3}`, 10_000),
      ),
    );
    const won = claims.flatMap((c, i) => (c.claimed ? [`job-${i}`] : []));
    expect(won).toHaveLength(1);
    for (const claim of claims) if (!claim.claimed) expect(claim.jobId).toBe(won[0]);
    // Another company is not held up.
    expect(await others[0]!.locks.claim('acme', 'acme-1', 'instance-1', 10_000)).toEqual({ claimed: true });
    await store.locks.release('demo', won[0]!);
    expect(await others[1]!.locks.claim('demo', 'job-next', 'instance-2', 10_000)).toEqual({ claimed: true });
  });

  it('ends a job whose lease ran out as interrupted, with its applied rows, and frees the company', async () => {
    const store = await engines.open();
    expect(await store.locks.claim('demo', 'job-l', 'instance-a', 300)).toEqual({ claimed: true });
    await createJob(store, 'job-l');
    await store.jobs.start('job-l');
    await store.jobs.recordOutcomes('job-l', [
      { seq: 0, outcome: 'created', message: null, userId: 'new-0' },
    ]);
    await store.jobs.markInFlight('job-l', [1]);
    // While it runs, a row sent without an answer yet still waits.
    expect((await store.jobs.get('job-l'))?.results).toMatchObject({
      created: 1,
      failed: 0,
      notAttempted: 1,
    });
    expect(await store.locks.renew('demo', 'job-l', 'instance-a', 300)).toBe(true);
    const other = await engines.openAgain();
    expect(await other.locks.expire()).toEqual([]);
    expect(await other.locks.claim('demo', 'job-m', 'instance-b', 300)).toEqual({
      claimed: false,
      jobId: 'job-l',
    });

    await sleep(450); // instance-a stops renewing: its lease ends
    expect(await other.locks.expire()).toEqual(['job-l']);
    const job = await other.jobs.get('job-l');
    expect(job).toMatchObject({
      status: 'failed',
      progress: { total: 2, done: 2, failed: 1 },
      // Once it has ended, that row counts as failed ("may have been applied"), as in the report.
      results: { created: 1, unchanged: 1, failed: 1, notAttempted: 0 },
      cancelling: false,
    });
    expect(job?.message).toMatch(/interrupted/);
    expect(job?.finishedAt).not.toBeNull();
    // The row sent without an answer stays "in flight": nobody knows whether it was applied.
    expect([...(await other.jobs.reportRows('job-l'))].map((r) => r.outcome)).toEqual([
      'created',
      'in_flight',
      'unchanged',
    ]);
    // The lost lease is not renewed, and the late runner's end does not overwrite the interruption.
    expect(await store.locks.renew('demo', 'job-l', 'instance-a', 300)).toBe(false);
    await store.jobs.finish('job-l', 'succeeded', null);
    expect((await other.jobs.get('job-l'))?.status).toBe('failed');
    expect(await other.locks.claim('demo', 'job-m', 'instance-b', 300)).toEqual({ claimed: true });
  });

  it('keeps what an interrupted job had in flight and resolves each of those rows once, whichever instance asks', async () => {
    const store = await engines.open();
    expect(await store.locks.claim('demo', 'job-w', 'instance-a', 300)).toEqual({ claimed: true });
    await createJob(store, 'job-w');
    await store.jobs.start('job-w');
    const sent = (email: string) => JSON.stringify({ write: { kind: 'create', user: { email } } });
    await store.jobs.markInFlight('job-w', [0, 1], [sent('ada@example.com'), sent('bo@example.com')]);
    const other = await engines.openAgain();
    // A running job's rows in flight are its runner's business.
    expect(await other.jobs.openInFlight('demo')).toEqual(new Map());
    await sleep(450); // instance-a dies: its lease ends
    expect(await other.locks.expire('demo')).toEqual(['job-w']);
    expect(await other.jobs.get('job-w')).toMatchObject({ progress: { total: 2, done: 2, failed: 2 } });
    // Not yet over for a minute: the user API may still be applying them.
    expect(await other.jobs.openInFlight('demo', new Date(Date.now() - 60_000))).toEqual(new Map());
    const open = await other.jobs.openInFlight('demo');
    expect([...open.keys()]).toEqual(['job-w']);
    expect(open.get('job-w')!.map((r) => [r.seq, r.action, JSON.parse(r.sentWrite)])).toEqual([
      [0, 'create', { write: { kind: 'create', user: { email: 'ada@example.com' } } }],
      [1, 'create', { write: { kind: 'create', user: { email: 'bo@example.com' } } }],
    ]);
    expect(await other.jobs.openInFlight('acme')).toEqual(new Map());

    // Two instances check the same writes at the same moment: each row changes once.
    const applied = [{ seq: 0, outcome: 'created' as const, message: null, userId: 'found-0' }];
    const changed = await Promise.all([
      store.jobs.resolveInFlight('job-w', applied, [1]),
      other.jobs.resolveInFlight('job-w', applied, [1]),
    ]);
    expect(changed.reduce((a, b) => a + b.changed, 0)).toBe(2);
    // Exactly one of them changed the applied row, and only that one audits it.
    expect(changed.flatMap((c) => c.applied)).toEqual(applied);
    expect(await other.jobs.get('job-w')).toMatchObject({
      status: 'failed',
      progress: { total: 2, done: 1, failed: 0 },
      createdUserIds: ['found-0'],
    });
    expect([...(await other.jobs.reportRows('job-w'))].map((r) => r.outcome)).toEqual([
      'created',
      'not_attempted',
      'unchanged',
    ]);
    expect(await other.jobs.openInFlight('demo')).toEqual(new Map());

    await store.jobs.addNotices('job-w', ['first', 'second', 'first']);
    await other.jobs.addNotices('job-w', ['second', 'third']);
    expect(await store.jobs.notices('job-w')).toEqual(['first', 'second', 'third']);
    expect(await store.jobs.delete('demo', 'job-w')).toBe('deleted');
    expect(await store.jobs.notices('job-w')).toEqual([]);
  });

  it('frees the slot at once when the next claim finds its lease over, without waiting for a sweep', async () => {
    const store = await engines.open();
    await store.locks.claim('demo', 'job-x', 'instance-a', 200);
    await sleep(300);
    expect(await store.locks.claim('demo', 'job-y', 'instance-b', 10_000)).toEqual({ claimed: true });
    expect(await store.locks.holder('demo')).toBe('job-y');
  });

  it('deletes a finished import of its own company, refuses a running one', async () => {
    const store = await engines.open();
    await finishedJob(store, 'done-1');
    await createJob(store, 'running-1');
    await store.jobs.start('running-1');
    expect(await store.jobs.delete('acme', 'done-1')).toBe('not-found');
    expect(await store.jobs.delete('demo', 'running-1')).toBe('running');
    expect(await store.jobs.delete('demo', 'done-1')).toBe('deleted');
    expect(await store.jobs.get('done-1')).toBeUndefined();
    expect([...(await store.jobs.reportRows('done-1'))]).toEqual([]);
    expect(await store.jobs.delete('demo', 'done-1')).toBe('not-found');
  });

  it('keeps each company its latest settings and an audit log paged newest first', async () => {
    const store = await engines.open();
    const settings = {
      version: 1,
      matchBy: 'auto',
      actions: { create: true, update: true, deactivate: false },
    } as unknown as Parameters<typeof store.settings.saveImportSettings>[1];
    expect(await store.settings.lastImportSettings('demo')).toBeUndefined();
    await store.settings.saveImportSettings('demo', settings);
    await store.settings.saveImportSettings('demo', settings);
    const other = await engines.openAgain();
    expect((await other.settings.lastImportSettings('demo'))?.matchBy).toBe('auto');

    const entries = Array.from({ length: 5 }, (_, i) => ({
      tenant: 'demo',
      actor: 'fp',
      jobId: 'j',
      userId: `u${i}`,
      action: 'updated' as const,
      changes: [{ field: 'phone', from: `old ${i}`, to: `new ${i}` }],
    }));
    await store.audit.record(entries);
    const newest = await other.audit.list('demo', { limit: 2 });
    expect(newest.map((e) => e.userId)).toEqual(['u4', 'u3']);
    expect(newest[0]!.changes).toEqual([{ field: 'phone', from: 'old 4', to: 'new 4' }]);
    const older = await other.audit.list('demo', { limit: 10, before: newest[1]!.id });
    expect(older.map((e) => e.userId)).toEqual(['u2', 'u1', 'u0']);
    expect((await other.audit.list('demo', { limit: 10, userId: 'u1' })).map((e) => e.userId)).toEqual([
      'u1',
    ]);
    expect(await other.audit.list('acme', { limit: 10 })).toEqual([]);
  });
});
