// The import wizard in real Chromium with the built extension, against the real stand-in tenant and proxy.
// Clicks only what a person clicks, inside the dialog's iframe; checks the result in the
// tenant's own database and on the page. Needs the built extension (`npm run e2e` builds it first).
// Over 400 lines on purpose: the tests share one browser, tenant and proxy, which cost more to start than they run.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { startProxy, type RunningProxy } from '../../proxy/server.ts';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser.ts';
import { csvFile, readReport, xlsxFile, type UploadFile } from './support/import-fixtures.ts';
import { clickClosingButton } from './support/closing-click.ts';
import { settle } from './support/dialog-settle.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
// The development build: the production one does not run on the stand-in's 127.0.0.1.
const extensionDir = join(projectRoot, 'dist/chrome-dev');
const artifacts = join(projectRoot, 'test-artifacts');
const DECISION = 'data-portatour-user-admin';

let tenant: StandInTenant;
let proxy: RunningProxy;
let browser: ExtensionBrowser;

beforeAll(async () => {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error('dist/chrome-dev is missing: run `npm run build` first (`npm run e2e` does).');
  }
  await mkdir(artifacts, { recursive: true });
  tenant = await startStandInTenant({ port: 0, faultInjection: true });
  proxy = await startProxy({ port: 0, userApiUrl: tenant.url });
  browser = await launchExtensionBrowser(extensionDir);
  await browser.setProxyUrl(proxy.url);
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await tenant?.close();
});

beforeEach(async () => {
  tenant.store.resetToSeed();
  await fetch(`${tenant.url}/__test/faults`, { method: 'DELETE' });
});

const demoUser = (email: string) => tenant.store.getUserByEmail('demo', email);

async function openWizard(query = ''): Promise<{ page: Page; frame: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(`${tenant.url}/t/demo/users${query}`);
  await page.waitForSelector(`html[${DECISION}]`, { timeout: 30_000 });
  const german = query.includes('lang=de');
  await page
    .getByRole('group', { name: german ? 'Benutzerimport und -export' : 'User import and export' })
    .getByRole('button', { name: german ? 'Importieren' : 'Import', exact: true })
    .click();
  const title = german ? 'Benutzer importieren' : 'Import users';
  await page.getByRole('dialog', { name: title }).waitFor();
  const frame = await settle(page.frameLocator(`iframe[title="${title}"]`));
  // A failure leaves what the administrator saw: a screenshot and the dialog's text.
  onTestFailed(async ({ task }) => {
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page.screenshot({ path: join(artifacts, `failed-${name}.png`) }).catch(() => undefined);
    const text = await frame
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => '(no dialog)');
    console.error(`dialog when "${task.name}" failed:\n${text}`);
  });
  return { page, frame };
}

/** Chooses the file and waits until the proxy has read it (the detected facts appear). */
async function chooseFile(frame: FrameLocator, file: UploadFile, detectedLabel = 'Detected in the file') {
  await frame.locator('input[type="file"]').setInputFiles(file);
  await frame.getByRole('definition').first().waitFor();
  await frame.locator(`[aria-label="${detectedLabel}"]`).waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `wizard-${name}.png`) });
}

/** Waits until the wizard shows step `number` (of 6), so that the next click reaches that step's buttons. */
async function atStep(frame: FrameLocator, number: number): Promise<void> {
  await frame
    .locator('h2.step-title', { hasText: new RegExp(`\\b${number}\\D+6\\b`) })
    .waitFor({ state: 'attached' });
}

/** Upload → columns → home → preview with the automatic mapping, as a person clicks: one step at a time. */
async function toPreview(frame: FrameLocator, file: UploadFile, next = 'Next'): Promise<void> {
  await chooseFile(frame, file);
  await frame.getByRole('button', { name: next }).click();
  await atStep(frame, 2);
  await frame.getByRole('button', { name: next }).click();
  await atStep(frame, 3);
  await frame.getByRole('button', { name: next }).click();
  await frame.getByRole('list', { name: 'Summary' }).waitFor();
}

async function summaryCount(frame: FrameLocator, label: string, list = 'Summary'): Promise<number> {
  const card = frame.getByRole('list', { name: list }).getByRole('listitem').filter({ hasText: label });
  return Number(await card.locator('.card-count').textContent());
}

