// The export and the template over real HTTP against the stand-in tenant (docs/api-guide.md#fields, docs/api-guide.md#endpoints).
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { StoredUser } from '../stand-in-tenant/tenant-store.ts';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';
import { expectProblem, parseCsv, readJob, UTF8_BOM } from '../support/proxy-assertions.ts';
import { CONTRACT_FIELDS } from '../support/contract-fields.ts';

const ENGLISH_HEADERS = CONTRACT_FIELDS.map(([, en]) => en);
const GERMAN_HEADERS = CONTRACT_FIELDS.map(([, , de]) => de);

const DEMO = '/api/v1/tenants/demo';

/** What the English export must show for a user of the tenant's database, written out independently here. */
function expectedEnglishCells(user: StoredUser): string[] {
  const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
  return [
    user.id,
    user.givenName,
    user.familyName,
    user.email,
    user.employeeNumber ?? '',
    user.userName,
    user.mobilePhone ?? '',
    user.preferredLanguage,
    user.authorizationLevel,
    yesNo(user.active),
    yesNo(user.hasOwnSchedule),
    user.userGroups.join(', '),
    user.note ?? '',
    user.homeStreet ?? '',
    user.homePostalCode ?? '',
    user.homeCity ?? '',
    user.homeCountry ?? '',
    user.accessLinkSentAt ?? '',
    user.lastLoginAt ?? '',
  ];
}

/** What a date cell of the last two columns (Access link sent, Last login) shows: `2024-02-01 09:12 UTC`. */
const shownDates = (cells: string[]) =>
  cells.map((cell, index) =>
    index >= cells.length - 2 && cell ? `${cell.slice(0, 10)} ${cell.slice(11, 16)} UTC` : cell,
  );

/** A CSV cell that would start a formula carries a visible apostrophe (proxy/spreadsheet/formula-guard.ts). */
const csvGuard = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

function readWorkbook(bytes: ArrayBuffer): XLSX.WorkBook {
  return XLSX.read(new Uint8Array(bytes), { type: 'array', cellFormula: true, raw: true });
}

function sheetRows(workbook: XLSX.WorkBook, index = 0): string[][] {
  const sheet = workbook.Sheets[workbook.SheetNames[index]!]!;
  return XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false, defval: '', blankrows: false });
}

const t = useProxyUnderTest();

// Through Hono's typed client: a query parameter the export or template does not take fails to compile.
const demo = () => t.client().api.v1.tenants[':tenant'];
type ExportQuery = Parameters<ReturnType<typeof demo>['users']['export']['$get']>[0]['query'];
type TemplateQuery = Parameters<ReturnType<typeof demo>['template']['$get']>[0]['query'];
const exportOf = (query: ExportQuery) => demo().users.export.$get({ param: { tenant: 'demo' }, query });
const templateOf = (query: TemplateQuery) => demo().template.$get({ param: { tenant: 'demo' }, query });

