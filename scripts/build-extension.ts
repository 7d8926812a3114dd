// `npm run build`: the unpacked extension for Chrome and Firefox (dist/chrome/, dist/firefox/) and a
// zip of each (dist/portatour-user-admin-{browser}.zip), docs/api-guide.md#limits-and-settings-of-the-proxy; and the development builds
// (dist/chrome-dev/, dist/firefox-dev/: also on loopback hosts, no zip) that `npm start` and the tests load.
import { zipSync } from 'fflate';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { buildName, type BuildTarget } from '../extension/build/browser-manifest.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const distDir = join(projectRoot, 'dist');

export interface BuiltExtension extends BuildTarget {
  /** `chrome`, `firefox-dev`, …: the folder under dist/. */
  name: string;
  /** The unpacked extension, loadable as is. */
  directory: string;
  /** The store upload; production builds only. */
  zip: string | null;
}

export const PRODUCTION_BUILDS: readonly BuildTarget[] = [
  { browser: 'chrome', development: false },
  { browser: 'firefox', development: false },
];
export const DEVELOPMENT_BUILDS: readonly BuildTarget[] = [
  { browser: 'chrome', development: true },
  { browser: 'firefox', development: true },
];

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
  targets: readonly BuildTarget[] = [...PRODUCTION_BUILDS, ...DEVELOPMENT_BUILDS],
  options: { quiet?: boolean } = {},
): Promise<BuiltExtension[]> {
  const built: BuiltExtension[] = [];
  // One after the other: the builds share the config and would fight over the 2 cores.
  for (const target of targets) {
    const name = buildName(target);
    await build({
      configFile: join(projectRoot, 'vite.config.ts'),
      mode: name,
      logLevel: options.quiet ? 'warn' : 'info',
    });
    const directory = join(distDir, name);
    let zip: string | null = null;
    if (!target.development) {
      zip = join(distDir, `portatour-user-admin-${target.browser}.zip`);
      await zipDirectory(directory, zip);
    }
    built.push({ ...target, name, directory, zip });
  }
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildExtension();
  for (const { name, directory, zip } of built) {
    console.log(
      `${name}: ${relative(projectRoot, directory)}/${zip ? ` and ${relative(projectRoot, zip)}` : ''}`,
    );
  }
}
