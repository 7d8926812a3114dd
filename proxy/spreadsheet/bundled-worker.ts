// Starts one of the proxy's worker threads: in production the bundled .mjs that scripts/build-proxy.ts writes
// beside the proxy's bundle, under tsx (tests, development) the TypeScript source.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `name` is the worker's module beside the caller's (`from`, the caller's import.meta.url): name.ts in the
 * sources, name.mjs in the bundle.
 */
export function startBundledWorker(from: string, name: string, resourceLimits: ResourceLimits): Worker {
  const source = from.endsWith('.ts');
  const url = new URL(`./${name}.${source ? 'ts' : 'mjs'}`, from);
  if (!source) return new Worker(url, { resourceLimits });
  // A worker thread does not inherit tsx's loader: it registers it before importing the TypeScript.
  const tsxDir = dirname(createRequire(from).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}
