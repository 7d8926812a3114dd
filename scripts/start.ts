// `npm start` (docs/api-guide.md#limits-and-settings-of-the-proxy): builds the extension, starts the stand-in tenant and the proxy, and says where
// everything is. Ctrl-C stops both. The extension to load is the development build (dist/chrome-dev/,
// dist/firefox-dev/): the production one runs only on portatour's hosts, not on the stand-in's 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readConfig } from '../proxy/config.ts';
import { startProxy } from '../proxy/server.ts';
import { startStandInTenant } from '../test/stand-in-tenant/server.ts';
import { buildExtension, DEVELOPMENT_BUILDS } from './build-extension.ts';

const config = readConfig();
const built = await buildExtension(DEVELOPMENT_BUILDS, { quiet: true });

mkdirSync(config.dataDir, { recursive: true });
const tenantPort = Number(process.env.TENANT_PORT ?? 8788);
const tenant = await startStandInTenant({
  port: tenantPort,
  host: config.host,
  databaseFile: join(config.dataDir, 'stand-in-tenant.sqlite'),
});
console.log(`tenant ready ${tenant.url}`);

const proxy = await startProxy({
  port: config.port,
  host: config.host,
  // USER_API_URL may point at a real portatour user API; by default the proxy talks to the stand-in just started.
  userApiUrl: process.env.USER_API_URL ? config.userApiUrl : tenant.url,
  dataDir: config.dataDir,
  databaseUrl: config.databaseUrl,
  retentionDays: config.retentionDays,
  runner: { leaseMs: config.leaseMs },
  limits: config.limits,
  allowedOrigins: config.allowedOrigins,
  allowedExtensionOrigins: config.allowedExtensionOrigins,
  userApiTimeoutMs: config.userApiTimeoutMs,
  uploads: config.uploads,
  sheetJsWorker: config.sheetJsWorker,
  fingerprintSecret: config.fingerprintSecret,
  log: () => {},
});
console.log(`proxy ready ${proxy.url}`);

const here = process.cwd();
console.log(`
User management pages (the extension injects its buttons below the user list):
  ${tenant.url}/t/demo/users   Demo GmbH, 25 licenses            token demo-admin-token (non-admin: demo-user-token)
  ${tenant.url}/t/solo/users   1 license: no import/export       token solo-admin-token
  ${tenant.url}/t/sfdc/users   connected to Salesforce            token sfdc-admin-token
  ${tenant.url}/t/dyn/users    connected to Dynamics CRM          token dyn-admin-token
API description: ${proxy.url}/docs
Unpacked extension (development build): ${built.map((b) => `${b.browser} ${relative(here, b.directory)}/`).join(', ')}
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${relative(here, built[0]!.directory)}
  Firefox: about:debugging → This Firefox → Load Temporary Add-on → ${relative(here, built[1]!.directory)}/manifest.json
Press Ctrl-C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([proxy.close(), tenant.close()]).then(() => process.exit(0));
  });
}
