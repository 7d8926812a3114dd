// The extension in real Chromium against the real stand-in tenant and proxy (docs/administrators.md#the-import-wizard,
// "walking skeleton"). Needs the built extension: `npm run e2e` builds it first.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import * as XLSX from 'xlsx';
import { startBackends, tenantEmails, type Backends } from './support/backends.ts';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser.ts';
import { DEVELOPMENT_EXTENSION_ID } from '../../shared/development-extension.ts';
import { clickClosingButton } from './support/closing-click.ts';
import { settle } from './support/dialog-settle.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
// The development build: the production one does not run on the stand-in's 127.0.0.1.
const extensionDir = join(projectRoot, 'dist/chrome-dev');
const artifacts = join(projectRoot, 'test-artifacts');
const GROUP = { name: 'User import and export' };
// Set on <html> by the content script once it has decided what to show (buttons, notice, nothing).
const DECISION = 'data-portatour-user-admin';

let backends: Backends;
let browser: ExtensionBrowser;

beforeAll(async () => {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error('dist/chrome-dev is missing: run `npm run build` first (`npm run e2e` does).');
  }
  await mkdir(artifacts, { recursive: true });
  backends = await startBackends();
  browser = await launchExtensionBrowser(extensionDir);
  await browser.setProxyUrl(backends.proxyUrl);
});

afterAll(async () => {
  await browser?.close();
  await backends?.close();
});

