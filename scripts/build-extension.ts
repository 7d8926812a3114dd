// `npm run build`: the unpacked extension for Chrome and Firefox (dist/chrome/, dist/firefox/) and a
// zip of each (dist/portatour-user-admin-{browser}.zip), docs/api-guide.md#limits-and-settings-of-the-proxy.
import { zipSync } from 'fflate';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TargetBrowser } from '../extension/build/browser-manifest.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const distDir = join(projectRoot, 'dist');

export interface BuiltExtension {
  browser: TargetBrowser;
  /** The unpacked extension, loadable as is. */
  directory: string;
  zip: string;
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function zipDirectory(directory: string, zipFile: string): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  for (const file of (await filesUnder(directory)).sort()) {
    // Zip entries use `/`; manifest.json must sit at the zip's root for the stores.
    files[relative(directory, file).split(sep).join('/')] = await readFile(file);
  }
  await writeFile(zipFile, zipSync(files, { level: 9 }));
}

export async function buildExtension(
  browsers: readonly TargetBrowser[] = ['chrome', 'firefox'],
  options: { quiet?: boolean } = {},
): Promise<BuiltExtension[]> {
  const built: BuiltExtension[] = [];
  // One after the other: the two builds share the config and would fight over the 2 cores.
  for (const browser of browsers) {
    await build({
      configFile: join(projectRoot, 'vite.config.ts'),
      mode: browser,
      logLevel: options.quiet ? 'warn' : 'info',
    });
    const directory = join(distDir, browser);
    const zip = join(distDir, `portatour-user-admin-${browser}.zip`);
    await zipDirectory(directory, zip);
    built.push({ browser, directory, zip });
  }
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildExtension();
  for (const { browser, directory, zip } of built) {
    console.log(`${browser}: ${relative(projectRoot, directory)}/ and ${relative(projectRoot, zip)}`);
  }
}
