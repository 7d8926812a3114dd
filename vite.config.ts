// Builds the extension for one browser: `vite build --mode chrome|firefox` → dist/{browser}/.
// `npm run build` (scripts/build-extension.ts) runs both and zips them.
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { adaptManifest, type TargetBrowser } from './extension/build/browser-manifest.ts';
import { noRawHtml } from './extension/build/no-raw-html.ts';
import manifest from './manifest.json' with { type: 'json' };

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const extensionRoot = `${projectRoot}extension`;

/** Applies the per-browser manifest differences after crxjs has rendered the manifest. */
function browserManifest(browser: TargetBrowser): Plugin {
  return {
    name: 'portatour:browser-manifest',
    enforce: 'post',
    // @crxjs/vite-plugin calls this hook of every plugin once it has rendered the manifest.
    renderCrxManifest: (rendered: Record<string, unknown>) => adaptManifest(rendered, browser),
  } as Plugin;
}

export default defineConfig(({ mode }) => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
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
      browserManifest(browser),
    ],
    build: {
      outDir: `${projectRoot}dist/${browser}`,
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