describe('CSV export (the curl of the issue)', () => {
  it('exports exactly the 12 users of the database with the English headers, UTF-8 BOM, CRLF and ;', async () => {
    const response = await exportOf({ format: 'csv', delimiter: ';' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Response.text() and a default TextDecoder drop the BOM; keep it to see it.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    // Every line break is CRLF: no bare LF outside quoted cells (the demo data has no line breaks in cells).
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('\r\n') || !text.endsWith('\n')).toBe(true);

    const [header, ...rows] = parseCsv(text, ';');
    expect(header).toEqual(ENGLISH_HEADERS);
    const users = t.tenant.store.listUsers('demo');
    expect(users).toHaveLength(12);
    expect(rows).toHaveLength(12);
    const byId = new Map(rows.map((row) => [row[0], row]));
    for (const user of users) {
      expect(byId.get(user.id), user.email).toEqual(expectedEnglishCells(user).map(csvGuard));
    }
  });

  it('answers the curl of the issue: GET …/users/export?format=csv with a Bearer token', async () => {
    // Plain fetch on purpose: the request a script writes by hand, with no client in between.
    const response = await fetch(`${t.proxy.url}${DEMO}/users/export?format=csv`, {
      headers: { Authorization: 'Bearer demo-admin-token' },
    });
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text(), ',');
    expect(header).toEqual(ENGLISH_HEADERS);
    expect(rows).toHaveLength(12);
  });

  it('agrees with the SCIM API: every exported e-mail address is a user of the tenant', async () => {
    const scim = (await (
      await fetch(`${t.tenant.url}/t/demo/scim/v2/Users?count=100`, {
        headers: { authorization: 'Bearer demo-admin-token' },
      })
    ).json()) as { totalResults: number; Resources: { emails: { value: string }[] }[] };
    const [, ...rows] = parseCsv(await (await exportOf({ format: 'csv' })).text());
    expect(scim.totalResults).toBe(rows.length);
    expect(rows.map((row) => row[3]).sort()).toEqual(scim.Resources.map((r) => r.emails[0]!.value).sort());
  });

  it('writes German headers and Ja/Nein with lang=de', async () => {
    const text = await (await exportOf({ format: 'csv', lang: 'de', delimiter: ';' })).text();
    const [header, ...rows] = parseCsv(text, ';');
    expect(header).toEqual(GERMAN_HEADERS);
    const active = header!.indexOf('Aktiv');
    const schedule = header!.indexOf('Eigene Terminplanung');
    const values = new Set(rows.flatMap((row) => [row[active], row[schedule]]));
    expect(values).toEqual(new Set(['Ja', 'Nein'])); // the seed has a deactivated user and office staff
    const level = header!.indexOf('Berechtigungsstufe');
    expect(rows.map((row) => row[level])).toContain('Administrator');
    expect(rows.map((row) => row[level])).toContain('Vorgesetzter');
  });

  it('writes the fields= columns in the order given', async () => {
    const text = await (await exportOf({ format: 'csv', fields: 'email,lastName,portatourId' })).text();
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['Email', 'Last name', 'Portatour ID']);
    const anna = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com')!;
    expect(rows).toContainEqual([anna.email, anna.familyName, anna.id]);
    expect(rows.every((row) => row.length === 3)).toBe(true);
  });

  it('refuses an unknown field in fields= with a 400 problem naming it', async () => {
    const problem = await expectProblem(
      await exportOf({ format: 'csv', fields: 'email,shoeSize' }),
      400,
      'invalid-request',
    );
    expect(problem.detail).toContain('shoeSize');
  });

  it('exports one user with email= (case-insensitive) and with employeeNumber=', async () => {
    const byEmail = parseCsv(
      await (await exportOf({ format: 'csv', email: 'Juergen.Weiss@Example.com' })).text(),
    );
    expect(byEmail).toHaveLength(2);
    expect(byEmail[1]![3]).toBe('juergen.weiss@example.com');
    const byNumber = parseCsv(await (await exportOf({ format: 'csv', employeeNumber: 'E-1003' })).text());
    expect(byNumber).toHaveLength(2);
    expect(byNumber[1]![4]).toBe('E-1003');
    expect(byNumber[1]![3]).toBe('lukas.mueller@example.com');
    const nobody = parseCsv(await (await exportOf({ format: 'csv', email: 'nobody@example.com' })).text());
    expect(nobody).toEqual([ENGLISH_HEADERS]);
  });
});

