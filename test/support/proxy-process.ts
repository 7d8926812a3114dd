// Test support (not a test): a proxy in its own process, so a test can kill it mid-import the way a crash
// would (SIGKILL, nothing cleaned up) and start another on the same DATA_DIR.
// Run: node --import tsx test/support/proxy-process.ts <userApiUrl> <dataDir> [bulkBatchSize]
import { startProxy } from '../../proxy/server.ts';

const [userApiUrl, dataDir, bulkBatchSize] = process.argv.slice(2);
if (!userApiUrl || !dataDir) {
  console.error('usage: proxy-process.ts <userApiUrl> <dataDir> [bulkBatchSize]');
  process.exit(2);
}
const proxy = await startProxy({
  userApiUrl,
  dataDir,
  port: 0,
  log: () => {},
  runner: bulkBatchSize ? { bulkBatchSize: Number(bulkBatchSize) } : {},
});
// The parent reads this one line to learn the port.
console.log(JSON.stringify({ url: proxy.url }));
