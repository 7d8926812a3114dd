// Test support (not a test): a proxy in its own process, so a test can kill it mid-import the way a crash
// would (SIGKILL, nothing cleaned up) and start another on the same DATA_DIR.
// Run: node --import tsx test/support/proxy-process.ts <userApiUrl> <dataDir> [bulkBatchSize] [leaseMs]
// DATABASE_URL in its environment puts its state in PostgreSQL instead of DATA_DIR.
import { startProxy } from '../../proxy/server.ts';

const [userApiUrl, dataDir, bulkBatchSize, leaseMs] = process.argv.slice(2);
if (!userApiUrl || !dataDir) {
  console.error('usage: proxy-process.ts <userApiUrl> <dataDir> [bulkBatchSize] [leaseMs]');
  process.exit(2);
}
const proxy = await startProxy({
  userApiUrl,
  dataDir,
  databaseUrl: process.env.DATABASE_URL || undefined,
  port: 0,
  log: () => {},
  runner: {
    ...(bulkBatchSize ? { bulkBatchSize: Number(bulkBatchSize) } : {}),
    ...(leaseMs ? { leaseMs: Number(leaseMs) } : {}),
  },
});
process.once('SIGTERM', () => {
  void proxy.close().finally(() => process.exit(0));
});
// The parent reads this one line to learn the port.
console.log(JSON.stringify({ url: proxy.url }));
