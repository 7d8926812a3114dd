// `npm run proxy`: the proxy on PROXY_PORT against USER_API_URL (docs/api-guide.md#limits-and-settings-of-the-proxy).
import { readConfig } from './config.ts';
import { startProxy } from './server.ts';

const config = readConfig();
const starting = startProxy({
  port: config.port,
  host: config.host,
  userApiUrl: config.userApiUrl,
  dataDir: config.dataDir,
  databaseUrl: config.databaseUrl,
  retentionDays: config.retentionDays,
  limits: config.limits,
  allowedOrigins: config.allowedOrigins,
  allowedExtensionOrigins: config.allowedExtensionOrigins,
  userApiTimeoutMs: config.userApiTimeoutMs,
  runner: { leaseMs: config.leaseMs },
  uploads: config.uploads,
  sheetJsWorker: config.sheetJsWorker,
  fingerprintSecret: config.fingerprintSecret,
});

// SIGTERM (docker stop, a rolling deploy): stop taking uploads, let running imports finish their batch and free
// their slot, then exit. A second signal exits at once. Listening from the start: a signal during start-up
// (migrations) closes the proxy as soon as it is up.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const again of ['SIGINT', 'SIGTERM'] as const) process.once(again, () => process.exit(1));
    void starting.then((proxy) => proxy.close()).finally(() => process.exit(0));
  });
}

const proxy = await starting.catch((error: unknown) => {
  // A start-up failure (database unreachable, port taken) is one clear line, not a stack.
  console.error(`proxy not started: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`proxy ready ${proxy.url}`);
