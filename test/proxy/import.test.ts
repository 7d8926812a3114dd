// Preview and import over real HTTP against the stand-in tenant (docs/api-guide.md#endpoints, docs/api-guide.md#problems),
// through Hono's typed client: every path, parameter and answer below is checked against the proxy's routes.
// Over 400 lines on purpose: one proxy and stand-in serve all of these flows; each describe block is one topic.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/api/preview-schema.ts';
import { sendAccessLinkAnswerSchema } from '../../shared/api/users-schema.ts';
import { importSettingsSchema } from '../../shared/import-settings.ts';
import { uploadForm } from '../support/proxy-client.ts';
import { fastSleep, useProxyUnderTest } from '../support/proxy-under-test.ts';
import {
  encodeWindows1252,
  expectProblem,
  isWindows1252,
  parseAnswer,
  parseCsv,
  pollJob,
  readJob,
  readAnswer,
  readPreview,
  readReport,
  toCsv,
  type JobBody,
} from '../support/proxy-assertions.ts';

const DEMO = '/api/v1/tenants/demo';
const param = { tenant: 'demo' };

/** The writable fields of docs/api-guide.md#fields by English header (read-only ones are ignored on import). */
const WRITABLE_EN = [
  'First name', 'Last name', 'Email', 'Employee number', 'Mobile phone', 'Language', 'Authorization level',
  'Active', 'Has own schedule', 'User groups', 'Note', 'Home street', 'Home postal code', 'Home city',
  'Home country',
]; // prettier-ignore
const WRITABLE_DE = [
  'Vorname', 'Nachname', 'E-Mail', 'Personalnummer', 'Mobiltelefon', 'Sprache', 'Berechtigungsstufe', 'Aktiv',
  'Eigene Terminplanung', 'Benutzergruppen', 'Notiz', 'Heimatadresse Straße', 'Heimatadresse PLZ',
  'Heimatadresse Ort', 'Heimatadresse Land',
]; // prettier-ignore

/** A CSV table the way a person edits it: rows addressed by e-mail, cells by header. */
class EditableTable {
  constructor(
    readonly header: string[],
    readonly rows: string[][],
  ) {}

  static fromCsv(text: string, delimiter: ',' | ';'): EditableTable {
    const [header, ...rows] = parseCsv(text, delimiter);
    return new EditableTable(header!, rows);
  }

  private column(name: string): number {
    const index = this.header.indexOf(name);
    if (index < 0) throw new Error(`no column ${name}`);
    return index;
  }

  row(email: string, emailHeader = 'Email'): string[] {
    const row = this.rows.find((cells) => cells[this.column(emailHeader)] === email);
    if (!row) throw new Error(`no row for ${email}`);
    return row;
  }

  set(email: string, header: string, value: string, emailHeader = 'Email'): void {
    this.row(email, emailHeader)[this.column(header)] = value;
  }

  add(values: Record<string, string>): void {
    this.rows.push(this.header.map((name) => values[name] ?? ''));
  }

