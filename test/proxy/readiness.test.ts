// /healthz says the process is alive; /readyz whether a load balancer should send it requests: the database
// answers with every migration done, and the instance is not shutting down.
import { describe, expect, it } from 'vitest';
import { buildProxyApp } from '../../proxy/server.ts';
import { startStandInTenant } from '../stand-in-tenant/server.ts';
import { expectProblem } from '../support/proxy-assertions.ts';

describe('readiness', () => {
  it('is ready with its database migrated, and not ready once it shuts down or its database is gone', async () => {
    const { app, store, runner } = await buildProxyApp({ userApiUrl: 'http://127.0.0.1:9', log: () => {} });
    expect(await (await app.request('/readyz')).json()).toEqual({ status: 'ready' });

    await runner.stopAll();
    const draining = await app.request('/readyz');
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: 'not-ready', reason: 'shutting down' });
    expect((await app.request('/healthz')).status).toBe(200);

    await store.close();
    const closed = await app.request('/readyz');
    expect(closed.status).toBe(503);
  });

  it('refuses new uploads while shutting down with 503 shutting-down, and still answers about jobs', async () => {
    const tenant = await startStandInTenant({ port: 0 });
    const { app, store, runner } = await buildProxyApp({ userApiUrl: tenant.url, log: () => {} });
    try {
      await runner.stopAll();
      const headers = { authorization: 'Bearer demo-admin-token' };
      for (const path of ['/api/v1/tenants/demo/imports', '/api/v1/tenants/demo/imports/preview']) {
        const form = new FormData();
        form.set('file', new Blob(['Email,First name,Last name\r\na@example.com,A,B\r\n']), 'u.csv');
        await expectProblem(
          await app.request(path, { method: 'POST', body: form, headers }),
          503,
          'shutting-down',
        );
      }
      expect((await app.request('/api/v1/tenants/demo/imports/latest', { headers })).status).toBe(404);
    } finally {
      await store.close();
      await tenant.close();
    }
  });
});
