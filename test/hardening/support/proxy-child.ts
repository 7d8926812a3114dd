// Test support (not a test): a proxy in its own process, so its memory can be read from /proc (VmHWM, VmRSS)
// apart from the test's or the load generator's. Used by the hardening tests and scripts/load-test.ts.
// Run: node --import tsx test/hardening/support/proxy-child.ts '<ProxyOptions as JSON>'
// Prints one line {"url", "pid"} when it accepts requests; SIGTERM closes it. On SIGUSR2 it prints one line with
// the longest its event loop was held in one piece since it started (test/support/event-loop-watch.ts).
import { startProxy, type ProxyOptions } from '../../../proxy/server.ts';
import { watchEventLoop } from '../../support/event-loop-watch.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ProxyOptions;
const proxy = await startProxy({ port: 0, log: () => {}, ...options });
const loop = watchEventLoop();
process.on('SIGTERM', () => {
  void proxy.close().finally(() => process.exit(0));
});
process.on('SIGUSR2', () => console.log(JSON.stringify(loop.read())));
console.log(JSON.stringify({ url: proxy.url, pid: process.pid }));
