import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GECKO_ID, adaptManifest } from '../../extension/build/browser-manifest.ts';
import { withoutRawHtml } from '../../extension/build/no-raw-html.ts';
import { extensionIdFromPublicKey, PINNED_EXTENSION_ID } from '../e2e/support/extension-id.ts';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

describe('per-browser manifests', () => {
  const rendered: Record<string, unknown> & {
    background: { service_worker: string; scripts: string[]; type: string };
  } = {
    ...manifest,
    background: { service_worker: 'loader.js', scripts: ['loader.js'], type: 'module' },
  };

  it('give Chrome the service worker and the key that pins its id', () => {
    const chrome = adaptManifest(rendered, 'chrome');
    expect(chrome.background).toEqual({ service_worker: 'loader.js', type: 'module' });
    expect(chrome.key).toBe(manifest.key);
  });

  it('give Firefox background scripts, its add-on id and data collection permissions, and no key', () => {
    const firefox = adaptManifest(rendered, 'firefox');
    expect(firefox.background).toEqual({ scripts: ['loader.js'], type: 'module' });
    expect(firefox.key).toBeUndefined();
    expect(firefox.browser_specific_settings).toMatchObject({
      gecko: { id: GECKO_ID, data_collection_permissions: { required: ['none'] } },
    });
  });
});

describe('source manifest', () => {
  it('pins the Chrome extension id with the public key', () => {
    expect(extensionIdFromPublicKey(String(manifest.key))).toBe(PINNED_EXTENSION_ID);
    // The id is the first 128 bits of the key's SHA-256, written with the letters a–p.
    const digest = createHash('sha256')
      .update(Buffer.from(String(manifest.key), 'base64'))
      .digest('hex');
    expect(PINNED_EXTENSION_ID[0]).toBe(String.fromCharCode(97 + parseInt(digest[0] ?? '0', 16)));
  });

  it('runs the content script on the stand-in and on portatour, and allows the default proxy', () => {
    const [contentScript] = manifest.content_scripts as { matches: string[] }[];
    expect(contentScript?.matches).toEqual([
      'http://127.0.0.1/*',
      'http://localhost/*',
      'https://*.portatour.net/*',
    ]);
    expect(manifest.host_permissions).toContain('http://127.0.0.1:8787/*');
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
