// A page on another local port must not drive the extension: neither load the dialog nor get the
// buttons. Before, the production build let any page on 127.0.0.1 or localhost (any port) frame the
// dialog with a tenant of its choosing in the URL, and download the company's users with the support
// token in one click. Real Chromium, the built extensions, the real stand-in tenant and proxy, and a
// second local server playing the foreign page.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackends, type Backends } from './support/backends.ts';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const DECISION = 'data-portatour-user-admin';
const REFUSAL = /works only when it is opened with the Import, Export or Import settings button/;
const GROUP = { name: 'User import and export' };

let backends: Backends;
let foreign: Server;
let foreignUrl: string;

/** The foreign page: frames `src` and hands it a made-up connect message, as an attacker would. */
function framingPage(src: string): string {
  return `<!doctype html><html><body>
<iframe id="dialog" style="width:600px;height:400px" src="${src}"></iframe>
<script>
  window.received = [];
  const frame = document.getElementById('dialog');
  frame.addEventListener('load', () => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => window.received.push(event.data);
    frame.contentWindow.postMessage({
      source: 'portatour-user-admin-dialog', type: 'connect', ticket: 'guessed',
      context: { view: 'export', tenantId: 'demo', language: 'en', pageToken: null },
    }, '*', [channel.port2]);
  });
</script></body></html>`;
}

/** A user management page like the stand-in's, without a token of its own. */
const tokenlessUsersPage = `<!doctype html><html lang="en"><body><section id="user-management">
<table id="user-list"><tr><td>Someone</td></tr></table></section></body></html>`;

beforeAll(async () => {
  backends = await startBackends();
  foreign = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(
      url.pathname === '/frame' ? framingPage(url.searchParams.get('src') ?? '') : tokenlessUsersPage,
    );
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => foreign?.close(resolve));
  await backends?.close();
});

/** The extension of `build` in Chromium, pointed at the test proxy, with a support token for the demo page. */
async function launch(build: 'chrome' | 'chrome-dev'): Promise<ExtensionBrowser> {
  const directory = join(projectRoot, 'dist', build);
  if (!existsSync(join(directory, 'manifest.json'))) {
    throw new Error(`dist/${build} is missing: run \`npm run build\` first (\`npm run e2e\` does).`);
  }
  const browser = await launchExtensionBrowser(directory);
  await browser.serviceWorker.evaluate((settings) => chrome.storage.local.set(settings), {
    proxyUrl: backends.proxyUrl,
    supportToken: 'demo-admin-token',
    supportTokenPage: `${backends.tenantUrl}/t/demo/users`,
  });
  return browser;
}

/** Opens `url` and counts the extension's content-script worlds in it once the page has loaded. */
async function contentScriptWorlds(
  browser: ExtensionBrowser,
  url: string,
): Promise<{ page: Page; worlds: number }> {
  const page = await browser.context.newPage();
  const session = await browser.context.newCDPSession(page);
  const origins: string[] = [];
  session.on('Runtime.executionContextCreated', ({ context }) => origins.push(context.origin));
  await session.send('Runtime.enable');
  // Content scripts run at document_end, before the load event that goto waits for; the round trip
  // makes sure every event before it has arrived.
  await page.goto(url);
  await session.send('Runtime.evaluate', { expression: '1' });
  await session.detach();
  return {
    page,
    worlds: origins.filter((origin) => origin === `chrome-extension://${browser.extensionId}`).length,
  };
}

describe('the production build', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch('chrome');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has no fixed id, and a page on another local port cannot load its dialog even knowing the id', async () => {
    expect(browser.extensionId).not.toBe('bogfcckjjhhghjalkkonnpicfbjmdebe');
    const dialogUrl = `chrome-extension://${browser.extensionId}/src/dialog/dialog.html#view=export&tenant=demo`;
    const page = await browser.context.newPage();
    await page.goto(`${foreignUrl}/frame?src=${encodeURIComponent(dialogUrl)}`);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    // The browser refuses the load (an error page instead of the dialog).
    expect(frame?.url()).not.toMatch(/^chrome-extension:/);
    expect(await page.frameLocator('#dialog').getByRole('button').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([]);
    await page.close();
  });

  it('runs no content script on local pages: neither on a foreign port nor on the stand-in', async () => {
    for (const url of [`${foreignUrl}/t/demo/users`, `${backends.tenantUrl}/t/demo/users`]) {
      const { page, worlds } = await contentScriptWorlds(browser, url);
      expect(worlds, url).toBe(0);
      expect(await page.getAttribute('html', DECISION), url).toBeNull();
      expect(await page.getByRole('group', GROUP).count(), url).toBe(0);
      await page.close();
    }
  });
});

describe('the development build', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch('chrome-dev');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('gives a tokenless page on another local port no buttons: the support token belongs to its own page', async () => {
    const { page, worlds } = await contentScriptWorlds(browser, `${foreignUrl}/t/demo/users`);
    // The content script does run there (the development build works on loopback hosts) …
    expect(worlds).toBe(1);
    await page.waitForSelector(`html[${DECISION}]`, { timeout: 30_000 });
    // … but finds no token it may use.
    expect(await page.getAttribute('html', DECISION)).toBe('nothing');
    expect(await page.getByRole('group', GROUP).count()).toBe(0);
    await page.close();
  });

  it('refuses to run when a foreign page frames the dialog, even under the address the content script used', async () => {
    // The address a script on a page with our buttons can read from the (open) shadow root.
    const owner = await browser.context.newPage();
    await owner.goto(`${backends.tenantUrl}/t/demo/users`);
    await owner.getByRole('group', GROUP).getByRole('button', { name: 'Export' }).click();
    const dynamicUrl = await owner
      .locator('iframe[title="Export users"]')
      .evaluate((frame) => (frame as HTMLIFrameElement).src);
    await owner.close();

    const page = await browser.context.newPage();
    await page.goto(`${foreignUrl}/frame?src=${encodeURIComponent(dynamicUrl)}`);
    const dialog = page.frameLocator('#dialog');
    await dialog.getByText(REFUSAL).waitFor();
    expect(await dialog.getByRole('button').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([]);
    await page.close();
  });

  it('still opens the dialog from its own buttons on the stand-in page and downloads with the page token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${backends.tenantUrl}/t/demo/users`);
    await page.getByRole('group', GROUP).getByRole('button', { name: 'Export' }).click();
    const frame = page.frameLocator('iframe[title="Export users"]');
    await frame.getByRole('button', { name: 'Download' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^portatour-users-demo-.*\.xlsx$/);
    await page.close();
  });
});