  /** Email → the writable cells, apostrophe guards of the CSV export taken off. */
  writable(headers: string[], emailHeader = 'Email'): Map<string, Record<string, string>> {
    const unguard = (cell: string) => cell.replace(/^'(?=[=+\-@])/, '');
    return new Map(
      this.rows.map((row) => [
        row[this.column(emailHeader)]!,
        Object.fromEntries(headers.map((name) => [name, unguard(row[this.column(name)] ?? '')])),
      ]),
    );
  }
}

type Preview = ImportPreview;

const t = useProxyUnderTest();

/** The demo company's routes on the first proxy, or on the one at `proxyUrl`. */
const demo = (proxyUrl?: string) => t.client(proxyUrl).api.v1.tenants[':tenant'];

/** POST …/imports/preview of `bytes` as `name`. */
const postPreview = (bytes: Uint8Array | string, name: string, options: Upload = {}) =>
  demo(options.proxyUrl).imports.preview.$post({
    param,
    query: {},
    form: uploadForm({ bytes, name }, options.settings),
  });

/** POST …/imports of `bytes` as `name`, by default waiting for the job's end (?wait=true). */
const postImport = (bytes: Uint8Array | string, name: string, options: Upload & { wait?: boolean } = {}) =>
  demo(options.proxyUrl).imports.$post({
    param,
    query: { wait: options.wait === false ? 'false' : 'true' },
    form: uploadForm({ bytes, name }, options.settings),
  });

interface Upload {
  settings?: Record<string, unknown> | string;
  proxyUrl?: string;
}

async function exportCsv(options: { lang?: 'en' | 'de'; delimiter?: ',' | ';' } = {}): Promise<string> {
  const { lang = 'en', delimiter = ',' } = options;
  const response = await demo().users.export.$get({ param, query: { format: 'csv', lang, delimiter } });
  expect(response.status).toBe(200);
  return response.text();
}

async function preview(bytes: Uint8Array | string, settings?: Record<string, unknown>): Promise<Preview> {
  return readPreview(await postPreview(bytes, 'users.csv', { settings }));
}

async function importNow(
  bytes: Uint8Array | string,
  settings?: Record<string, unknown>,
  name = 'users.csv',
): Promise<JobBody> {
  return readJob(await postImport(bytes, name, { settings }));
}

/** `count` new users as English CSV rows with the required fields. */
function newUsersCsv(count: number, extra: Record<string, string> = {}): string {
  const headers = ['First name', 'Last name', 'Email', ...Object.keys(extra)];
  const rows = Array.from({ length: count }, (_, i) => [
    'Neu',
    `Mensch${i}`,
    `neu.mensch${i}@example.com`,
    ...Object.values(extra),
  ]);
  return toCsv([headers, ...rows]);
}

describe('round trip', () => {
  it('imports an edited English export: the preview shows exactly the edits and the next export equals the file', async () => {
    const table = EditableTable.fromCsv(await exportCsv(), ',');
    table.set('anna.schmidt@example.com', 'First name', 'Annabelle');
    table.set('juergen.weiss@example.com', 'Last name', 'Weiss-Neumann');
    table.set('lukas.mueller@example.com', 'Active', 'No');
    table.set('mehmet.yilmaz@example.com', 'Employee number', 'E-2005');
    table.add({
      'First name': 'Nina',
      'Last name': 'Neumann',
      Email: 'nina.neumann@example.com',
      'Employee number': 'E-3001',
      'Mobile phone': '+4915100000001',
      Language: 'en',
      'Authorization level': 'Supervisor',
      Active: 'Yes',
      'Has own schedule': 'Yes',
      'User groups': 'North, West',
      Note: 'new in 2026',
      'Home street': 'Hauptstraße 1',
      'Home postal code': '01067',
      'Home city': 'Dresden',
      'Home country': 'DE',
    });
    table.add({
      'First name': 'Olaf',
      'Last name': 'Office',
      Email: 'olaf.office@example.com',
      Language: 'de',
      'Authorization level': 'User',
      Active: 'Yes',
      'Has own schedule': 'No',
    });
    const file = toCsv([table.header, ...table.rows]);

    const plan = await preview(file);
    expect(plan.summary).toMatchObject({
      rows: 14,
      create: 2,
      update: 3,
      deactivate: 1,
      unchanged: 8,
      invalid: 0,
    });
    expect(plan.canImport).toBe(true);
    const changed = Object.fromEntries(
      plan.changes.map((change) => [
        change.email,
        { action: change.action, fields: change.changes.map((c) => [c.field, c.from, c.to]) },
      ]),
    );
    expect(Object.keys(changed).sort()).toEqual(
      [
        'anna.schmidt@example.com',
        'juergen.weiss@example.com',
        'lukas.mueller@example.com',
        'mehmet.yilmaz@example.com',
        'nina.neumann@example.com',
        'olaf.office@example.com',
      ].sort(),
    );
    expect(changed['anna.schmidt@example.com']).toEqual({
      action: 'update',
      fields: [['firstName', 'Anna', 'Annabelle']],
    });
    expect(changed['juergen.weiss@example.com']).toEqual({
      action: 'update',
      fields: [['lastName', 'Weiß', 'Weiss-Neumann']],
    });
    expect(changed['lukas.mueller@example.com']).toEqual({
      action: 'deactivate',
      fields: [['active', true, false]],
    });
    expect(changed['mehmet.yilmaz@example.com']).toEqual({
      action: 'update',
      fields: [['employeeNumber', 'E-1005', 'E-2005']],
    });
    expect(changed['nina.neumann@example.com']?.action).toBe('create');
    expect(changed['olaf.office@example.com']?.action).toBe('create');

    const writesBefore = (await t.stats()).writes;
    const job = await importNow(file);
    expect(job.status).toBe('succeeded');
    expect(job.progress).toEqual({ total: 6, done: 6, failed: 0 });
    expect((await t.stats()).writes - writesBefore).toBe(6);

    const after = EditableTable.fromCsv(await exportCsv(), ',');
    expect(after.rows).toHaveLength(14);
    expect(after.writable(WRITABLE_EN)).toEqual(table.writable(WRITABLE_EN));
    expect(t.tenant.store.getUserByEmail('demo', 'lukas.mueller@example.com')?.active).toBe(false);
  });

  it('imports an edited German export saved by German Excel (Windows-1252, ;) and the next export equals it', async () => {
    const exported = EditableTable.fromCsv(await exportCsv({ lang: 'de', delimiter: ';' }), ';');
    // German Excel cannot store characters outside Windows-1252 (e.g. the ı of Yılmaz): those rows are left out,
    // and users absent from the file are untouched (docs/import-semantics.md).
    const table = new EditableTable(
      exported.header,
      exported.rows.filter((row) => row.every(isWindows1252)),
    );
    expect(table.rows.length).toBeGreaterThanOrEqual(9);
    expect(table.rows.length).toBeLessThan(12);
    table.set('anna.schmidt@example.com', 'Vorname', 'Änne', 'E-Mail');
    table.set('juergen.weiss@example.com', 'Aktiv', 'Nein', 'E-Mail');
    table.set('lukas.mueller@example.com', 'Personalnummer', 'P-7003', 'E-Mail');
    table.add({
      Vorname: 'Jörg',
      Nachname: 'Größer',
      'E-Mail': 'joerg.groesser@example.com',
      Sprache: 'de',
      Berechtigungsstufe: 'Vorgesetzter',
      Aktiv: 'Ja',
      'Eigene Terminplanung': 'Nein',
      Benutzergruppen: 'South',
      Notiz: 'Straße – „Büro“ €',
      'Heimatadresse Straße': 'Königsallee 1',
      'Heimatadresse PLZ': '40212',
      'Heimatadresse Ort': 'Düsseldorf',
      'Heimatadresse Land': 'Deutschland',
    });
    const bytes = encodeWindows1252(toCsv([table.header, ...table.rows], ';'));
    expect(bytes[0]).not.toBe(0xef); // no BOM

    const plan = await preview(bytes);
    expect(plan.file).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(plan.summary).toMatchObject({ create: 1, update: 2, deactivate: 1, invalid: 0 });
    expect(plan.changes.find((c) => c.email === 'anna.schmidt@example.com')?.changes).toEqual([
      { field: 'firstName', from: 'Anna', to: 'Änne' },
    ]);

    const job = await importNow(bytes);
    expect(job.status).toBe('succeeded');

    const after = EditableTable.fromCsv(await exportCsv({ lang: 'de', delimiter: ';' }), ';');
    const expected = table.writable(WRITABLE_DE, 'E-Mail');
    expected.get('joerg.groesser@example.com')!['Heimatadresse Land'] = 'DE'; // names are stored as the code
    const actual = after.writable(WRITABLE_DE, 'E-Mail');
    for (const [email, cells] of expected) expect(actual.get(email), email).toEqual(cells);
    expect(after.rows).toHaveLength(13);
    expect(t.tenant.store.getUserByEmail('demo', 'joerg.groesser@example.com')?.note).toBe(
      'Straße – „Büro“ €',
    );
  });

  it('re-imports an unchanged export with every row unchanged and zero writes', async () => {
    for (const format of ['csv', 'xlsx', 'ods'] as const) {
      const bytes = new Uint8Array(
        await (await demo().users.export.$get({ param, query: { format } })).arrayBuffer(),
      );
      const before = await t.stats();
      const job = await importNow(bytes, undefined, `users.${format}`);
      expect(job.status, format).toBe('succeeded');
      expect(job.summary, format).toMatchObject({
        rows: 12,
        unchanged: 12,
        create: 0,
        update: 0,
        deactivate: 0,
      });
      expect((await t.stats()).writes, format).toBe(before.writes);
      const report = await readReport(t, 'demo', job.id);
      expect(report.map((r) => r.outcome)).toEqual(Array(12).fill('unchanged'));
    }
  });
});

describe('jobs and reports', () => {
  it('answers 202 with a Location that can be polled to a final status', async () => {
    const response = await postImport(newUsersCsv(3), 'new.csv', { wait: false });
    const started = await readJob(response, 202);
    const location = response.headers.get('location');
    expect(location).toBe(`${DEMO}/imports/${started.id}`);
    expect(['queued', 'running', 'succeeded']).toContain(started.status);
    const job = await pollJob(t, location!);
    expect(job).toMatchObject({
      id: started.id,
      status: 'succeeded',
      progress: { total: 3, done: 3, failed: 0 },
    });
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();
    expect(job.createdUserIds).toHaveLength(3);
  });

  it('reports every row in the original order with Outcome and Message, as CSV and XLSX', async () => {
    const file = toCsv([
      ['Email', 'First name', 'Last name', 'Active'],
      ['neu.a@example.com', 'Neu', 'A', 'Yes'],
      ['anna.schmidt@example.com', 'Anna', 'Schmidt', 'Yes'],
      ['not-an-email', 'Kaputt', 'Row', 'Yes'],
      ['juergen.weiss@example.com', 'Jürgen', 'Weiß', 'No'],
      ['sophie.becker@example.com', 'Sophia', 'Becker', 'Yes'],
    ]);
    const job = await importNow(file, { version: 1, skipInvalidRows: true });
    expect(job.status).toBe('succeeded');
    const report = await readReport(t, 'demo', job.id);
    expect(report.map((r) => [r.row, r.cells.Email, r.outcome])).toEqual([
      ['2', 'neu.a@example.com', 'created'],
      ['3', 'anna.schmidt@example.com', 'unchanged'],
      // Left out by skipInvalidRows: nothing of it was tried, so it is "skipped", not "failed".
      ['4', 'not-an-email', 'skipped'],
      ['5', 'juergen.weiss@example.com', 'deactivated'],
      ['6', 'sophie.becker@example.com', 'updated'],
    ]);
    expect(report[2]!.message).toMatch(/e-mail/i);
    expect(report.filter((r) => r.row !== '4').every((r) => r.message === '')).toBe(true);
    // The new user's Portatour ID and user name, as portatour assigned them.
    const created = t.tenant.store.listUsers('demo').find((u) => u.email === 'neu.a@example.com')!;
    expect(report[0]).toMatchObject({ portatourId: created.id, userName: created.userName });
    expect(report[1]!.portatourId).not.toBe('');
    expect(report[1]!.userName).toBe('');

    const report$ = demo().imports[':id'].report;
    const xlsx = await report$.$get({ param: { ...param, id: job.id }, query: { format: 'xlsx' } });
    expect(xlsx.status).toBe(200);
    const workbook = XLSX.read(new Uint8Array(await xlsx.arrayBuffer()), { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets[workbook.SheetNames[0]!]!, {
      header: 1,
      defval: '',
    });
    expect(rows[0]).toEqual([
      'Row',
      'Email',
      'First name',
      'Last name',
      'Active',
      'Outcome',
      'Message',
      'Portatour ID (result)',
      'User name (new user)',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[5]])).toEqual([
      ['2', 'created'],
      ['3', 'unchanged'],
      ['4', 'skipped'],
      ['5', 'deactivated'],
      ['6', 'updated'],
    ]);

    // On a German page: sheet name, headers and outcomes in German.
    const german = await report$.$get({
      param: { ...param, id: job.id },
      query: { format: 'xlsx', lang: 'de' },
    });
    const book = XLSX.read(new Uint8Array(await german.arrayBuffer()), { type: 'array' });
    expect(book.SheetNames[0]).toBe('Importbericht');
    const germanRows = XLSX.utils.sheet_to_json<string[]>(book.Sheets['Importbericht']!, {
      header: 1,
      defval: '',
    });
    expect(germanRows[0]).toEqual([
      'Zeile',
      'Email',
      'First name',
      'Last name',
      'Active',
      'Ergebnis',
      'Meldung',
      'Portatour-ID (Ergebnis)',
      'Benutzername (neuer Benutzer)',
    ]);
    expect(germanRows.slice(1).map((r) => r[5])).toEqual([
      'angelegt',
      'unverändert',
      'übersprungen',
      'deaktiviert',
      'geändert',
    ]);
  });

  it('refuses invalid rows with 422 invalid-rows naming row, column, field, code and message, and writes nothing', async () => {
    const file = toCsv([
      ['First name', 'Last name', 'Email', 'Language', 'Mobile phone'],
      ['Gut', 'Zeile', 'gut.zeile@example.com', 'de', ''],
      ['', 'Ohne', 'ohne.vorname@example.com', 'de', ''],
      ['Falsche', 'Sprache', 'falsch@example.com', 'klingonisch', 'abc'],
    ]);
    const problem = await expectProblem(await postImport(file, 'bad.csv'), 422, 'invalid-rows');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 3,
          column: 'First name',
          field: 'firstName',
          code: expect.any(String),
        }),
        expect.objectContaining({ row: 4, column: 'Language', field: 'language' }),
        expect.objectContaining({ row: 4, column: 'Mobile phone', field: 'mobilePhone' }),
      ]),
    );
    for (const error of problem.errors!) expect(error.message.length).toBeGreaterThan(3);
    expect(problem.errors!.some((e) => e.row === 2)).toBe(false);
    expect((await t.stats()).writes).toBe(0);
    expect(t.tenant.store.getUserByEmail('demo', 'gut.zeile@example.com')).toBeUndefined();

    const skipped = await importNow(file, { version: 1, skipInvalidRows: true });
    expect(skipped.summary).toMatchObject({ create: 1, invalid: 2 });
    expect(t.tenant.store.getUserByEmail('demo', 'gut.zeile@example.com')).toBeDefined();
  });

  it('refuses creates beyond the free licenses (demo: 25, 10 used) with 409 license-limit', async () => {
    const fits = await preview(newUsersCsv(15));
    expect(fits.canImport).toBe(true);
    const problem = await expectProblem(await postImport(newUsersCsv(16), 'many.csv'), 409, 'license-limit');
    expect(problem.detail).toMatch(/16/);
    expect(problem.detail).toMatch(/15/);
    expect(problem.detail).toMatch(/deactivated/); // the seed holds one deactivated field user
    expect((await t.stats()).writes).toBe(0);
    // Office staff need no license.
    const office = await importNow(newUsersCsv(16, { 'Has own schedule': 'No' }));
    expect(office.status).toBe('succeeded');
    expect(office.progress.done).toBe(16);
  });

  it('requires allowScheduleDeletion (422 confirmation-required) before "Has own schedule" Yes→No, then deletes that data', async () => {
    const anna = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com')!;
    t.tenant.store.setScheduleData('demo', anna.id, { customers: 5, appointments: 7, reports: 2 });
    const file = toCsv([
      ['Email', 'Has own schedule'],
      ['anna.schmidt@example.com', 'No'],
    ]);
    const problem = await expectProblem(await postImport(file, 'schedule.csv'), 422, 'confirmation-required');
    expect(problem.detail).toContain('anna.schmidt@example.com');
    expect(t.tenant.store.scheduleData('demo', anna.id)).toEqual({
      customers: 5,
      appointments: 7,
      reports: 2,
    });
    expect((await t.stats()).writes).toBe(0);

    const job = await importNow(file, { version: 1, allowScheduleDeletion: true });
    expect(job.status).toBe('succeeded');
    expect(t.tenant.store.getUser('demo', anna.id)?.hasOwnSchedule).toBe(false);
    expect(t.tenant.store.scheduleData('demo', anna.id)).toEqual({
      customers: 0,
      appointments: 0,
      reports: 0,
    });
  });

  it('refuses a second import while one runs (409 import-running) and cancels the running one after the writes in flight', async () => {
    const slow = await t.startAnotherProxy({ runner: { sleep: fastSleep, bulkBatchSize: 2 } });
    await t.setFaults({ tenant: 'demo', hangWritesMs: 60 });
    const started = await postImport(newUsersCsv(40, { 'Has own schedule': 'No' }), 'slow.csv', {
      proxyUrl: slow.url,
      wait: false,
    });
    const { id } = await readJob(started, 202);
    const location = started.headers.get('location')!;

    const second = await postImport(newUsersCsv(1), 'second.csv', { proxyUrl: slow.url, wait: false });
    const problem = await expectProblem(second, 409, 'import-running');
    expect(problem.jobId).toBe(id);

    await pollJob(t, location, { proxyUrl: slow.url, until: (job) => job.progress.done >= 2 });
    const cancelAnswer = await readJob(
      await demo(slow.url).imports[':id'].cancel.$post({ param: { ...param, id } }),
    );
    // Until the writes in flight are done, the job says that it is cancelling.
    if (cancelAnswer.status === 'running') expect(cancelAnswer.cancelling).toBe(true);
    const job = await pollJob(t, location, { proxyUrl: slow.url });
    expect(job.status).toBe('cancelled');
    expect(job.cancelling).toBe(false);
    expect(job.progress.done).toBeLessThan(40);
    expect(job.message).not.toMatch(/marked applied/);
    await t.clearFaults();

    const report = await readReport(t, 'demo', id, slow.url);
    const created = report.filter((r) => r.outcome === 'created').map((r) => r.cells.Email);
    const notAttempted = report.filter((r) => r.outcome === 'not attempted').map((r) => r.cells.Email);
    expect(created.length + notAttempted.length).toBe(40);
    expect(notAttempted.length).toBeGreaterThan(0);
    // The job's answer counts what happened, not what was planned (the plan's summary still says 40 new).
    expect(job.summary.create).toBe(40);
    expect(job.results).toEqual({
      created: created.length,
      updated: 0,
      deactivated: 0,
      unchanged: 0,
      skipped: 0,
      invalid: 0,
      failed: 0,
      notAttempted: notAttempted.length,
    });
    const stored = t.tenant.store
      .listUsers('demo')
      .map((u) => u.email)
      .filter((email) => email.startsWith('neu.mensch'));
    expect(stored.sort()).toEqual([...created].sort());

    // The slot is free again, and the same file finishes the rest.
    const finished = await readJob(
      await postImport(newUsersCsv(40, { 'Has own schedule': 'No' }), 'slow.csv', { proxyUrl: slow.url }),
    );
    expect(finished.status).toBe('succeeded');
    expect(finished.summary).toMatchObject({ create: notAttempted.length, unchanged: created.length });
  });
});

