// `npm run proxy`: the proxy on PROXY_PORT against USER_API_URL (contract §1).
import { readConfig } from './config.ts';
import { startProxy } from './server.ts';

const config = readConfig();
const proxy = await startProxy({
  port: config.port,
  host: config.host,
  userApiUrl: config.userApiUrl,
  dataDir: config.dataDir,
  limits: config.limits,
  allowedOrigins: config.allowedOrigins,
  allowedExtensionOrigins: config.allowedExtensionOrigins,
  userApiTimeoutMs: config.userApiTimeoutMs,
});
console.log(`proxy ready ${proxy.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void proxy.close().finally(() => process.exit(0));
  });
}