async function openUsersPage(tenant: string, query = ''): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${backends.tenantUrl}/t/${tenant}/users${query}`);
  await page.waitForSelector(`html[${DECISION}]`, { timeout: 30_000 });
  onTestFailed(async ({ task }) => {
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page
      .screenshot({ path: join(artifacts, `failed-${name}.png`), timeout: 5000 })
      .catch(() => undefined);
  });
  return page;
}

/** The dialog's page, once the dialog stands still (see support/dialog-settle.ts). */
function dialogFrame(page: Page, name: string): Promise<FrameLocator> {
  return settle(page.frameLocator(`iframe[title="${name}"]`));
}

describe('extension on the stand-in tenant', () => {
  it('loads the development build with the extension id pinned by its manifest key', () => {
    expect(browser.extensionId).toBe(DEVELOPMENT_EXTENSION_ID);
  });

  it("shows Import, Export and Import settings in the group below the demo tenant's user list", async () => {
    const page = await openUsersPage('demo');
    const group = page.getByRole('group', GROUP);
    await group.waitFor();
    const names = await group.getByRole('button').allTextContents();
    expect(names).toEqual(['Import', 'Export', 'Import settings']);
    const list = await page.locator('#user-list').boundingBox();
    const groupBox = await group.boundingBox();
    expect(groupBox && list && groupBox.y >= list.y + list.height).toBe(true);
    await page.screenshot({ path: join(artifacts, 'demo-users-with-buttons.png'), fullPage: true });
    await page.close();
  });

  it('names the group and its buttons in German on the German page', async () => {
    const page = await openUsersPage('demo', '?lang=de');
    const group = page.getByRole('group', { name: 'Benutzerimport und -export' });
    await group.waitFor();
    expect(await group.getByRole('button').allTextContents()).toEqual([
      'Importieren',
      'Exportieren',
      'Importeinstellungen',
    ]);
    await group.getByRole('button', { name: 'Importieren' }).click();
    await page.getByRole('dialog', { name: 'Benutzer importieren' }).waitFor();
    await page.close();
  });

  it("exports the demo tenant's 12 users as XLSX under the server's file name", async () => {
    const page = await openUsersPage('demo');
    await page.getByRole('group', GROUP).getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export users' });
    await dialog.waitFor();
    const frame = await dialogFrame(page, 'Export users');
    await frame.getByRole('radio', { name: 'Excel workbook (.xlsx)' }).check();
    await page.screenshot({ path: join(artifacts, 'export-dialog.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = join(artifacts, download.suggestedFilename());
    await download.saveAs(file);

    const workbook = XLSX.read(await readFile(file));
    const firstSheet = workbook.Sheets[workbook.SheetNames[0] ?? ''];
    if (!firstSheet) throw new Error('the export has no sheet');
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(firstSheet);
    const exported = rows.map((row) => String(row.Email ?? '').toLowerCase()).sort();
    const expected = (await tenantEmails(backends.tenantUrl, 'demo', 'demo-admin-token'))
      .map((e) => e.toLowerCase())
      .sort();
    expect(expected).toHaveLength(12);
    expect(exported).toEqual(expected);
    await expect.poll(() => frame.getByRole('status').textContent()).toContain(download.suggestedFilename());
    await page.close();
  });

  it('exports CSV with the chosen semicolon delimiter', async () => {
    const page = await openUsersPage('demo');
    await page.getByRole('group', GROUP).getByRole('button', { name: 'Export' }).click();
    const frame = await dialogFrame(page, 'Export users');
    await frame.getByRole('radio', { name: 'CSV text file (.csv)' }).check();
    await frame.getByRole('combobox', { name: 'Column separator' }).selectOption(';');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = (await readFile(await download.path())).toString('utf8');
    const [header] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.split(';')).toContain('Email');
    await page.close();
  });

  it('downloads the import settings file', async () => {
    const page = await openUsersPage('demo');
    await page.getByRole('group', GROUP).getByRole('button', { name: 'Import settings' }).click();
    const frame = await dialogFrame(page, 'Import settings');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const settings = JSON.parse((await readFile(await download.path())).toString('utf8')) as {
      version?: number;
    };
    expect(settings.version).toBe(1);
    await page.close();
  });

  it('opens the "Import users" dialog with a real file input; Escape closes it and focus returns', async () => {
    const page = await openUsersPage('demo');
    const importButton = page.getByRole('group', GROUP).getByRole('button', { name: 'Import', exact: true });
    await importButton.click();
    const dialog = page.getByRole('dialog', { name: 'Import users' });
    await dialog.waitFor();
    const frame = await dialogFrame(page, 'Import users');
    const fileInput = frame.locator('input[type="file"]');
    await expect.poll(() => fileInput.count()).toBe(1);
    const next = frame.getByRole('button', { name: 'Next' });
    expect(await next.isDisabled()).toBe(true);
    // Focus starts inside the dialog, on the file input.
    await expect.poll(() => fileInput.evaluate((input) => input === document.activeElement)).toBe(true);

    await fileInput.setInputFiles({
      name: 'users.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Email\nanna@example.com\n'),
    });
    await expect.poll(() => next.isEnabled()).toBe(true);
    await expect
      .poll(() => frame.getByRole('status').textContent())
      .toMatch(/^Selected file: users\.csv · \d+ B$/);
    await page.screenshot({ path: join(artifacts, 'import-dialog.png') });

    // A file is chosen: Escape asks before leaving, and Leave closes.
    await page.keyboard.press('Escape');
    await clickClosingButton(frame.getByRole('button', { name: 'Leave' }));
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => importButton.evaluate((button) => button.matches(':focus'))).toBe(true);
    await page.close();
  });

  it('closes a dialog with Cancel', async () => {
    const page = await openUsersPage('demo');
    await page.getByRole('group', GROUP).getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export users' });
    await dialog.waitFor();
    const cancel = (await dialogFrame(page, 'Export users')).getByRole('button', { name: 'Cancel' });
    await clickClosingButton(cancel);
    await dialog.waitFor({ state: 'detached' });
    await page.close();
  });

  it('injects once: one group after load, and still one after leaving and coming back', async () => {
    const page = await openUsersPage('demo');
    await page.getByRole('group', GROUP).waitFor();
    expect(await page.getByRole('group', GROUP).count()).toBe(1);
    await page.goto(`${backends.tenantUrl}/t/solo/users`);
    await page.goBack();
    await page.waitForSelector(`html[${DECISION}]`);
    await page.getByRole('group', GROUP).waitFor();
    expect(await page.getByRole('group', GROUP).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Export' }).count()).toBe(1);
    await page.close();
  });

  it('explains a Salesforce or Dynamics tenant in one line and offers no buttons', async () => {
    for (const [tenant, system] of [
      ['sfdc', 'Salesforce'],
      ['dyn', 'Dynamics CRM'],
    ] as const) {
      const page = await openUsersPage(tenant);
      expect(await page.getAttribute('html', DECISION)).toBe('notice');
      const group = page.getByRole('group', GROUP);
      expect(await group.textContent()).toContain(`synchronized from ${system}`);
      expect(await group.getByRole('button').count()).toBe(0);
      if (tenant === 'sfdc')
        await page.screenshot({ path: join(artifacts, 'sfdc-users-notice.png'), fullPage: true });
      await page.close();
    }
  });

  it('says in one quiet line why the single-license tenant has no import or export', async () => {
    const page = await openUsersPage('solo');
    expect(await page.getAttribute('html', DECISION)).toBe('notice');
    expect(await page.getByRole('group', GROUP).textContent()).toContain(
      'Import and export are offered to companies with at least 2 licenses.',
    );
    expect(await page.getByRole('button', { name: 'Import' }).count()).toBe(0);
    await page.close();
  });

  it('shows nothing to a member who is not an administrator', async () => {
    const page = await openUsersPage('demo', '?as=user');
    expect(await page.getAttribute('html', DECISION)).toBe('nothing');
    expect(await page.getByRole('group', GROUP).count()).toBe(0);
    await page.close();
  });

  it('links the API description of the configured proxy on the options page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/src/options/options.html`);
    const link = page.getByRole('link', { name: 'API description' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`${backends.proxyUrl}/docs`);
    expect(await page.getByRole('textbox', { name: 'Proxy address' }).inputValue()).toBe(backends.proxyUrl);
    const docs = await fetch(`${backends.proxyUrl}/docs`);
    expect(docs.status).toBe(200);
    await page.screenshot({ path: join(artifacts, 'options-page.png'), fullPage: true });
    await page.close();
  });
});
