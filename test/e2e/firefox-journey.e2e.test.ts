// The wizard's whole journey in Firefox ESR with the development build dist/firefox-dev (the production one
// runs only on portatour's hosts), as in Chromium: file, columns, preview with an error corrected in place,
// import, report, send access link. Driven over WebDriver BiDi by puppeteer-core, against the real stand-in
// tenant and proxy on random ports.
//
// BiDi cannot open moz-extension:// pages, so the options page cannot point the extension at the test proxy.
// The extension's UUID is pinned by a preference instead; its dialog page is web-accessible, so the test opens
// it in an iframe of the tenant's page and sets the proxy address from there, as the options page would (without
// the content script's handshake it shows no dialog, but its extension APIs work).
// Frames of moz-extension:// iframes are reached by evaluating in them (puppeteer reports their URL as
// about:blank).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInTenant } from '../stand-in-tenant/server.ts';
import { dialogFrame, startFirefoxStack, until, type FirefoxStack } from './support/firefox-extension.ts';

const ROOT_ID = 'portatour-user-import-export';
const artifacts = join(process.cwd(), 'test-artifacts');
let stack: FirefoxStack;
let tenant: StandInTenant;
let browser: Browser;

/** Clicks the enabled button named `name` (its text) in the frame, once there is one. */
async function click(frame: Frame, name: string): Promise<void> {
  await until(
    () =>
      frame.evaluate((label) => {
        const button = [...document.querySelectorAll('button')].find(
          (b) => b.textContent?.trim() === label && !b.disabled && !b.closest('[hidden]'),
        );
        button?.click();
        return Boolean(button);
      }, name),
    `a "${name}" button to click`,
  );
}

async function text(frame: Frame): Promise<string> {
  return frame.evaluate(() => document.body.innerText);
}

/** Waits for step `n` of 6 (the step's heading, which keyboard users land on). */
async function atStep(frame: Frame, n: number): Promise<void> {
  await until(
    () =>
      frame.evaluate(
        (step) => document.querySelector('h2.step-title')?.textContent?.startsWith(`Step ${step} of 6`),
        n,
      ),
    `step ${n}`,
  );
}

async function waitForText(frame: Frame, wanted: string, ms = 30_000): Promise<void> {
  try {
    // innerText follows CSS text-transform (the detected facts' names are upper case on screen).
    const lower = wanted.toLowerCase();
    await until(
      async () => (await text(frame)).toLowerCase().includes(lower),
      `"${wanted}" in the dialog`,
      ms,
    );
  } catch (error) {
    // What the administrator saw instead.
    throw new Error(`${String(error)}\n--- dialog ---\n${await text(frame).catch(() => '(gone)')}`);
  }
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  stack = await startFirefoxStack('portatour-firefox-journey-');
  ({ tenant, browser } = stack);
});

afterAll(async () => {
  await stack?.close();
});

describe('the import wizard in Firefox ESR', () => {
  it('imports a file with an error corrected in place, downloads the report and sends the access link', async () => {
    const page = await browser.newPage();
    await page.goto(`${tenant.url}/t/demo/users`);
    await page.waitForFunction(
      () => document.documentElement.getAttribute('data-portatour-user-admin') === 'buttons',
      { timeout: 30_000 },
    );
    await page.evaluate((rootId) => {
      const buttons = document.getElementById(rootId)?.shadowRoot?.querySelectorAll('button');
      [...(buttons ?? [])].find((b) => b.textContent === 'Import')?.click();
    }, ROOT_ID);
    const frame = await dialogFrame(page);
    await waitForText(frame, 'Choose file');

    // 1. The file: two new people, one with a broken e-mail address.
    const file = join(artifacts, 'firefox-team.csv');
    writeFileSync(
      file,
      'Email,First name,Last name,Has own schedule\r\nfox.one@example.com,Fiona,Fox,No\r\nfox.two-at-example.com,Felix,Fox,No\r\n',
    );
    const input = await until(() => frame.$('input[type="file"]'), 'the file input');
    await input.uploadFile(file);
    await waitForText(frame, 'Selected file: firefox-team.csv');
    await waitForText(frame, 'Data rows');
    await click(frame, 'Next');

    // 2. Columns, 3. home location, 4. the preview.
    await atStep(frame, 2);
    expect(
      await frame.evaluate(
        () =>
          (document.querySelector('select[aria-label="Field for column Email"]') as HTMLSelectElement)?.value,
      ),
    ).toBe('email');
    await click(frame, 'Next');
    await atStep(frame, 3);
    await click(frame, 'Next');
    await waitForText(frame, 'Invalid rows: 1.');
    await page.screenshot({ path: join(artifacts, 'firefox-wizard-4-preview.png') });

    // The error, corrected in place.
    await frame.evaluate(() => {
      const errorsOnly = [...document.querySelectorAll('label')].find((l) =>
        l.textContent?.startsWith('Errors only'),
      );
      (errorsOnly?.querySelector('input') as HTMLInputElement | null)?.click();
    });
    const correction = await until(
      () => frame.$('input[aria-label="New value for row 3, column Email"]'),
      'the correction field',
    );
    await correction.evaluate((field) => {
      (field as HTMLInputElement).value = 'fox.two@example.com';
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await waitForText(frame, 'Looks valid.');
    await click(frame, 'Apply');
    await until(
      () => frame.evaluate(() => !document.body.innerText.includes('Invalid rows')),
      'the corrected preview',
    );

    // 5. The import, 6. the report and the access link.
    await click(frame, 'Start import');
    await waitForText(frame, 'The import is complete.', 60_000);
    expect(tenant.store.getUserByEmail('demo', 'fox.two@example.com')?.givenName).toBe('Felix');
    expect(tenant.store.getUserByEmail('demo', 'fox.one@example.com')?.accessLinkSentAt).toBeNull();
    await click(frame, 'Download report');
    await waitForText(frame, 'Downloaded ');
    await click(frame, 'Send access link');
    await waitForText(frame, 'Send the access link to 2 new users?');
    await click(frame, 'Send');
    await waitForText(frame, 'Access link sent to 2 new users.');
    expect(await text(frame)).toContain('New users not notified yet: 0.');
    await page.screenshot({ path: join(artifacts, 'firefox-wizard-6-done.png') });
    expect(tenant.store.getUserByEmail('demo', 'fox.one@example.com')?.accessLinkSentAt).not.toBeNull();
    expect(tenant.store.getUserByEmail('demo', 'fox.two@example.com')?.accessLinkSentAt).not.toBeNull();
    await page.close();
  });
});
