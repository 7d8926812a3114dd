// Two (and three) proxy processes on one PostgreSQL in front of the real stand-in tenant, requests alternating
// between them as a load balancer would send them: any instance answers for any job, one import per company
// holds across instances, and a job whose instance is killed is ended by another once its lease is over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts';
import { startProxyInstance, type ProxyInstance } from '../support/proxy-instances.ts';
import { importJobSchema } from '../../shared/api/job-schema.ts';
import { auditAnswerSchema } from '../../shared/api/users-schema.ts';
import { importSettingsSchema } from '../../shared/import-settings.ts';
import { companyRoutes, proxyClient, uploadForm } from '../support/proxy-client.ts';
import {
  expectProblem,
  jobOfLocation,
  pollJob,
  readAnswer,
  readJob,
  readReport,
  toCsv,
} from '../support/proxy-assertions.ts';

const TOKEN = 'demo-admin-token';
const LEASE_MS = 1000;
const HEADER = ['Email', 'First name', 'Last name', 'Has own schedule'];

let postgres: PostgresServer;
let tenant: StandInTenant;
let databaseUrl: string;
let dataDir: string;
const instances: ProxyInstance[] = [];

const start = async () => {
  const instance = await startProxyInstance({
    userApiUrl: tenant.url,
    databaseUrl,
    dataDir,
    bulkBatchSize: 5,
    leaseMs: LEASE_MS,
  });
  instances.push(instance);
  return instance;
};

