// The differences between the Chrome and the Firefox manifest, applied to what @crxjs/vite-plugin
// renders from the one source manifest (/manifest.json).

export type TargetBrowser = 'chrome' | 'firefox';

/** Firefox's add-on id; stable, so updates and storage survive reinstalls. */
export const GECKO_ID = 'user-admin@portatour.net';

type Manifest = Record<string, unknown> & {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
};

export function adaptManifest<M extends Manifest>(manifest: M, browser: TargetBrowser): M {
  const adapted: M = structuredClone(manifest);
  if (browser === 'chrome') {
    // Chrome runs the service worker; `scripts` would only earn a warning.
    if (adapted.background) delete adapted.background.scripts;
    return adapted;
  }
  // `key` pins the Chrome extension id; Firefox rejects it and uses the gecko id instead.
  delete adapted.key;
  const worker = adapted.background?.scripts?.[0] ?? adapted.background?.service_worker;
  if (worker) {
    // Firefox runs `scripts` (an event page) and ignores `service_worker`, which `web-ext lint`
    // reports; the source manifest keeps both, each build only its own.
    adapted.background = { scripts: [worker], type: 'module' };
  }
  Object.assign(adapted, {
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        // 140: the first Firefox that knows `data_collection_permissions`.
        strict_min_version: '140.0',
        // The extension collects nothing; it talks only to the configured proxy.
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android learnt `data_collection_permissions` in 142.
      gecko_android: { strict_min_version: '142.0' },
    },
  });
  return adapted;
}
