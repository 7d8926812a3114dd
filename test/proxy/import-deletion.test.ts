// An administrator removes an import's report now (DELETE, audited), and the report goes by itself after the
// retention period while the job's counts stay (through the HTTP API, on the embedded engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProxyApp } from '../../proxy/server.ts';
import { DAY_MS } from '../../proxy/store/retention.ts';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import { auditAnswerSchema } from '../../shared/api/users-schema.ts';
import { companyRoutes, proxyClient, uploadForm } from '../support/proxy-client.ts';
import { expectProblem, jobOfLocation, readAnswer, readJob, toCsv } from '../support/proxy-assertions.ts';

const param = { tenant: 'demo' };
let tenant: StandInTenant;
let proxy: Awaited<ReturnType<typeof buildProxyApp>>;

beforeAll(async () => {
  tenant = await startStandInTenant({ port: 0, faultInjection: true });
  proxy = await buildProxyApp({ userApiUrl: tenant.url, log: () => {}, runner: { bulkBatchSize: 1 } });
});

/** The demo company's routes on the app, called in this process (no port). */
const demo = () => companyRoutes(proxyClient('http://proxy.test', 'demo-admin-token', proxy.app.request));
afterAll(async () => {
  await proxy.runner.stopAll();
  await proxy.store.close();
  await tenant.close();
});

function startImport(prefix: string, rows: number, wait: boolean) {
  const lines = Array.from({ length: rows }, (_, i) => [
    `${prefix}.${i}@example.com`,
    'Del',
    `Ete ${i}`,
    'No',
  ]);
  const bytes = toCsv([['Email', 'First name', 'Last name', 'Has own schedule'], ...lines]);
  return demo().imports.$post({
    param,
    query: { wait: wait ? 'true' : 'false' },
    form: uploadForm({ bytes, name: 'u.csv' }),
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
    const job = demo().imports[':id'];
    const id = jobOfLocation(location);
    await expectProblem(await job.$delete({ param: id }), 409, 'import-running');
    await job.cancel.$post({ param: id });
    await fetch(`${tenant.url}/__test/faults`, { method: 'DELETE' });
    for (;;) {
      if ((await readJob(await job.$get({ param: id }))).status === 'cancelled') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const deleted = await job.$delete({ param: id });
    expect(deleted.status).toBe(204);
    await expectProblem(await job.$get({ param: id }), 404, 'not-found');
    await expectProblem(await job.report.$get({ param: id, query: { format: 'csv' } }), 404, 'not-found');
    await expectProblem(await job.$delete({ param: id }), 404, 'not-found');
    const audit = await readAnswer(
      await demo().audit.$get({ param, query: { limit: '1' } }),
      200,
      auditAnswerSchema,
    );
    expect(audit.entries[0]).toMatchObject({ action: 'import-deleted', jobId: location.split('/').pop() });
    expect(audit.entries[0]!.actor).not.toContain('demo-admin-token');
  });

  it('answers for a job past the retention period with its counts, and 404 for its report saying it was deleted', async () => {
    const job = await readJob(await startImport('kept', 3, true));
    await proxy.store.purgeExpired(30, new Date(Date.now() + 31 * DAY_MS));
    const param = { tenant: 'demo', id: job.id };
    const after = await readJob(await demo().imports[':id'].$get({ param }));
    expect(after).toMatchObject({ status: 'succeeded', progress: { total: 3, done: 3, failed: 0 } });
    expect(after.summary.create).toBe(3);
    const report = await demo().imports[':id'].report.$get({ param, query: { format: 'csv' } });
    const problem = await expectProblem(report, 404, 'not-found');
    expect(problem.detail).toMatch(/deleted .* retention period/);
  });
});
