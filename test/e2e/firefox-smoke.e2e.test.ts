// Firefox smoke test: Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core, installs the
// development build dist/firefox-dev (the production one runs only on portatour's hosts) and injects the three buttons into the stand-in's user management page.
// The proxy runs on a port of its own, so the test runs beside `npm start`.
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInTenant } from '../stand-in-tenant/server.ts';
import { startFirefoxStack, type FirefoxStack } from './support/firefox-extension.ts';

// extension/src/features/import-export-buttons.ts ROOT_ID (that module needs the extension runtime to load).
const ROOT_ID = 'portatour-user-import-export';
let stack: FirefoxStack;
let tenant: StandInTenant;
let browser: Browser;

beforeAll(async () => {
  stack = await startFirefoxStack('portatour-firefox-');
  ({ tenant, browser } = stack);
});

afterAll(async () => {
  await stack?.close();
});

/** The labels of the injected group's buttons (inside the extension's shadow root), once they are there. */
async function injectedButtons(
  tenantId: string,
): Promise<{ decision: string | null; buttons: string[]; text: string }> {
  const page = await browser.newPage();
  await page.goto(`${tenant.url}/t/${tenantId}/users`);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-portatour-user-admin'), {
    timeout: 30_000,
  });
  const result = await page.evaluate((rootId) => {
    const root = document.getElementById(rootId)?.shadowRoot;
    return {
      decision: document.documentElement.getAttribute('data-portatour-user-admin'),
      buttons: [...(root?.querySelectorAll('button') ?? [])].map(
        (button) => button.textContent?.trim() ?? '',
      ),
      text: root?.textContent ?? '',
    };
  }, ROOT_ID);
  await page.screenshot({ path: `test-artifacts/firefox-${tenantId}-users.png`, fullPage: true });
  await page.close();
  return result;
}

describe('the Firefox build in Firefox ESR', () => {
  it('injects Import, Export and Import settings below the demo user list', async () => {
    const { decision, buttons } = await injectedButtons('demo');
    expect(decision).toBe('buttons');
    expect(buttons).toEqual(['Import', 'Export', 'Import settings']);
  });

  it('shows the Salesforce line and no buttons for a connected tenant', async () => {
    const { decision, buttons, text } = await injectedButtons('sfdc');
    expect(decision).toBe('notice');
    expect(buttons).toEqual([]);
    expect(text).toMatch(/Salesforce/);
  });
});
