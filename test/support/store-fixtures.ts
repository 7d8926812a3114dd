// Test support (not a test): jobs and rows to put into a store.
import type { JobRowWithCells } from '../../proxy/store/job-store.ts';
import type { ProxyStore } from '../../proxy/store/proxy-store.ts';

export const SUMMARY = { rows: 3, create: 2, update: 0, deactivate: 0, unchanged: 1, invalid: 0, skipped: 0 };

/** Two creates (pending) and one unchanged row, with every cell of the upload. */
export function threeRows(): JobRowWithCells[] {
  return [
    {
      seq: 0,
      row: 2,
      action: 'create',
      outcome: 'pending',
      message: null,
      userId: null,
      name: 'Ada L',
      email: 'ada@example.com',
      cells: ['ada@example.com', 'Ada', 'L', '+49 1'],
    },
    {
      seq: 1,
      row: 3,
      action: 'create',
      outcome: 'pending',
      message: null,
      userId: null,
      name: 'Bo M',
      email: 'bo@example.com',
      cells: ['bo@example.com', 'Bo', 'M', '+49 2'],
    },
    {
      seq: 2,
      row: 4,
      action: 'unchanged',
      outcome: 'unchanged',
      message: null,
      userId: 'u9',
      name: 'Cy N',
      email: 'cy@example.com',
      cells: ['cy@example.com', 'Cy', 'N', ''],
    },
  ];
}

export async function createJob(
  store: ProxyStore,
  id: string,
  options: { tenant?: string; now?: Date } = {},
): Promise<void> {
  await store.jobs.create(
    {
      id,
      tenant: options.tenant ?? 'demo',
      fileName: 'users.csv',
      total: 2,
      summary: SUMMARY,
      header: ['Email', 'First name', 'Last name', 'Phone'],
    },
    threeRows(),
    options.now,
  );
}

/** A job that ran to the end at `now`: both creates applied. */
export async function finishedJob(store: ProxyStore, id: string, now = new Date(), tenant = 'demo') {
  await createJob(store, id, { tenant, now });
  await store.jobs.start(id, now);
  await store.jobs.recordOutcomes(id, [
    { seq: 0, outcome: 'created', message: null, userId: `${id}-u0` },
    { seq: 1, outcome: 'created', message: null, userId: `${id}-u1` },
  ]);
  await store.jobs.finish(id, 'succeeded', null, now);
}
