// The proxy as plain JavaScript (dist/proxy/): `npm run proxy` and the benchmarks run it with plain Node. Running
// the TypeScript through tsx costs a loader thread and the transpiler, ~30 MB of resident memory on top of
// every measurement; the bundle holds only our own code, the packages stay in node_modules.
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const proxyDistDir = join(projectRoot, 'dist', 'proxy');

/** Entry name → source; each becomes dist/proxy/<name>.mjs. */
const ENTRIES = {
  main: join(projectRoot, 'proxy', 'main.ts'),
  'bench-proxy': join(projectRoot, 'scripts', 'bench', 'proxy-process.ts'),
  // Started by the proxy itself (proxy/spreadsheet/read-off-thread.ts), beside its bundle.
  'sheetjs-worker': join(projectRoot, 'proxy', 'spreadsheet', 'sheetjs-worker.ts'),
};

export async function buildProxy(): Promise<Record<keyof typeof ENTRIES, string>> {
  await build({
    entryPoints: ENTRIES,
    outdir: proxyDistDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  const built = Object.keys(ENTRIES).map((name) => [name, join(proxyDistDir, `${name}.mjs`)]);
  return Object.fromEntries(built) as Record<keyof typeof ENTRIES, string>;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildProxy();
