import { startStandInTenant } from '/work/main/test/stand-in-tenant/server.ts';
import { startProxy } from '/work/main/proxy/server.ts';
const tenant = await startStandInTenant({ port: 0 });
const proxy = await startProxy({ userApiUrl: tenant.url, port: 0, log: () => {} });
const h = { authorization: 'Bearer demo-admin-token' };
for (const path of ['/healthz', '/api/v1/tenants/demo', '/api/v1/tenants/sfdc', '/api/v1/tenants/solo', '/api/v1/tenants/demo/users/export?format=csv', '/api/v1/tenants/demo/import-settings']) {
  const r = await fetch(proxy.url + path, { headers: path.includes('sfdc') ? { authorization: 'Bearer sfdc-admin-token' } : path.includes('solo') ? { authorization: 'Bearer solo-admin-token' } : h });
  console.log(path, r.status, (await r.text()).slice(0, 700));
}
const r = await fetch(proxy.url + '/api/v1/tenants/demo', { headers: { authorization: 'Bearer demo-user-token' } }); console.log('nonadmin', r.status, await r.text());
const r2 = await fetch(proxy.url + '/api/v1/tenants/demo/users/export'); console.log('noauth', r2.status, await r2.text());
const oa = await fetch(proxy.url + '/openapi.json'); console.log('openapi', oa.status, (await oa.text()).length);
const d = await fetch(proxy.url + '/docs/assets/swagger-ui-bundle.js'); console.log('docs', d.status);
await proxy.close(); await tenant.close();