describe('import wizard in the browser', () => {
  it('imports 3 new, 2 changed and 1 deactivated user; the page and the report show it', async () => {
    const { page, frame } = await openWizard();
    const file = xlsxFile('team.xlsx', [
      ['Email', 'First name', 'Last name', 'Active'],
      ['nora.new@example.com', 'Nora', 'New', 'Yes'],
      ['otto.new@example.com', 'Otto', 'New', 'Yes'],
      ['paula.new@example.com', 'Paula', 'New', 'Yes'],
      ['lukas.mueller@example.com', 'Luke', 'Müller', 'Yes'],
      ['sophie.becker@example.com', 'Sophie', 'Becker-Braun', 'Yes'],
      ['giulia.rossi@example.com', 'Giulia', 'Rossi', 'No'],
      ['anna.schmidt@example.com', 'Anna', 'Schmidt', 'Yes'],
    ]);
    await chooseFile(frame, file);
    expect(await frame.getByText('team.xlsx').first().textContent()).toContain('team.xlsx');
    expect(await frame.locator('[aria-label="Detected in the file"]').textContent()).toContain('Users');
    await shot(page, '1-file');

    await frame.getByRole('button', { name: 'Next' }).click();
    // Every field name has its (i) with the info text as tooltip (docs/administrators.md#the-import-wizard).
    const about = frame.getByRole('button', { name: 'About Email' });
    await about.waitFor();
    await about.hover();
    const tooltipId = await about.getAttribute('aria-describedby');
    expect(await frame.locator(`[id="${tooltipId}"]`).textContent()).toMatch(/\S/);
    // The fields not in the file keep their (i) behind one disclosure.
    await frame.getByRole('button', { name: /^Fields not in the file/ }).click();
    expect(await frame.getByRole('button', { name: 'About Home city' }).count()).toBe(1);
    await shot(page, '2-columns');

    await frame.getByRole('button', { name: 'Next' }).click();
    await frame.getByRole('combobox', { name: 'Column for Home city' }).waitFor();
    await shot(page, '3-home');

    await frame.getByRole('button', { name: 'Next' }).click();
    await frame.getByRole('list', { name: 'Summary' }).waitFor();
    expect(await summaryCount(frame, 'new')).toBe(3);
    expect(await summaryCount(frame, 'updated')).toBe(2);
    expect(await summaryCount(frame, 'deactivated')).toBe(1);
    expect(await summaryCount(frame, 'unchanged')).toBe(1);
    const table = frame.getByRole('table', { name: 'Planned changes' });
    expect(await table.textContent()).toContain('Last name: Becker → Becker-Braun');
    await shot(page, '4-preview');

    await frame.getByRole('button', { name: 'Start import' }).click();
    await frame.getByRole('button', { name: 'Download report' }).waitFor();
    expect(await frame.getByText('The import is complete.').count()).toBe(1);
    await shot(page, '6-done');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download report' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const report = readReport(await readFile(await download.path()));
    const outcomeOf = (email: string) => report.find((row) => row.Email === email)?.Outcome;
    expect(outcomeOf('nora.new@example.com')).toBe('created');
    expect(outcomeOf('paula.new@example.com')).toBe('created');
    expect(outcomeOf('lukas.mueller@example.com')).toBe('updated');
    expect(outcomeOf('sophie.becker@example.com')).toBe('updated');
    expect(outcomeOf('giulia.rossi@example.com')).toBe('deactivated');
    expect(outcomeOf('anna.schmidt@example.com')).toBe('unchanged');

    // Close reloads the page's user list.
    await clickClosingButton(frame.getByRole('button', { name: 'Close' }));
    await page.waitForSelector(`html[${DECISION}]`);
    const list = page.locator('#user-list');
    await expect.poll(() => list.textContent()).toContain('otto.new@example.com');
    expect(await list.textContent()).toContain('Becker-Braun');
    expect(demoUser('giulia.rossi@example.com')?.active).toBe(false);
    expect(demoUser('lukas.mueller@example.com')?.givenName).toBe('Luke');
    await page.close();
  });

  it('lists errors by row and column, corrects one in place, and imports', async () => {
    const { page, frame } = await openWizard();
    await toPreview(
      frame,
      csvFile('errors.csv', [
        ['Email', 'First name', 'Last name', 'Language'],
        ['olga.ok@example.com', 'Olga', 'Ok', 'en'],
        ['bruno.bad-at-example.com', 'Bruno', 'Bad', 'en'],
        ['lea.lang@example.com', 'Lea', 'Lang', 'klingon'],
      ]),
    );
    const start = frame.getByRole('button', { name: 'Start import' });
    expect(await start.isDisabled()).toBe(true);
    expect(await frame.getByRole('alert').first().textContent()).toContain('Invalid rows: 2.');

    await frame.getByRole('checkbox', { name: /Errors only/ }).check();
    const errors = frame.getByRole('table', { name: 'Errors by row and column' });
    const rows = errors.getByRole('row');
    await expect.poll(() => rows.count()).toBe(3); // header + 2 errors
    expect((await rows.nth(1).textContent()) ?? '').toMatch(/^3\s*Email/);
    expect((await rows.nth(2).textContent()) ?? '').toMatch(/^4\s*Language/);

    const input = frame.getByRole('textbox', { name: 'New value for row 3, column Email' });
    await input.fill('bruno.bad');
    // Instant check with the shared rules, before the proxy is asked.
    await expect.poll(() => errors.textContent()).toContain("Email 'bruno.bad' is not a valid");
    expect(await errors.getByRole('button', { name: 'Apply' }).first().isDisabled()).toBe(true);
    await input.fill('bruno.bad@example.com');
    await expect.poll(() => errors.textContent()).toContain('Looks valid.');
    await shot(page, '4-preview-errors');
    await errors.getByRole('button', { name: 'Apply' }).first().click();
    await expect.poll(() => rows.count()).toBe(2); // header + the language error
    expect(await summaryCount(frame, 'invalid')).toBe(1);
    expect(await start.isDisabled()).toBe(true);

    await frame.getByRole('checkbox', { name: /Skip the invalid rows \(1\)/ }).check();
    await expect.poll(() => start.isEnabled()).toBe(true);
    await start.click();
    await frame.getByRole('button', { name: 'Download report' }).waitFor();
    expect(demoUser('bruno.bad@example.com')?.givenName).toBe('Bruno');
    expect(demoUser('olga.ok@example.com')).toBeDefined();
    expect(demoUser('lea.lang@example.com')).toBeUndefined();
    await page.close();
  });

  it('keeps Start import disabled until the schedule deletion is confirmed', async () => {
    const { page, frame } = await openWizard();
    await toPreview(
      frame,
      xlsxFile('office.xlsx', [
        ['Email', 'Has own schedule'],
        ['lukas.mueller@example.com', 'No'],
      ]),
    );
    const start = frame.getByRole('button', { name: 'Start import' });
    const confirm = frame.getByRole('checkbox', { name: /schedule data of these users \(1\) is deleted/ });
    await confirm.waitFor();
    expect(await frame.getByRole('group', { name: 'Please confirm' }).textContent()).toContain(
      'Lukas Müller',
    );
    expect(await start.isDisabled()).toBe(true);
    await shot(page, '4-preview-confirm');

    await confirm.check();
    expect(await start.isEnabled()).toBe(true);
    await start.click();
    await frame.getByRole('button', { name: 'Download report' }).waitFor();
    expect(demoUser('lukas.mueller@example.com')?.hasOwnSchedule).toBe(false);
    await page.close();
  });

  it('resolves a license shortage in the wizard: office staff chosen in the table, then only the rows that fit, then a skipped one as office staff', async () => {
    // 22 new field users; the demo company has 15 of its 25 licenses free.
    const people = Array.from({ length: 22 }, (_, i) => [`new${i + 1}@example.com`, `New${i + 1}`, 'Person']);
    const { page, frame } = await openWizard();
    await toPreview(frame, xlsxFile('new-people.xlsx', [['Email', 'First name', 'Last name'], ...people]));
    const start = frame.getByRole('button', { name: 'Start import' });
    expect(await frame.getByRole('alert').first().textContent()).toContain(
      'Licenses needed for users with their own schedule: 22; free: 15.',
    );
    expect(await start.isDisabled()).toBe(true);
    const ways = frame.getByRole('region', { name: 'When licenses run short' });

    // The first three people work in the office: chosen in the table, each re-previewed.
    await ways.getByRole('button', { name: 'Choose office staff in the table' }).click();
    const table = frame.getByRole('table', { name: 'Planned changes' });
    for (const name of ['New1 Person', 'New2 Person', 'New3 Person']) {
      await table.getByRole('checkbox', { name: `Office staff: ${name}` }).check();
      await expect.poll(() => frame.getByText('Updating the preview…').count()).toBe(0);
    }
    await expect.poll(() => ways.textContent()).toContain('Chosen in the table: 3');
    await expect
      .poll(() => frame.locator('.licenses').textContent())
      .toContain('Licenses after the import: 29 of 25 used');
    expect(await start.isDisabled()).toBe(true);

    // Still 4 too many: only the rows that fit.
    await ways
      .getByRole('checkbox', { name: /^Import only the rows that fit \(free licenses: 15\)/ })
      .check();
    await expect
      .poll(() => ways.getByRole('status').textContent())
      .toBe('4 rows are not imported: no license is free for them. The licenses suffice now.');
    expect(await summaryCount(frame, 'new')).toBe(18);
    expect(await summaryCount(frame, 'skipped')).toBe(4);
    expect(await frame.locator('.licenses').textContent()).toContain('25 of 25 used, 0 free');

    // New22 is skipped, but works in the office too: the box on that skipped row brings them in without a license.
    await table.locator('.virtual-viewport').evaluate((viewport) => {
      viewport.scrollTop = viewport.scrollHeight;
    });
    const new22 = table.getByRole('checkbox', { name: 'Office staff: New22 Person' });
    expect(await new22.isChecked()).toBe(false);
    await new22.check();
    await expect
      .poll(() => ways.getByRole('status').textContent())
      .toBe('3 rows are not imported: no license is free for them. The licenses suffice now.');
    expect(await summaryCount(frame, 'new')).toBe(19);
    expect(await summaryCount(frame, 'skipped')).toBe(3);
    expect(await frame.locator('.licenses').textContent()).toContain('25 of 25 used, 0 free');
    const row23 = new22.locator('xpath=ancestor::*[@role="row"][1]');
    expect(await row23.textContent()).toContain('Has own schedule: No');
    // The screenshot shows the counts above the ways out (the last click scrolled the dialog down).
    await frame.locator('body').evaluate(() => window.scrollTo(0, 0));
    await shot(page, '4-preview-licenses');

    await start.click();
    await frame.getByRole('button', { name: 'Download report' }).waitFor();
    expect(await summaryCount(frame, 'created')).toBe(19);
    expect(await summaryCount(frame, 'skipped')).toBe(3);
    expect(tenant.store.getTenant('demo')?.licensedUsers).toBe(25);
    for (const n of [1, 2, 3, 22]) expect(demoUser(`new${n}@example.com`)?.hasOwnSchedule).toBe(false);
    for (const n of [4, 18]) expect(demoUser(`new${n}@example.com`)?.hasOwnSchedule).toBe(true);
    for (const n of [19, 20, 21]) expect(demoUser(`new${n}@example.com`)).toBeUndefined();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download report' }).click(),
    ]);
    const report = readReport(await readFile(await download.path()));
    expect(report.find((entry) => entry.Email === 'new22@example.com')?.Outcome).toBe('created');
    const row = report.find((entry) => entry.Email === 'new21@example.com');
    expect(row?.Outcome).toBe('skipped');
    expect(row?.Message).toMatch(/^Not attempted: no license is free/);
    await page.close();
  });

  it('reads a German semicolon CSV in Windows-1252 with German headers', async () => {
    const { page, frame } = await openWizard('?lang=de');
    const file = csvFile(
      'benutzer.csv',
      [
        ['E-Mail', 'Vorname', 'Nachname', 'Sprache', 'Heimatadresse Ort'],
        ['joerg.groesser@example.com', 'Jörg', 'Größer', 'Deutsch', 'Köln'],
      ],
      { delimiter: ';', encoding: 'latin1' },
    );
    await chooseFile(frame, file, 'In der Datei erkannt');
    const detected = await frame.locator('[aria-label="In der Datei erkannt"]').textContent();
    expect(detected).toContain('Semikolon');
    expect(detected?.toLowerCase()).toMatch(/windows-1252|iso-8859-1/);
    await shot(page, '1-file-de');

    await frame.getByRole('button', { name: 'Weiter' }).click();
    expect(await frame.getByRole('combobox', { name: 'Feld für Spalte Vorname' }).inputValue()).toBe(
      'firstName',
    );
    await frame.getByRole('button', { name: 'Info zu Vorname' }).waitFor();
    await shot(page, '2-columns-de');
    await frame.getByRole('button', { name: 'Weiter' }).click();
    await frame.getByRole('textbox', { name: 'Vorgabe für Heimatadresse Land' }).fill('Deutschland');
    await frame.getByRole('button', { name: 'Weiter' }).click();
    await frame.getByRole('list', { name: 'Zusammenfassung' }).waitFor();
    expect(await summaryCount(frame, 'neu', 'Zusammenfassung')).toBe(1);
    await shot(page, '4-preview-de');
    await frame.getByRole('button', { name: 'Import starten' }).click();
    await frame.getByRole('button', { name: 'Bericht herunterladen' }).waitFor();
    await shot(page, '6-done-de');

    const user = demoUser('joerg.groesser@example.com');
    expect(user?.givenName).toBe('Jörg');
    expect(user?.familyName).toBe('Größer');
    expect(user?.homeCity).toBe('Köln');
    expect(user?.homeCountry).toBe('DE');
    await page.close();
  });

  it('shows the note about a lost leading zero, naming the user, when a re-saved export changes nothing', async () => {
    const fileName = 'demo-csv-export-saved-by-libreoffice.xlsx';
    const file: UploadFile = {
      name: fileName,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await readFile(join(projectRoot, 'test/fixtures/spreadsheets', fileName)),
    };
    const { page, frame } = await openWizard();
    await toPreview(frame, file);
    await frame.getByText('Nothing changes: every row matches its user already.').waitFor();
    // Open without a click: nothing else on the step needs reading.
    const notes = frame.getByRole('list', { name: 'Notes on the file' });
    await notes.waitFor();
    const zeros = notes.getByRole('listitem').filter({ hasText: "'04107' is kept" });
    // The row changes nothing, so the table has no line for it: the note names whose postal code it is.
    expect(await zeros.textContent()).toMatch(
      /^Row \d+ · Katarzyna Nowak — Home postal code '\d+' is '0\d+' without/,
    );
    await shot(page, 'notes-nothing-changes');
    await page.close();
  });

  it('notifies exactly the new users on Send access link, and a reopened wizard shows the running job', async () => {
    // Slow writes, so that the running step can be seen, left and found again.
    await fetch(`${tenant.url}/__test/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: 'demo', hangWritesMs: 1200 }),
    });
    const before = new Map(tenant.store.listUsers('demo').map((u) => [u.id, u.accessLinkSentAt]));
    const { page, frame } = await openWizard();
    await toPreview(
      frame,
      xlsxFile('new-people.xlsx', [
        ['Email', 'First name', 'Last name'],
        ['rita.neu@example.com', 'Rita', 'Neu'],
        ['sven.neu@example.com', 'Sven', 'Neu'],
        ['tina.neu@example.com', 'Tina', 'Neu'],
        ['uwe.neu@example.com', 'Uwe', 'Neu'],
      ]),
    );
    await frame.getByRole('button', { name: 'Start import' }).click();
    const progress = frame.getByRole('progressbar', { name: 'Import progress' });
    await progress.waitFor();
    // The screenshot is nicer with some rows done; the writes may also land all at once (a /Bulk request).
    await expect
      .poll(() => progress.getAttribute('aria-valuenow').catch(() => '4'), { timeout: 4000 })
      .not.toBe('0')
      .catch(() => undefined);
    await shot(page, '5-running');

    // Closing the dialog does not stop the import, nor reload the page; Import shows it again at once.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Import users' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const again = page.frameLocator('iframe[title="Import users"]');
    await again
      .getByRole('button', { name: 'Download report' })
      .or(again.getByRole('progressbar'))
      .or(again.getByRole('button', { name: 'Show' }))
      .first()
      .waitFor();
    // Finished while the dialog was closed: step 1 offers it.
    if (await again.getByRole('button', { name: 'Show' }).isVisible())
      await again.getByRole('button', { name: 'Show' }).click();
    await again.getByRole('button', { name: 'Download report' }).waitFor({ timeout: 60_000 });

    const created = ['rita', 'sven', 'tina', 'uwe'].map((n) => demoUser(`${n}.neu@example.com`));
    expect(created.every((u) => u && u.accessLinkSentAt === null)).toBe(true);
    expect(await again.locator('#access-link-text').textContent()).toContain(
      'New users not notified yet: 4.',
    );
    await again.getByRole('button', { name: 'Send access link' }).click();
    await again.getByRole('group', { name: 'Send the access link to 4 new users?' }).waitFor();
    await again.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => again.getByText('Access link sent to 4 new users.').count()).toBe(1);
    expect(await again.locator('#access-link-text').textContent()).toContain(
      'New users not notified yet: 0.',
    );
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    for (const user of tenant.store.listUsers('demo')) {
      if (user.email.endsWith('.neu@example.com')) expect(user.accessLinkSentAt).not.toBeNull();
      else expect(user.accessLinkSentAt).toBe(before.get(user.id));
    }
    await page.close();
  });

  it('cancels a running import: "Cancelling…" until it stops, then only what really happened', async () => {
    // Small /Bulk batches and slow writes: the import is still running when Cancel is clicked.
    const slow = await startProxy({ port: 0, userApiUrl: tenant.url, runner: { bulkBatchSize: 5 } });
    await browser.setProxyUrl(slow.url);
    try {
      await fetch(`${tenant.url}/__test/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant: 'demo', hangWritesMs: 150 }),
      });
      const { page, frame } = await openWizard();
      const rows = [['Email', 'First name', 'Last name', 'Has own schedule']];
      for (let i = 0; i < 60; i++) rows.push([`stop.${i}@example.com`, 'Stop', `No ${i}`, 'No']);
      await toPreview(frame, xlsxFile('many.xlsx', rows));
      await frame.getByRole('button', { name: 'Start import' }).click();
      await frame.getByRole('progressbar', { name: 'Import progress' }).waitFor();
      await frame.getByRole('button', { name: 'Cancel' }).click();
      await frame.getByRole('button', { name: 'Cancelling…' }).waitFor();
      await shot(page, '5-cancelling');
      await frame.getByText('The import was cancelled.').waitFor({ timeout: 60_000 });
      await shot(page, '6-cancelled');
      const created = tenant.store.listUsers('demo').filter((u) => u.email.startsWith('stop.')).length;
      expect(created).toBeLessThan(60);
      expect(await summaryCount(frame, 'created')).toBe(created);
      expect(await summaryCount(frame, 'not attempted')).toBe(60 - created);
      const outcome = (await frame.locator('.outcome').textContent()) ?? '';
      expect(outcome).toContain(`stopped after ${created} of 60 rows. The changes below are kept`);
      expect(outcome).not.toMatch(/marked applied/);
      await page.close();
    } finally {
      await browser.setProxyUrl(proxy.url);
      await slow.close();
    }
  });

  it('asks before leaving with choices made, and continues there when the same file is chosen again', async () => {
    const { page, frame } = await openWizard();
    // A file on disk, as the administrator picks it: the same name, size and modification time both times.
    const file = join(artifacts, 'keep.csv');
    await writeFile(
      file,
      'Email,First name,Last name,Remarks\r\nkim.keep@example.com,Kim,Keep,call first\r\n',
    );
    await frame.locator('input[type="file"]').setInputFiles(file);
    await frame.locator('[aria-label="Detected in the file"]').waitFor();
    await frame.getByRole('button', { name: 'Next' }).click();
    await atStep(frame, 2);
    await frame.getByRole('combobox', { name: 'Field for column Remarks' }).selectOption('note');
    await page.keyboard.press('Escape');
    const question = frame.getByRole('group', { name: /^Leave the import\?/ });
    await question.waitFor();
    await shot(page, '2-leave-question');
    await clickClosingButton(question.getByRole('button', { name: 'Leave' }));
    await page.getByRole('dialog', { name: 'Import users' }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const again = await settle(page.frameLocator('iframe[title="Import users"]'));
    await again.locator('input[type="file"]').setInputFiles(file);
    await atStep(again, 2);
    expect(await again.getByRole('combobox', { name: 'Field for column Remarks' }).inputValue()).toBe('note');
    await page.close();
  });

  it('keeps the mapping when going Back from the preview', async () => {
    const { page, frame } = await openWizard();
    await frame.locator('input[type="file"]').setInputFiles(
      csvFile('mapped.csv', [
        ['Contact', 'First name', 'Last name', 'Remarks'],
        ['vera.map@example.com', 'Vera', 'Map', 'call first'],
      ]),
    );
    // No column is recognizably a key, so the proxy finds no header row; the administrator names it.
    await expect.poll(() => frame.getByRole('alert').textContent()).toContain('No header row found');
    const headerRow = frame.getByRole('spinbutton', { name: 'Column names are in row' });
    await headerRow.fill('1');
    await headerRow.press('Enter');
    await frame.locator('[aria-label="Detected in the file"]').waitFor();
    await frame.getByRole('button', { name: 'Next' }).click();
    const mail = frame.getByRole('combobox', { name: 'Field for column Contact' });
    expect(await mail.inputValue()).toBe('');
    await mail.selectOption('email');
    await frame.getByRole('combobox', { name: 'Field for column Remarks' }).selectOption('note');
    await frame.getByRole('combobox', { name: 'When Note of an existing user differs' }).selectOption('keep');
    await frame.getByRole('button', { name: 'Next' }).click();
    await atStep(frame, 3);
    await frame.getByRole('button', { name: 'Next' }).click();
    await frame.getByRole('list', { name: 'Summary' }).waitFor();
    expect(await summaryCount(frame, 'new')).toBe(1);

    await frame.getByRole('button', { name: 'Back' }).click();
    await atStep(frame, 3);
    await frame.getByRole('button', { name: 'Back' }).click();
    await atStep(frame, 2);
    expect(await mail.inputValue()).toBe('email');
    expect(await frame.getByRole('combobox', { name: 'Field for column Remarks' }).inputValue()).toBe('note');
    expect(
      await frame.getByRole('combobox', { name: 'When Note of an existing user differs' }).inputValue(),
    ).toBe('keep');
    await page.close();
  });
});

