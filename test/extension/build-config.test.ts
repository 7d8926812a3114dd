import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GECKO_ID,
  LOOPBACK_PATTERNS,
  adaptManifest,
  buildName,
  buildTargetFromMode,
  type BuildTarget,
} from '../../extension/build/browser-manifest.ts';
import { DEVELOPMENT_EXTENSION_KEY } from '../../extension/build/development-key.ts';
import { withoutRawHtml } from '../../extension/build/no-raw-html.ts';
import { DEVELOPMENT_EXTENSION_ID } from '../../shared/development-extension.ts';
import { extensionIdFromPublicKey } from '../e2e/support/extension-id.ts';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

interface RenderedManifest extends Record<string, unknown> {
  background: { service_worker: string; scripts: string[]; type: string };
  host_permissions: string[];
  optional_host_permissions: string[];
  content_scripts: { matches: string[]; js: string[] }[];
  web_accessible_resources: { matches: string[]; resources: string[]; use_dynamic_url?: boolean }[];
}

// What @crxjs/vite-plugin hands the post hook: the source manifest with built file names and its own
// `use_dynamic_url: false`.
const rendered = {
  ...manifest,
  background: { service_worker: 'loader.js', scripts: ['loader.js'], type: 'module' },
  web_accessible_resources: (manifest.web_accessible_resources as object[]).map((entry) => ({
    ...entry,
    use_dynamic_url: false,
  })),
} as RenderedManifest;

const build = (browser: 'chrome' | 'firefox', development: boolean) =>
  adaptManifest(rendered, { browser, development });

/** Every match pattern through which a page gets the content script, our host access or the dialog. */
function pagePatterns(built: RenderedManifest): string[] {
  return [
    ...built.host_permissions,
    ...built.content_scripts.flatMap((entry) => entry.matches),
    ...built.web_accessible_resources.flatMap((entry) => entry.matches),
  ];
}

describe('per-build manifests', () => {
  it('name the folders under dist/ after browser and flavour, and read them back from the vite mode', () => {
    const targets: BuildTarget[] = [
      { browser: 'chrome', development: false },
      { browser: 'firefox', development: false },
      { browser: 'chrome', development: true },
      { browser: 'firefox', development: true },
    ];
    expect(targets.map(buildName)).toEqual(['chrome', 'firefox', 'chrome-dev', 'firefox-dev']);
    for (const target of targets) expect(buildTargetFromMode(buildName(target))).toEqual(target);
  });

  it('let the production builds run, reach and show the dialog only on portatour hosts', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const production = build(browser, false);
      expect(new Set(pagePatterns(production)), browser).toEqual(new Set(['https://*.portatour.net/*']));
      expect(production.key, browser).toBeUndefined();
      // A proxy on this machine is still possible, once the options page asked for the permission.
      expect(production.optional_host_permissions).toEqual(
        expect.arrayContaining(['https://*/*', 'http://127.0.0.1/*']),
      );
      expect(production.optional_host_permissions).not.toContain('http://*/*');
    }
  });

  it('add the loopback hosts to content script, host permissions and dialog in the development builds', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const development = build(browser, true);
      for (const patterns of [
        development.host_permissions,
        development.content_scripts[0]?.matches,
        development.web_accessible_resources[0]?.matches,
      ]) {
        expect(patterns).toEqual(['https://*.portatour.net/*', ...LOOPBACK_PATTERNS]);
      }
    }
  });

  it('serve the Chrome dialog only under the per-session dynamic id', () => {
    for (const development of [false, true]) {
      expect(build('chrome', development).web_accessible_resources[0]?.use_dynamic_url).toBe(true);
      // Firefox's schema has no such key (every installation has its own random host already).
      expect(build('firefox', development).web_accessible_resources[0]).not.toHaveProperty('use_dynamic_url');
    }
  });

  it('pin the extension id with the public key in the Chrome development build only', () => {
    expect(build('chrome', true).key).toBe(DEVELOPMENT_EXTENSION_KEY);
    expect(build('chrome', false).key).toBeUndefined();
    expect(build('firefox', true).key).toBeUndefined();
    expect(extensionIdFromPublicKey(DEVELOPMENT_EXTENSION_KEY)).toBe(DEVELOPMENT_EXTENSION_ID);
  });

  it('give Chrome the service worker, Firefox background scripts, its add-on id and data collection permissions', () => {
    expect(build('chrome', false).background).toEqual({ service_worker: 'loader.js', type: 'module' });
    const firefox = build('firefox', false);
    expect(firefox.background).toEqual({ scripts: ['loader.js'], type: 'module' });
    expect(firefox.browser_specific_settings).toMatchObject({
      gecko: { id: GECKO_ID, data_collection_permissions: { required: ['none'] } },
    });
  });

  it('leave the source manifest without key or loopback hosts', () => {
    expect(manifest.key).toBeUndefined();
    expect(new Set(pagePatterns(rendered))).toEqual(new Set(['https://*.portatour.net/*']));
  });
});

describe('raw HTML sink removal', () => {
  it("replaces preact's innerHTML assignment of dangerouslySetInnerHTML and nothing else", () => {
    const preact = readFileSync(
      new URL('../../node_modules/preact/dist/preact.module.js', import.meta.url),
      'utf8',
    );
    const cleaned = withoutRawHtml(preact);
    expect(cleaned).not.toMatch(/\.innerHTML=[\w$]+\.__html/);
    expect(cleaned).toContain('Raw HTML (dangerouslySetInnerHTML) is disabled');
    expect(withoutRawHtml('el.innerHTML=""')).toBe('el.innerHTML=""');
  });
});
