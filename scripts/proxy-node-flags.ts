// The Node flags `npm run proxy` starts the proxy with: its heap sizes (--max-old-space-size: without a limit V8
// collects lazily and a busy proxy's heap grows past 1 GB of garbage; --max-semi-space-size: the young
// generation's default of 2 × 16 MB was a tenth of a 100,000-row preview's peak, and 8 MB let those previews peak
// at 199–215 MB against 186–198 MB with 4, at the same CPU time) and how far the heap
// grows between full collections (--heap-growing-percent=30: V8's own factor let a CSV preview of 100,000 rows
// peak at 176–204 MB over eight runs, 169–177 MB with this, at the same speed). The benchmarks and the load test
// measure the proxy as it runs, so they read the flags from package.json rather than repeat them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packageFile = fileURLToPath(new URL('../package.json', import.meta.url));

export function proxyNodeFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(packageFile, 'utf8')) as { scripts: Record<string, string> };
  const command = packageJson.scripts.proxy?.split('&&').pop() ?? '';
  // Not --enable-source-maps: it only makes the proxy's own stack traces readable.
  return command.split(/\s+/).filter((word) => /^--(max-[a-z-]+-size|heap-growing-percent)=/.test(word));
}
