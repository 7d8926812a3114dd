// The differences between the builds, applied to what @crxjs/vite-plugin renders from the one source
// manifest (/manifest.json): Chrome or Firefox, production or development.
//
// The source manifest is the production one: content script, host permissions and web-accessible
// dialog only on portatour's own hosts. The development build (dist/chrome-dev/, dist/firefox-dev/)
// adds the loopback hosts, where the stand-in tenant and the proxy run for `npm start` and the tests,
// and, for Chrome, the key that pins a known extension id. Neither belongs in a store build: any page
// on any local port could then load the dialog or get the buttons.
import { DEVELOPMENT_EXTENSION_KEY } from './development-key.ts';

export type TargetBrowser = 'chrome' | 'firefox';

export interface BuildTarget {
  browser: TargetBrowser;
  development: boolean;
}

/** Firefox's add-on id; stable, so updates and storage survive reinstalls. */
export const GECKO_ID = 'user-admin@portatour.net';

/** Where the development build also runs: the stand-in tenant and the proxy on this machine, any port. */
export const LOOPBACK_PATTERNS = ['http://127.0.0.1/*', 'http://localhost/*'] as const;

/** `chrome`, `firefox`, `chrome-dev`, `firefox-dev`: the vite mode and the folder under dist/. */
export function buildName(target: BuildTarget): string {
  return `${target.browser}${target.development ? '-dev' : ''}`;
}

export function buildTargetFromMode(mode: string): BuildTarget {
  return {
    browser: mode.startsWith('firefox') ? 'firefox' : 'chrome',
    development: mode.endsWith('-dev'),
  };
}

type Manifest = Record<string, unknown> & {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  web_accessible_resources?: { matches?: string[]; use_dynamic_url?: boolean }[];
};

const withLoopback = (patterns: string[] | undefined): string[] => [
  ...(patterns ?? []),
  ...LOOPBACK_PATTERNS.filter((pattern) => !patterns?.includes(pattern)),
];

export function adaptManifest<M extends Manifest>(manifest: M, target: BuildTarget): M {
  const adapted: M = structuredClone(manifest);
  delete adapted.key;
  if (target.development) {
    adapted.host_permissions = withLoopback(adapted.host_permissions);
    for (const script of adapted.content_scripts ?? []) script.matches = withLoopback(script.matches);
    for (const resource of adapted.web_accessible_resources ?? [])
      resource.matches = withLoopback(resource.matches);
  }
  if (target.browser === 'chrome') {
    // Chrome runs the service worker; `scripts` would only earn a warning.
    if (adapted.background) delete adapted.background.scripts;
    // The dialog is reachable only under a per-session id that the content script learns from
    // runtime.getURL; a page that knows the extension's id still cannot load it.
    for (const resource of adapted.web_accessible_resources ?? []) resource.use_dynamic_url = true;
    if (target.development) Object.assign(adapted, { key: DEVELOPMENT_EXTENSION_KEY });
    return adapted;
  }
  // Firefox gives every installation its own random moz-extension:// host already, and its schema
  // knows no `use_dynamic_url`; it rejects `key` and uses the gecko id instead.
  for (const resource of adapted.web_accessible_resources ?? []) delete resource.use_dynamic_url;
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
