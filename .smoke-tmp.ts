import { startBackends } from './test/e2e/support/backends.ts';
const b = await startBackends();
for (const t of ['demo', 'sfdc', 'solo']) {
  const r = await fetch(`${b.proxyUrl}/api/v1/tenants/${t}`, { headers: { Authorization: `Bearer ${t}-admin-token` } });
  console.log(t, r.status, await r.text());
}
await b.close();
