// Hostile values inside readable files (docs/api-guide.md#fields, docs/api-guide.md#problems): prototype keys, markup, control and
// text-direction characters, odd e-mails, phone numbers and dates as Excel stores them, every CSV dialect the
// reader claims (docs/api-guide.md#the-settings-file `csv`), and settings files that are wrong. Each is a row error or read exactly.
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import {
  encodeWindows1252,
  expectProblem,
  parseCsv,
  readPreview,
  readReport,
  toCsv,
} from '../support/proxy-assertions.ts';
import { companyRoutes } from '../support/proxy-client.ts';
import {
  expectNoPrototypePollution,
  expectRefusedEverywhere,
  hostile,
  importWait,
  preview,
} from './support/hardening-harness.ts';

let t: ProxyUnderTest;
const param = { tenant: 'demo' };
const demo = () => companyRoutes(t.client());

beforeAll(async () => {
  t = await startProxyUnderTest({ proxy: { uploadRateLimit: { requests: 10_000, windowMs: 60_000 } } });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.resetTenant();
});

const SKIP_INVALID = { version: 1, skipInvalidRows: true };

function stored(prefix: string) {
  return t.tenant.store
    .listUsers('demo')
    .filter((u) => u.email.startsWith(prefix))
    .sort((a, b) => a.email.localeCompare(b.email));
}

describe('prototype keys as headers and values', () => {
  it('ignores __proto__/constructor/prototype headers, stores such values as plain text, and pollutes nothing', async () => {
    const plan = await preview(t, hostile('prototype-keys.csv'));
    expect(plan.columns.slice(4).map((c) => [c.header, c.field])).toEqual([
      ['__proto__', null],
      ['constructor', null],
      ['prototype', null],
    ]);
    expect(plan.summary).toMatchObject({ create: 2, invalid: 0 });
    expectNoPrototypePollution();
    const job = await importWait(t, hostile('prototype-keys.csv'));
    expect(job.status).toBe('succeeded');
    expect(stored('proto.').map((u) => [u.givenName, u.familyName])).toEqual([
      ['__proto__', 'constructor'],
      ['prototype', 'hasOwnProperty'],
    ]);
    const report = await readReport(t, 'demo', job.id);
    expect(report.map((r) => r.cells['__proto__'])).toEqual(['{"polluted":1}', 'polluted']);
    const exported = await demo().users.export.$get({
      param,
      query: { format: 'csv', fields: 'email,firstName,lastName' },
    });
    expect(parseCsv(await exported.text())).toContainEqual([
      'proto.one@example.com',
      '__proto__',
      'constructor',
    ]);
    expectNoPrototypePollution();
  });

  it('refuses settings whose keys are __proto__ or constructor with 400 invalid-settings, polluting nothing', async () => {
    const csv = hostile('html-names.csv');
    await expectRefusedEverywhere(t, csv, 400, 'invalid-settings', {
      settings: new TextDecoder().decode(hostile('settings-proto.json').bytes),
    });
    for (const columns of ['{"__proto__":"email"}', '{"constructor":"firstName","prototype":"lastName"}']) {
      const response = await t.preview(csv, {
        settings: `{"version":1,"columns":${columns}}`,
      });
      // Either refused as invalid settings or applied as three ordinary header names; never a 500.
      if (response.status !== 200) await expectProblem(response, 400, 'invalid-settings');
      expectNoPrototypePollution();
    }
    expect((await t.stats()).writes).toBe(0);
  });
});