beforeAll(async () => {
  postgres = await startPostgres();
  databaseUrl = await postgres.createDatabase();
  tenant = await startStandInTenant({ port: 0, faultInjection: true });
  dataDir = mkdtempSync(join(tmpdir(), 'multi-proxy-'));
}, 60_000);
afterAll(async () => {
  for (const instance of instances) instance.process.kill('SIGKILL');
  await tenant?.close();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await control('POST', '/reset');
});

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${tenant.url}/__test${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

/** The typed client of the instance at `proxyUrl` (every call here names its instance). */
const api = {
  client: (proxyUrl?: string, token: string | null = TOKEN) => {
    if (proxyUrl === undefined) throw new Error('name the proxy instance');
    return proxyClient(proxyUrl, token);
  },
};
const param = { tenant: 'demo' };
const demo = (proxy: ProxyInstance) => companyRoutes(api.client(proxy.url));

function startImport(
  proxy: ProxyInstance,
  file: string,
  options: { wait?: boolean; settings?: Record<string, unknown> } = {},
) {
  return demo(proxy).imports.$post({
    param,
    query: { wait: options.wait ? 'true' : 'false' },
    form: uploadForm({ bytes: file, name: 'users.csv' }, options.settings),
  });
}

function newUsers(count: number, prefix: string): string {
  return toCsv([
    HEADER,
    ...Array.from({ length: count }, (_, i) => [`${prefix}.${i}@example.com`, 'Multi', `Proxy ${i}`, 'No']),
  ]);
}

/** The users whose e-mail starts with `prefix.`, as the user API lists them (SCIM, every page). */
async function usersInUserApi(prefix: string): Promise<string[]> {
  const emails: string[] = [];
  for (let startIndex = 1; ; startIndex += 500) {
    // The stand-in's own SCIM API, not the proxy's.
    const response = await fetch(`${tenant.url}/t/demo/scim/v2/Users?startIndex=${startIndex}&count=500`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as {
      totalResults: number;
      Resources?: { emails?: { value: string }[] }[];
    };
    for (const user of page.Resources ?? []) emails.push(user.emails?.[0]?.value ?? '');
    if (startIndex + 500 > page.totalResults) break;
  }
  return emails.filter((email) => email.startsWith(`${prefix}.`)).sort();
}

/** Waits until the user API's count of these users stops changing (writes sent by a killed instance land). */
async function settled(prefix: string): Promise<void> {
  for (let last = -1; ;) {
    const count = (await usersInUserApi(prefix)).length;
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('two proxies on one PostgreSQL', () => {
  let a: ProxyInstance;
  let b: ProxyInstance;
  beforeAll(async () => {
    [a, b] = await Promise.all([start(), start()]);
  }, 60_000);

  it('answers status, report, latest, settings and cancel on B for an import started on A, and refuses a second import on B', async () => {
    const settings = {
      version: 1,
      matchBy: 'email',
      actions: { create: true, update: true, deactivate: false },
    };
    await control('POST', '/faults', { tenant: 'demo', hangWritesMs: 40 });
    const started = await startImport(a, newUsers(200, 'cancel'), { settings });
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    const running = await pollJob(api, location, { proxyUrl: b.url, until: (job) => job.progress.done >= 5 });
    expect(running.status).toBe('running');

    const second = await startImport(b, newUsers(3, 'second'));
    const problem = await expectProblem(second, 409, 'import-running');
    expect(problem.jobId).toBe(running.id);
    const latest = await readAnswer(await demo(b).imports.latest.$get({ param }), 200, importJobSchema);
    expect(latest.id).toBe(running.id);
    const used = await readAnswer(
      await demo(b)['import-settings'].$get({ param }),
      200,
      importSettingsSchema,
    );
    expect(used.matchBy).toBe('email');
    expect(await readReport(api, 'demo', running.id, b.url)).toHaveLength(200);

    const job = jobOfLocation(location);
    expect((await demo(b).imports[':id'].cancel.$post({ param: job })).status).toBe(200);
    const cancelled = await pollJob(api, location, { proxyUrl: b.url });
    await control('DELETE', '/faults');
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.progress.done).toBeLessThan(200);
    // Exactly the rows reported created exist, on either instance's report.
    const report = await readReport(api, 'demo', running.id, a.url);
    const created = report
      .filter((r) => r.outcome === 'created')
      .map((r) => r.cells.Email!)
      .sort();
    expect(await usersInUserApi('cancel')).toEqual(created);
    expect(report.filter((r) => r.outcome === 'not attempted')).toHaveLength(200 - created.length);
    expect(await readReport(api, 'demo', running.id, b.url)).toEqual(report);

    // The audit written by A reads on B; deleting on B is audited and seen by A.
    const audit = await readAnswer(
      await demo(b).audit.$get({ param, query: { limit: '1000' } }),
      200,
      auditAnswerSchema,
    );
    expect(audit.entries.filter((e) => e.jobId === running.id && e.action === 'created')).toHaveLength(
      created.length,
    );
    expect((await demo(b).imports[':id'].$delete({ param: job })).status).toBe(204);
    await expectProblem(await demo(a).imports[':id'].$get({ param: job }), 404, 'not-found');
    const after = await readAnswer(
      await demo(a).audit.$get({ param, query: { limit: '1' } }),
      200,
      auditAnswerSchema,
    );
    expect(after.entries[0]).toMatchObject({ jobId: running.id, action: 'import-deleted' });
  });

  it('reports the job of a killed instance as interrupted with its applied rows, and a re-run through B creates exactly the rest', async () => {
    const ROWS = 100;
    const file = newUsers(ROWS, 'crash');
    await control('POST', '/faults', { tenant: 'demo', hangWritesMs: 40 });
    const started = await startImport(a, file);
    expect(started.status).toBe(202);
    const location = started.headers.get('location')!;
    const before = await pollJob(api, location, { proxyUrl: b.url, until: (job) => job.progress.done >= 10 });
    expect(before.status).toBe('running');

    a.process.kill('SIGKILL');
    const killedAt = performance.now();
    expect(await a.exited).toBe('SIGKILL');
    const interrupted = await pollJob(api, location, { proxyUrl: b.url, timeoutMs: 20 * LEASE_MS });
    const takeoverSeconds = (performance.now() - killedAt) / 1000;
    expect(interrupted.status).toBe('failed');
    expect(interrupted.message).toMatch(/interrupted/);
    expect(interrupted.progress.done).toBeGreaterThanOrEqual(before.progress.done);

    // The writes A had sent still land on the stand-in; then the report is compared with the user API.
    await control('DELETE', '/faults');
    await settled('crash');
    const report = await readReport(api, 'demo', interrupted.id, b.url);
    const created = report.filter((r) => r.outcome === 'created').map((r) => r.cells.Email!);
    const unknown = report.filter((r) => /may have been applied/i.test(r.message));
    const notAttempted = report.filter((r) => r.outcome === 'not attempted');
    expect(created.length + unknown.length + notAttempted.length).toBe(ROWS);
    expect(created.length).toBeGreaterThanOrEqual(before.progress.done);
    const stored = await usersInUserApi('crash');
    for (const email of created) expect(stored).toContain(email);

    const finished = await readJob(await startImport(b, file, { wait: true }));
    expect(finished.status).toBe('succeeded');
    expect(finished.summary).toMatchObject({ create: ROWS - stored.length, unchanged: stored.length });
    const found = await usersInUserApi('crash');
    console.log(
      JSON.stringify({
        name: 'multi-proxy-takeover',
        usersExpected: ROWS,
        usersFound: found.length,
        appliedBeforeKill: before.progress.done,
        reportedCreated: created.length,
        mayHaveBeenApplied: unknown.length,
        takeoverSeconds: Number(takeoverSeconds.toFixed(2)),
        leaseMs: LEASE_MS,
      }),
    );
    expect(found).toHaveLength(ROWS);
    expect(new Set(found).size).toBe(ROWS);
  });

  it('stops gracefully on SIGTERM: the running batch finishes with its answers recorded, and the company is free at once', async () => {
    const c = await start();
    expect((await fetch(`${c.url}/readyz`)).status).toBe(200);
    await control('POST', '/faults', { tenant: 'demo', hangWritesMs: 40 });
    const started = await startImport(c, newUsers(200, 'term'));
    const location = started.headers.get('location')!;
    await pollJob(api, location, { proxyUrl: b.url, until: (job) => job.progress.done >= 5 });
    c.process.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    await control('DELETE', '/faults');
    const stopped = await pollJob(api, location, { proxyUrl: b.url, timeoutMs: 1000 });
    expect(stopped.status).toBe('cancelled');
    expect(stopped.message).toMatch(/shut down/);
    // Every write it sent has its answer in the report: nothing is left "may have been applied".
    const report = await readReport(api, 'demo', stopped.id, b.url);
    const created = report
      .filter((r) => r.outcome === 'created')
      .map((r) => r.cells.Email!)
      .sort();
    expect(await usersInUserApi('term')).toEqual(created);
    expect(report.filter((r) => r.outcome === 'not attempted')).toHaveLength(200 - created.length);
    // The slot was released, not left to expire: the next import starts on B at once.
    const next = await startImport(b, newUsers(200, 'term'), { wait: true });
    expect(next.status).toBe(200);
    expect(await usersInUserApi('term')).toHaveLength(200);
  });
});
