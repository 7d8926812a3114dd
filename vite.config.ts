// Builds the extension for one browser: `vite build --mode chrome|firefox|chrome-dev|firefox-dev` →
// dist/{mode}/ (the -dev builds also run on loopback hosts, see extension/build/browser-manifest.ts).
// `npm run build` (scripts/build-extension.ts) runs them and zips the production ones.
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import {
  adaptManifest,
  buildName,
  buildTargetFromMode,
  type BuildTarget,
} from './extension/build/browser-manifest.ts';
import { noRawHtml } from './extension/build/no-raw-html.ts';
import manifest from './manifest.json' with { type: 'json' };

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const extensionRoot = `${projectRoot}extension`;

/** Applies the per-build manifest differences after crxjs has rendered the manifest. */
function browserManifest(target: BuildTarget): Plugin {
  return {
    name: 'portatour:browser-manifest',
    enforce: 'post',
    // @crxjs/vite-plugin calls this hook of every plugin once it has rendered the manifest.
    renderCrxManifest: (rendered: Record<string, unknown>) => adaptManifest(rendered, target),
  } as Plugin;
}

export default defineConfig(({ mode }) => {
  const target = buildTargetFromMode(mode);
  const { browser } = target;
  return {
    root: extensionRoot,
    publicDir: false,
    plugins: [
      noRawHtml(),
      preact(),
      crx({
        manifest: manifest as ManifestV3Export,
        browser,
        // One self-contained file: no loader, no extra request, and the size is easy to measure.
        contentScripts: { standaloneFiles: ['src/content/main.ts'] },
      }),
      browserManifest(target),
    ],
    build: {
      outDir: `${projectRoot}dist/${buildName(target)}`,
      emptyOutDir: true,
      sourcemap: false,
      target: browser === 'firefox' ? 'firefox140' : 'chrome120',
      rollupOptions: {
        // Web-accessible pages are not entry points of their own for crxjs; the dialog is.
        input: { dialog: `${extensionRoot}/src/dialog/dialog.html` },
      },
    },
  };
});