describe('XLSX and ODS export', () => {
  it('exports the users as XLSX with a "Field info" sheet describing every field', async () => {
    const response = await exportOf({ format: 'xlsx' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = readWorkbook(await response.arrayBuffer());
    expect(workbook.SheetNames).toEqual(['Users', 'Field info']);
    const [header, ...rows] = sheetRows(workbook);
    expect(header).toEqual(ENGLISH_HEADERS);
    const users = t.tenant.store.listUsers('demo');
    expect(rows).toHaveLength(users.length);
    const byId = new Map(rows.map((row) => [row[0], row]));
    // XLSX cells need no apostrophe: they are text cells, but for the dates (test/proxy/date-cells.test.ts).
    for (const user of users)
      expect(byId.get(user.id), user.email).toEqual(shownDates(expectedEnglishCells(user)));
    const info = sheetRows(workbook, 1);
    expect(info.slice(1).map((row) => row[0])).toEqual(ENGLISH_HEADERS);
    expect(info.slice(1).every((row) => (row[4] ?? '').length > 10)).toBe(true);
  });

  it('exports ODS that a spreadsheet reader opens with the same users', async () => {
    const response = await exportOf({ format: 'ods' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const workbook = readWorkbook(await response.arrayBuffer());
    const [header, ...rows] = sheetRows(workbook);
    expect(header).toEqual(ENGLISH_HEADERS);
    expect(rows.map((row) => row[3]).sort()).toEqual(
      t.tenant.store
        .listUsers('demo')
        .map((u) => u.email)
        .sort(),
    );
    // Postal codes with leading zeros stay text.
    expect(rows.map((row) => row[14])).toContain('04107');
  });
});

describe('formula injection', () => {
  const FORMULA = '=HYPERLINK("x")';

  async function createFormulaUser(): Promise<string> {
    const response = await fetch(`${t.tenant.url}/t/demo/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-admin-token', 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        name: { givenName: FORMULA, familyName: '+Plus' },
        emails: [{ value: 'formula@example.com', type: 'work', primary: true }],
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  it('neutralises a first name that is a formula: the CSV cell starts with an apostrophe', async () => {
    const id = await createFormulaUser();
    const text = await (await exportOf({ format: 'csv', delimiter: ';' })).text();
    const row = parseCsv(text, ';').find((cells) => cells[0] === id)!;
    expect(row[1]).toBe(`'${FORMULA}`);
    expect(row[2]).toBe("'+Plus");
    expect(text).not.toMatch(/[;\n]=HYPERLINK/);
  });

  it('writes a formula-looking first name as a text cell (no formula) in XLSX', async () => {
    const id = await createFormulaUser();
    const workbook = readWorkbook(await (await exportOf({ format: 'xlsx' })).arrayBuffer());
    const sheet = workbook.Sheets.Users!;
    const rows = sheetRows(workbook);
    const rowIndex = rows.findIndex((row) => row[0] === id);
    const cell = sheet[XLSX.utils.encode_cell({ r: rowIndex, c: 1 })] as XLSX.CellObject;
    expect(cell.t).toBe('s');
    expect(cell.v).toBe(FORMULA);
    expect(cell.f).toBeUndefined();
  });

  it('re-importing the neutralised CSV and XLSX exports changes nothing and writes nothing', async () => {
    await createFormulaUser();
    for (const format of ['csv', 'xlsx'] as const) {
      const bytes = new Uint8Array(await (await exportOf({ format })).arrayBuffer());
      const before = (await t.stats()).writes;
      const job = await readJob(await t.startImport({ bytes, name: `users.${format}` }));
      expect(job.status).toBe('succeeded');
      expect(job.summary).toMatchObject({ rows: 13, unchanged: 13, create: 0, update: 0, invalid: 0 });
      expect((await t.stats()).writes).toBe(before);
    }
    expect(t.tenant.store.getUserByEmail('demo', 'formula@example.com')?.givenName).toBe(FORMULA);
  });
});

describe('template', () => {
  it('serves an XLSX template with only the header row and a "Field info" sheet', async () => {
    const response = await templateOf({ format: 'xlsx' });
    expect(response.status).toBe(200);
    const workbook = readWorkbook(await response.arrayBuffer());
    expect(workbook.SheetNames).toEqual(['Users', 'Field info']);
    expect(sheetRows(workbook)).toEqual([ENGLISH_HEADERS]);
    expect(sheetRows(workbook, 1)).toHaveLength(1 + ENGLISH_HEADERS.length);
  });

  it('serves a CSV template with the headers only, German with lang=de', async () => {
    const bytes = new Uint8Array(await (await templateOf({ format: 'csv' })).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const english = new TextDecoder().decode(bytes);
    expect(parseCsv(english)).toEqual([ENGLISH_HEADERS]);
    const german = await (await templateOf({ format: 'csv', lang: 'de', delimiter: ';' })).text();
    expect(parseCsv(german, ';')).toEqual([GERMAN_HEADERS]);
  });
});
