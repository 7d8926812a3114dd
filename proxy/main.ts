// `npm run proxy`: the proxy on PROXY_PORT against USER_API_URL (contract §1).
import { readConfig } from './config.ts';
import { startProxy } from './server.ts';

const config = readConfig();
const proxy = await startProxy({
  port: config.port,
  host: config.host,
  userApiUrl: config.userApiUrl,
  dataDir: config.dataDir,
  databaseUrl: config.databaseUrl,
  retentionDays: config.retentionDays,
  limits: config.limits,
  allowedOrigins: config.allowedOrigins,
  userApiTimeoutMs: config.userApiTimeoutMs,
  runner: { leaseMs: config.leaseMs },
});
console.log(`proxy ready ${proxy.url}`);

// SIGTERM (docker stop, a rolling deploy): stop taking uploads, let running imports finish their batch and free
// their slot, then exit. A second signal exits at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const again of ['SIGINT', 'SIGTERM'] as const) process.once(again, () => process.exit(1));
    void proxy.close().finally(() => process.exit(0));
  });
}