describe('settings', () => {
  it('refuses settings that are not JSON, have an unknown key or another version with 400 invalid-settings', async () => {
    for (const settings of ['{not json', '{"version":1,"colour":"blue"}', '{"version":2}', '[]']) {
      for (const post of [postPreview, postImport]) {
        const response = await post(newUsersCsv(1), 'u.csv', { settings });
        const problem = await expectProblem(response, 400, 'invalid-settings');
        if (settings.includes('colour')) expect(problem.detail).toContain('colour');
      }
    }
    expect((await t.stats()).writes).toBe(0);
  });

  it('serves the defaults before the first import and the last used settings after one', async () => {
    const fresh = await t.startAnotherProxy();
    const settings$ = demo(fresh.url)['import-settings'];
    const defaults = await settings$.$get({ param });
    expect(defaults.status).toBe(200);
    expect(defaults.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    // Read as sent (parsing fills in defaults) and checked against the settings file's schema as well.
    const sentDefaults = await defaults.json();
    parseAnswer(importSettingsSchema, sentDefaults, 'settings file');
    expect(sentDefaults).toMatchObject({
      version: 1,
      matchBy: 'auto',
      actions: { create: true, update: true, deactivate: true },
      deactivateMissing: false,
      emptyCells: 'keep',
      skipInvalidRows: false,
      allowScheduleDeletion: false,
      sendAccessLink: false,
    });

    const used = { version: 1, matchBy: 'email', emptyCells: 'clear', skipInvalidRows: true };
    const response = await postImport(newUsersCsv(1, { 'Has own schedule': 'No' }), 'u.csv', {
      settings: used,
      proxyUrl: fresh.url,
    });
    expect(response.status).toBe(200);
    const saved = await settings$.$get({ param });
    expect(saved.status).toBe(200);
    const sentSaved = await saved.json();
    parseAnswer(importSettingsSchema, sentSaved, 'settings file');
    expect(sentSaved).toMatchObject(used);
  });
});

describe('new users and access links', () => {
  it('creates new users active, with a user name, and notifies nobody unless sendAccessLink', async () => {
    const job = await importNow(newUsersCsv(2));
    expect(job.createdUserIds).toHaveLength(2);
    for (const id of job.createdUserIds) {
      const user = t.tenant.store.getUser('demo', id)!;
      expect(user.active).toBe(true);
      expect(user.userName).toMatch(/@demo$/);
      expect(user.accessLinkSentAt).toBeNull();
    }
    const withLink = await importNow(
      toCsv([
        ['First name', 'Last name', 'Email'],
        ['Link', 'Empfänger', 'link.empfaenger@example.com'],
      ]),
      { version: 1, sendAccessLink: true },
    );
    expect(withLink.createdUserIds).toHaveLength(1);
    expect(t.tenant.store.getUser('demo', withLink.createdUserIds[0]!)?.accessLinkSentAt).not.toBeNull();
    for (const id of job.createdUserIds)
      expect(t.tenant.store.getUser('demo', id)?.accessLinkSentAt).toBeNull();
  });

  it('POST …/users/send-access-link marks exactly the users named', async () => {
    const job = await importNow(newUsersCsv(3));
    const [first, second, third] = job.createdUserIds;
    const response = await demo().users['send-access-link'].$post({
      param,
      json: { ids: [first!, second!] },
    });
    const answer = await readAnswer(response, 200, sendAccessLinkAnswerSchema);
    expect(answer).toMatchObject({ sent: 2, failed: [] });
    expect(t.tenant.store.getUser('demo', first!)?.accessLinkSentAt).not.toBeNull();
    expect(t.tenant.store.getUser('demo', second!)?.accessLinkSentAt).not.toBeNull();
    expect(t.tenant.store.getUser('demo', third!)?.accessLinkSentAt).toBeNull();
  });
});

describe('deactivateMissing', () => {
  it('deactivates (never deletes) the users absent from the file, and only with deactivateMissing', async () => {
    const file = toCsv([
      ['Email', 'First name', 'Last name'],
      ['anna.schmidt@example.com', 'Anna', 'Schmidt'],
      ['juergen.weiss@example.com', 'Jürgen', 'Weiß'],
    ]);
    const untouched = await importNow(file);
    expect(untouched.summary).toMatchObject({ unchanged: 2, deactivate: 0 });
    expect(t.tenant.store.listUsers('demo').filter((u) => u.active)).toHaveLength(11);

    const plan = await preview(file, { version: 1, deactivateMissing: true });
    expect(plan.missingDeactivations).toBe(9); // 12 users, 2 named, 1 already inactive
    const job = await importNow(file, { version: 1, deactivateMissing: true });
    expect(job.status).toBe('succeeded');
    const users = t.tenant.store.listUsers('demo');
    expect(users).toHaveLength(12);
    expect(
      users
        .filter((u) => u.active)
        .map((u) => u.email)
        .sort(),
    ).toEqual(['anna.schmidt@example.com', 'juergen.weiss@example.com']);
    const report = await readReport(t, 'demo', job.id);
    expect(report.filter((r) => r.outcome === 'deactivated')).toHaveLength(9);
  });
});

describe('bad files', () => {
  it('refuses a file over the upload limit with 413 file-too-large', async () => {
    const small = await t.startAnotherProxy({ limits: { maxUploadBytes: 2_000, maxRows: 100_000 } });
    const file = newUsersCsv(100); // about 4 KB
    for (const post of [postPreview, postImport])
      await expectProblem(await post(file, 'big.csv', { proxyUrl: small.url }), 413, 'file-too-large');
    // Far over the limit: refused while the upload streams in.
    await expectProblem(
      await postPreview('x'.repeat(3 * 1024 * 1024), 'huge.csv', { proxyUrl: small.url }),
      413,
      'file-too-large',
    );
    expect((await t.stats()).writes).toBe(0);
  });

  it('refuses more data rows than the limit with 413 too-many-rows', async () => {
    const few = await t.startAnotherProxy({ limits: { maxUploadBytes: 1024 * 1024, maxRows: 5 } });
    const problem = await expectProblem(
      await postImport(newUsersCsv(6), 'rows.csv', { proxyUrl: few.url }),
      413,
      'too-many-rows',
    );
    expect(problem.detail).toMatch(/5/);
    await readPreview(await postPreview(newUsersCsv(5), 'rows.csv', { proxyUrl: few.url }));
  });

  it('refuses a PDF renamed to .xlsx and .csv with 415 unreadable-file', async () => {
    const pdf =
      '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
    const bytes = new Uint8Array([...pdf].map((c) => c.charCodeAt(0)));
    for (const name of ['users.xlsx', 'users.csv', 'users.pdf']) {
      const response = await postPreview(bytes, name);
      const status = response.status;
      expect([400, 415], name).toContain(status);
      const problem = await expectProblem(response, status, 'unreadable-file');
      expect(problem.detail.length).toBeGreaterThan(10);
    }
    await expectProblem(await postImport(bytes, 'users.xlsx'), 415, 'unreadable-file');
  });
});

describe('throughput', () => {
  it('imports 10,000 new users into the stand-in (prints users/second)', async () => {
    const file = newUsersCsv(10_000, { 'Has own schedule': 'No', 'Employee number': '' });
    const started = performance.now();
    const job = await importNow(file);
    const seconds = (performance.now() - started) / 1000;
    expect(job.status).toBe('succeeded');
    expect(job.progress).toEqual({ total: 10_000, done: 10_000, failed: 0 });
    expect(t.tenant.store.listUsers('demo')).toHaveLength(10_012);
    console.log(
      `import-create-10k: ${Math.round(10_000 / seconds)} users/second (${seconds.toFixed(2)} s, upload to job end)`,
    );
  }, 120_000);
});
