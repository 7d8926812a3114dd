// The proxy of one benchmark in its own, fresh process (README.md#benchmarks), so its VmHWM is the peak memory of
// exactly that benchmark. Prints one JSON line `{url}`; SIGTERM stops it (and writes a --cpu-prof profile).
// Built into dist/proxy/bench-proxy.mjs by scripts/build-proxy.ts; run: node [--cpu-prof] dist/proxy/bench-proxy.mjs <userApiUrl>
import { startProxy } from '../../proxy/server.ts';

const [userApiUrl] = process.argv.slice(2);
if (!userApiUrl) {
  console.error('usage: proxy-process.ts <userApiUrl>');
  process.exit(2);
}
const proxy = await startProxy({
  userApiUrl,
  // DATABASE_URL=postgres://… benchmarks the proxy with its state in PostgreSQL instead of in-memory SQLite.
  databaseUrl: process.env.DATABASE_URL || undefined,
  port: 0,
  log: (entry) => {
    if (entry.level === 'error') console.error(JSON.stringify(entry));
  },
});
console.log(JSON.stringify({ url: proxy.url }));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void proxy.close().then(() => process.exit(0)));