describe('a real-looking 500-row file (done when)', () => {
  /** An HR export: 12 field users with their own schedule, the rest office staff; German headers and values. */
  function staffList(): string[][] {
    const first = [
      'Anna',
      'Jörg',
      'Zoë',
      'Lukas',
      'Małgorzata',
      'Émile',
      'Sofia',
      'Henrik',
      'Chiara',
      'Noah',
    ];
    const last = [
      'Schmidt',
      'Weiß',
      'Nováková',
      'Müller',
      'García',
      'de Vries',
      'Rossi',
      'Kowalski',
      'Dubois',
      'Öztürk',
    ];
    const rows = [
      [
        'Personalnummer',
        'Vorname',
        'Nachname',
        'E-Mail',
        'Mobiltelefon',
        'Eigene Terminplanung',
        'Abteilung',
        'Heimatadresse PLZ',
      ],
    ];
    for (let i = 0; i < 500; i++) {
      rows.push([
        `P-${String(i + 1).padStart(4, '0')}`,
        first[i % first.length]!,
        last[Math.floor(i / first.length) % last.length]!,
        `mitarbeiter.${i + 1}@firma.example`,
        i % 3 === 0 ? `0151 ${String(20000000 + i)}` : '',
        i < 12 ? 'Ja' : 'Nein',
        ['Vertrieb', 'Innendienst', 'Buchhaltung'][i % 3]!,
        String(1000 + i).padStart(5, '0'),
      ]);
    }
    return rows;
  }

  it('creates all 500 users, 12 of them with a license, and the page lists them', async () => {
    const { page, frame } = await openWizard();
    await toPreview(frame, xlsxFile('mitarbeiter.xlsx', staffList()));
    expect(await summaryCount(frame, 'new')).toBe(500);
    expect(await summaryCount(frame, 'invalid')).toBe(0);
    expect(await frame.getByText('Licenses after the import: 22 of 25 used, 3 free.').count()).toBe(1);
    await shot(page, '4-preview-500');
    await frame.getByRole('button', { name: 'Start import' }).click();
    await frame.getByRole('button', { name: 'Download report' }).waitFor({ timeout: 60_000 });
    await shot(page, '6-done-500');
    expect(demoUser('mitarbeiter.1@firma.example')?.hasOwnSchedule).toBe(true);
    expect(demoUser('mitarbeiter.500@firma.example')?.hasOwnSchedule).toBe(false);
    expect(demoUser('mitarbeiter.4@firma.example')?.mobilePhone).toBe('+4915120000003');
    expect(demoUser('mitarbeiter.1@firma.example')?.accessLinkSentAt).toBeNull();
    await clickClosingButton(frame.getByRole('button', { name: 'Close' }));
    await page.waitForSelector(`html[${DECISION}]`);
    await expect.poll(() => page.locator('#user-list tbody tr').count()).toBe(512);
    await page.close();
  });
});