describe('markup in names is text everywhere', () => {
  const FIRST = '<script>window.pwned=1</script>';
  const LAST = '<img src=x onerror="window.pwned=2">';
  const NOTE = '</td><b>bold</b>&amp;';

  it('keeps markup as JSON text in the preview, and as text in the report, the exports and the stand-in page', async () => {
    const response = await t.preview(hostile('html-names.csv'));
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const plan = await readPreview(response);
    expect(plan.changes[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'firstName', from: null, to: FIRST },
        { field: 'lastName', from: null, to: LAST },
      ]),
    );

    const job = await importWait(t, hostile('html-names.csv'));
    expect(stored('html.')[0]).toMatchObject({ givenName: FIRST, familyName: LAST, note: NOTE });

    const report = await readReport(t, 'demo', job.id);
    expect(report[0]!.cells).toMatchObject({ 'First name': FIRST, 'Last name': LAST, Note: NOTE });
    const reportXlsx = await demo().imports[':id'].report.$get({
      param: { ...param, id: job.id },
      query: { format: 'xlsx' },
    });
    expect(reportXlsx.headers.get('content-type')).toMatch(/spreadsheetml/);

    const ofHtmlName = { email: 'html.name@example.com', fields: 'firstName,lastName,note' };
    const csv = await demo().users.export.$get({ param, query: { format: 'csv', ...ofHtmlName } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(parseCsv(await csv.text())[1]).toEqual([FIRST, LAST, NOTE]);

    for (const bytes of [
      await (
        await demo().users.export.$get({ param, query: { format: 'xlsx', ...ofHtmlName } })
      ).arrayBuffer(),
      await reportXlsx.arrayBuffer(),
    ]) {
      const book = XLSX.read(new Uint8Array(bytes), { type: 'array', cellFormula: true, cellHTML: false });
      const sheet = book.Sheets[book.SheetNames[0]!]!;
      const cells = Object.entries(sheet).filter(([ref]) => !ref.startsWith('!'));
      const values = cells.map(([, cell]) => (cell as XLSX.CellObject).v);
      expect(values).toEqual(expect.arrayContaining([FIRST, LAST, NOTE]));
      for (const [, cell] of cells) {
        expect((cell as XLSX.CellObject).t).toBe('s'); // text cells, no formula, no HTML
        expect((cell as XLSX.CellObject).f).toBeUndefined();
      }
    }

    const page = await (await fetch(`${t.tenant.url}/t/demo/users`)).text();
    expect(page).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    expect(page).not.toContain(FIRST);
    expect(page).not.toContain('<img src=x');
  });

  it('keeps markup in a refused row as JSON text in the problem', async () => {
    const file = toCsv([
      ['Email', 'First name', 'Last name'],
      ['<b>not-an-email</b>', 'X', 'Y'],
    ]);
    const problem = await expectProblem(
      await t.startImport({ bytes: file, name: 'x.csv' }),
      422,
      'invalid-rows',
    );
    expect(problem.errors?.[0]).toMatchObject({ row: 2, column: 'Email', field: 'email' });
    expect(problem.errors?.[0]?.message).toContain('<b>not-an-email</b>');
  });
});

describe('control and text-direction characters', () => {
  it('makes BEL, NUL, RIGHT-TO-LEFT OVERRIDE and isolates row errors, and never stores them', async () => {
    const plan = await preview(t, hostile('control-chars.csv'));
    expect(plan.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'First name', 'invalid-value'],
      [3, 'First name', 'invalid-value'],
      [4, 'Last name', 'invalid-value'],
      [5, 'First name', 'invalid-value'],
    ]);
    await expectProblem(await t.startImport(hostile('control-chars.csv')), 422, 'invalid-rows');
    expect((await t.stats()).writes).toBe(0);

    const job = await importWait(t, hostile('control-chars.csv'), { settings: SKIP_INVALID });
    expect(job.status).toBe('succeeded');
    expect(stored('control.').map((u) => u.email)).toEqual(['control.ok@example.com']);
    const everything = JSON.stringify(t.tenant.store.listUsers('demo'));
    // eslint-disable-next-line no-control-regex -- control characters are what must not be stored
    expect(everything).not.toMatch(/[\u0000\u0007\u202e\u2066\u2069]/u);
  });
});

describe('e-mail addresses', () => {
  it('accepts unicode and trims spaces, and refuses inner spaces, two @, no dot and quotes as row errors', async () => {
    const plan = await preview(t, hostile('emails.csv'));
    expect(plan.errors.map((e) => [e.row, e.column, e.field])).toEqual([
      [4, 'Email', 'email'],
      [5, 'Email', 'email'],
      [6, 'Email', 'email'],
      [7, 'Email', 'email'],
    ]);
    await importWait(t, hostile('emails.csv'), { settings: SKIP_INVALID });
    const emails = t.tenant.store.listUsers('demo').map((u) => u.email);
    expect(emails).toContain('jürgen.müller@bücher.example');
    expect(emails).toContain('padded.mail@example.com');
    expect(emails.filter((e) => /inner|two@at|no-domain|quoted/.test(e))).toEqual([]);
  });
});

describe('phone numbers and dates as Excel stores them', () => {
  it('stores phone numbers that Excel made numbers as E.164 text, never in exponent notation', async () => {
    const plan = await preview(t, hostile('phones.xlsx'));
    const phones = plan.changes.map((c) => c.changes.find((f) => f.field === 'mobilePhone')?.to);
    expect(phones[0]).toBe('+4915112345678');
    expect(phones[2]).toBe('+4915112345600');
    for (const phone of phones) expect(String(phone)).toMatch(/^\+\d{7,15}$/);
    await importWait(t, hostile('phones.xlsx'), { settings: SKIP_INVALID });
    expect(stored('phone.intl')[0]?.mobilePhone).toBe('+4915112345678');
  });

  it('reads date serials in the 1900 and the 1904 system as the same date, and never writes read-only dates', async () => {
    const notes: unknown[] = [];
    for (const name of ['dates-1900.xlsx', 'dates-1904.xlsx']) {
      await t.resetTenant();
      const plan = await preview(t, hostile(name));
      expect(plan.errors, name).toEqual([]);
      notes.push(plan.changes.map((c) => c.changes.find((f) => f.field === 'note')?.to));
      expect(
        plan.changes.every((c) => c.changes.every((f) => f.field !== 'lastLoginAt')),
        name,
      ).toBe(true);
      await importWait(t, hostile(name));
      expect(
        stored('date.').map((u) => [u.note, u.lastLoginAt]),
        name,
      ).toEqual([
        ['2024-03-05', null],
        ['2024-03-05', null],
      ]);
    }
    expect(notes[0]).toEqual(notes[1]);
  });
});

