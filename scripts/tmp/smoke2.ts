import { startStandInTenant } from '../../test/stand-in-tenant/server.ts';
import { startProxy } from '../../proxy/server.ts';
const tenant = await startStandInTenant({ port: 0 });
const proxy = await startProxy({ userApiUrl: tenant.url, port: 0, log: () => {} });
const h = { authorization: 'Bearer demo-admin-token' };
const csv = await (await fetch(proxy.url + '/api/v1/tenants/demo/users/export?format=csv&delimiter=;', { headers: h })).text();
const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
lines[1] = lines[1]!.replace('Anna', 'Annabelle');
lines.push(';Neu;Mensch;neu.mensch@example.com;;;0151 2345678;;;;;;;;;;;;');
lines.push(';Bad;;bad@;;;;;;;;;;;;;;;');
const body = lines.join('\r\n');
for (const path of ['/imports/preview', '/imports?wait=true']) {
  const form = new FormData();
  form.set('file', new Blob([body]), 'users.csv');
  if (path.includes('wait')) form.set('settings', JSON.stringify({ version: 1, skipInvalidRows: true }));
  const r = await fetch(proxy.url + '/api/v1/tenants/demo' + path, { method: 'POST', headers: h, body: form });
  console.log(path, r.status, JSON.stringify(await r.json()).slice(0, 2500));
}
const latest = await (await fetch(proxy.url + '/api/v1/tenants/demo/imports/latest', { headers: h })).json();
const rep = await fetch(proxy.url + `/api/v1/tenants/demo/imports/${latest.id}/report?format=csv`, { headers: h });
console.log(rep.status, (await rep.text()).slice(0, 1500));
// reimport same -> unchanged
const form = new FormData(); form.set('file', new Blob([body]), 'users.csv'); form.set('settings', JSON.stringify({ version: 1, skipInvalidRows: true }));
const r3 = await fetch(proxy.url + '/api/v1/tenants/demo/imports?wait=true', { method: 'POST', headers: h, body: form });
console.log('rerun', r3.status, JSON.stringify(await r3.json()));
await proxy.close(); await tenant.close();
