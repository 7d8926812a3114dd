// An administrator removes an import's report now (DELETE, audited), and the report goes by itself after the
// retention period while the job's counts stay (through the HTTP API, on the embedded engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProxyApp } from '../../proxy/server.ts';
import { DAY_MS } from '../../proxy/store/retention.ts';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import { expectProblem, toCsv, type JobBody } from '../support/proxy-assertions.ts';

const DEMO = '/api/v1/tenants/demo';
const headers = { authorization: 'Bearer demo-admin-token' };
let tenant: StandInTenant;
let proxy: Awaited<ReturnType<typeof buildProxyApp>>;

beforeAll(async () => {
  tenant = await startStandInTenant({ port: 0, faultInjection: true });
  proxy = await buildProxyApp({ userApiUrl: tenant.url, log: () => {}, runner: { bulkBatchSize: 1 } });
});
afterAll(async () => {
  await proxy.runner.stopAll();
  await proxy.store.close();
  await tenant.close();
});

function startImport(prefix: string, rows: number, wait: boolean) {
  const form = new FormData();
  const lines = Array.from({ length: rows }, (_, i) => [
    `${prefix}.${i}@example.com`,
    'Del',
    `Ete ${i}`,
    'No',
  ]);
  form.set(
    'file',
    new Blob([toCsv([['Email', 'First name', 'Last name', 'Has own schedule'], ...lines])]),
    'u.csv',
  );
  return proxy.app.request(`${DEMO}/imports${wait ? '?wait=true' : ''}`, {
    method: 'POST',
    body: form,
    headers,
  });
}

describe('DELETE …/imports/{id} and retention through the API', () => {
  it('refuses to delete a running import (409), deletes it once ended (204, audited), then answers 404', async () => {
    await fetch(`${tenant.url}/__test/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'demo', hangWritesMs: 100 }),
    });
    const started = await startImport('running', 30, false);
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    await expectProblem(
      await proxy.app.request(location, { method: 'DELETE', headers }),
      409,
      'import-running',
    );
    await proxy.app.request(`${location}/cancel`, { method: 'POST', headers });
    await fetch(`${tenant.url}/__test/faults`, { method: 'DELETE' });
    for (;;) {
      const job = (await (await proxy.app.request(location, { headers })).json()) as JobBody;
      if (job.status === 'cancelled') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deleted = await proxy.app.request(location, { method: 'DELETE', headers });
    expect(deleted.status).toBe(204);
    await expectProblem(await proxy.app.request(location, { headers }), 404, 'not-found');
    await expectProblem(
      await proxy.app.request(`${location}/report?format=csv`, { headers }),
      404,
      'not-found',
    );
    await expectProblem(await proxy.app.request(location, { method: 'DELETE', headers }), 404, 'not-found');
    const audit = (await (await proxy.app.request(`${DEMO}/audit?limit=1`, { headers })).json()) as {
      entries: { action: string; jobId: string; actor: string }[];
    };
    expect(audit.entries[0]).toMatchObject({ action: 'import-deleted', jobId: location.split('/').pop() });
    expect(audit.entries[0]!.actor).not.toContain('demo-admin-token');
  });

  it('answers for a job past the retention period with its counts, and 404 for its report saying it was deleted', async () => {
    const response = await startImport('kept', 3, true);
    expect(response.status).toBe(200);
    const job = (await response.json()) as JobBody;
    await proxy.store.purgeExpired(30, new Date(Date.now() + 31 * DAY_MS));
    const after = (await (
      await proxy.app.request(`${DEMO}/imports/${job.id}`, { headers })
    ).json()) as JobBody;
    expect(after).toMatchObject({ status: 'succeeded', progress: { total: 3, done: 3, failed: 0 } });
    expect(after.summary.create).toBe(3);
    const report = await proxy.app.request(`${DEMO}/imports/${job.id}/report?format=csv`, { headers });
    const problem = await expectProblem(report, 404, 'not-found');
    expect(problem.detail).toMatch(/deleted .* retention period/);
  });
});