describe('every CSV dialect the reader claims (docs/api-guide.md#the-settings-file csv)', () => {
  const rows = [
    ['Email', 'First name', 'Last name', 'Has own schedule', 'Note'],
    ['dialect.one@example.com', 'Jürgen', 'Größe', 'No', 'a; b, c'],
    ['dialect.two@example.com', 'Zoë', 'Čapek', 'No', 'says "hi"\r\nsecond line'],
  ];
  const text = (delimiter: string, newline: string) =>
    rows
      .map((row) =>
        row
          .map((cell) => (/[,;\t|"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
          .join(delimiter),
      )
      .join(newline) + newline;
  const utf16 = (value: string, bigEndian: boolean, bom: boolean) => {
    const body = (bom ? '\uFEFF' : '') + value;
    const bytes = new Uint8Array(body.length * 2);
    for (let i = 0; i < body.length; i++) {
      const code = body.charCodeAt(i);
      bytes[i * 2 + (bigEndian ? 1 : 0)] = code & 0xff;
      bytes[i * 2 + (bigEndian ? 0 : 1)] = code >> 8;
    }
    return bytes;
  };
  const latin = rows.map((row) => row.map((cell) => cell.replace('Čapek', 'Capek')));
  const dialects: { name: string; bytes: Uint8Array | string; lastName2?: string }[] = [
    { name: 'UTF-8 with BOM, comma, CRLF', bytes: '\uFEFF' + text(',', '\r\n') },
    { name: 'UTF-8, semicolon, LF', bytes: text(';', '\n') },
    { name: 'UTF-8, pipe, CR', bytes: text('|', '\r') },
    { name: 'UTF-8, tab (TSV)', bytes: text('\t', '\r\n') },
    {
      name: 'Windows-1252, semicolon (German Excel)',
      bytes: encodeWindows1252(toCsv(latin, ';')),
      lastName2: 'Capek',
    },
    { name: 'UTF-16 LE with BOM, tab (Excel "Unicode text")', bytes: utf16(text('\t', '\r\n'), false, true) },
    { name: 'UTF-16 BE with BOM, comma', bytes: utf16(text(',', '\r\n'), true, true) },
    { name: 'UTF-16 LE without BOM, tab', bytes: utf16(text('\t', '\r\n'), false, false) },
  ];
  for (const dialect of dialects) {
    it(`reads ${dialect.name} exactly`, async () => {
      const plan = await preview(t, { bytes: dialect.bytes, name: 'users.csv' });
      expect(plan.errors).toEqual([]);
      expect(plan.summary).toMatchObject({ create: 2, invalid: 0 });
      await importWait(t, { bytes: dialect.bytes, name: 'users.csv' });
      expect(stored('dialect.').map((u) => [u.givenName, u.familyName, u.note])).toEqual([
        ['Jürgen', 'Größe', 'a; b, c'],
        ['Zoë', dialect.lastName2 ?? 'Čapek', 'says "hi"\r\nsecond line'],
      ]);
    });
  }

  it('refuses an unbalanced quote with 400 unreadable-file naming the row, and writes nothing', async () => {
    const malformed =
      'Email,First name,Last name\r\nq.one@example.com,"Open,Quote\r\nq.two@example.com,Two,Rows\r\n';
    const [problem] = await expectRefusedEverywhere(
      t,
      { bytes: malformed, name: 'bad.csv' },
      400,
      'unreadable-file',
    );
    expect(problem!.detail).toMatch(/row 2|quote/i);
  });
});

describe('settings files', () => {
  const csv = { bytes: 'Email,First name,Last name\r\nset.one@example.com,Set,One\r\n', name: 'u.csv' };
  for (const name of [
    'settings-not-json.json',
    'settings-unknown-keys.json',
    'settings-wrong-version.json',
  ]) {
    it(`refuses ${name} with 400 invalid-settings on preview and import, writing nothing`, async () => {
      const [problem] = await expectRefusedEverywhere(t, csv, 400, 'invalid-settings', {
        settings: new TextDecoder().decode(hostile(name).bytes),
      });
      expect(problem!.detail).toMatch(
        name.includes('not-json') ? /not JSON/ : name.includes('unknown') ? /deleteMissing/ : /version/,
      );
    });
  }
});
