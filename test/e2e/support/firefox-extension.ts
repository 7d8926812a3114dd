// Firefox ESR with the development build installed, driven over WebDriver BiDi by puppeteer-core. The extension's
// installation UUID is fixed by a preference, so the tests know its origin (the proxy's CORS allows it) and can
// reach its pages; BiDi may not navigate to moz-extension:// pages, so they are framed into the stand-in's page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../../extension/build/browser-manifest.ts';
import { startProxy, type RunningProxy } from '../../../proxy/server.ts';
import { startStandInTenant, type StandInTenant } from '../../stand-in-tenant/server.ts';

export const EXTENSION_UUID = '1b8e2f3c-0d4a-4c7e-9a51-6f2d3b7c8e90';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
export const DIALOG_URL = `${EXTENSION_ORIGIN}/src/dialog/dialog.html`;

/** Polls `read` until it gives a value; fails naming `what` after `ms`. */
export async function until<T>(
  read: () => Promise<T | null | undefined | false>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Firefox: ${what} did not happen within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The frame of the extension's dialog page inside `page`. */
export function dialogFrame(page: Page): Promise<Frame> {
  return until(async () => {
    for (const frame of page.frames()) {
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(DIALOG_URL)) return frame;
    }
    return null;
  }, 'the dialog page');
}

/** Firefox ESR with dist/firefox-dev installed, its UUID fixed. */
export async function launchFirefoxWithExtension(profile: string): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }) },
  });
  await browser.installExtension(join(process.cwd(), 'dist/firefox-dev'));
  return browser;
}

/** Points the extension at a test's proxy (on a port of its own) through its own page, as the options page does. */
export async function pointExtensionAtProxy(
  browser: Browser,
  tenantUrl: string,
  proxyUrl: string,
): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${tenantUrl}/t/demo/users`);
  await page.evaluate(
    (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    },
    `${DIALOG_URL}#view=export&tenant=demo&lang=en&parent=${encodeURIComponent(tenantUrl)}`,
  );
  const frame = await dialogFrame(page);
  await frame.evaluate(async (url) => {
    await (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.set({ proxyUrl: url });
  }, proxyUrl);
  await page.close();
}

export interface FirefoxStack {
  tenant: StandInTenant;
  proxy: RunningProxy;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The stand-in tenant and the proxy on ports of their own (so the tests run beside `npm start`), and Firefox with
 * the extension pointed at that proxy; the proxy answers this install's origin, as ALLOWED_EXTENSION_IDS would.
 */
export async function startFirefoxStack(profilePrefix: string): Promise<FirefoxStack> {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const tenant = await startStandInTenant({ port: 0 });
  const proxy = await startProxy({
    port: 0,
    userApiUrl: tenant.url,
    log: () => {},
    allowedExtensionOrigins: [EXTENSION_ORIGIN],
  });
  const close = async () => {
    await browser?.close();
    await proxy.close();
    await tenant.close();
    rmSync(profile, { recursive: true, force: true });
  };
  let browser: Browser | undefined;
  try {
    browser = await launchFirefoxWithExtension(profile);
    await pointExtensionAtProxy(browser, tenant.url, proxy.url);
  } catch (error) {
    await close();
    throw error;
  }
  return { tenant, proxy, browser, close };
}
