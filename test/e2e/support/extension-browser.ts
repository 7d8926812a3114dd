// Chromium with the built extension loaded, for the real-browser tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Points the extension at a proxy, as the options page would. */
  setProxyUrl(proxyUrl: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchExtensionBrowser(extensionDir: string): Promise<ExtensionBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'portatour-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    // headless=new (below) runs extensions; Playwright's own headless flag would pick the old mode.
    headless: false,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  // A step that cannot happen fails within 20 s naming the step, instead of hanging until the test's timeout.
  context.setDefaultTimeout(20_000);
  try {
    const serviceWorker =
      context.serviceWorkers().find((worker) => worker.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(serviceWorker.url()).host;
    return {
      context,
      extensionId,
      serviceWorker,
      setProxyUrl: (proxyUrl) =>
        serviceWorker.evaluate((url) => chrome.storage.local.set({ proxyUrl: url }), proxyUrl),
      close: async () => {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
