// The proxy against any SCIM 2.0 user API: the same round trip (create 300, export past the page cap, update,
// deactivate, re-import unchanged with no write, refusals) against the stand-in and against SCIMMY, a SCIM server
// this project did not write, which has the core User schema only, no Bulk and a filter maxResults of 200.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../proxy/server.ts';
import { fastSleep } from '../support/proxy-under-test.ts';
import { csvUploads } from '../support/proxy-client.ts';
import {
  expectProblem,
  jobOfWaitAnswer,
  parseCsv,
  readPreview,
  readReport,
  toCsv,
} from '../support/proxy-assertions.ts';
import {
  SCIMMY_SERVER,
  STAND_IN,
  type DirectoryKind,
  type UserDirectoryUnderTest,
} from '../support/user-directories.ts';

const NEW_USERS = 300;
const HEADER = ['First name', 'Last name', 'Email', 'Has own schedule'];
const newUsers = (count: number) =>
  Array.from({ length: count }, (_, i) => [
    'Runde',
    `Nummer ${i}`,
    `runde.${String(i).padStart(3, '0')}@example.com`,
    'No',
  ]);

describe.each([STAND_IN, SCIMMY_SERVER])('round trip against $name', (kind: DirectoryKind) => {
  let directory: UserDirectoryUnderTest;
  let proxy: RunningProxy;
  const { api, company, param, previewOf, importNow } = csvUploads(() => ({
    proxyUrl: proxy.url,
    token: directory.token,
    tenant: directory.tenant,
  }));
  const exportTable = async () => {
    const response = await company().users.export.$get({ param: param(), query: { format: 'csv' } });
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    return { header: header!, rows };
  };
  const runde = () => directory.users().filter((u) => u.email.startsWith('runde.'));

  beforeAll(async () => {
    directory = await kind.start();
    proxy = await startProxy({
      userApiUrl: directory.url,
      port: 0,
      log: () => {},
      runner: { sleep: fastSleep },
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await directory?.close();
  });
  beforeEach(async () => {
    await directory.reset();
  });

  it('creates 300 users, exports them past the page cap, updates, deactivates, and re-imports the export with no write', async () => {
    const file = toCsv([HEADER, ...newUsers(NEW_USERS)]);
    const preview = await readPreview(await previewOf(file));
    expect(preview.summary).toMatchObject({ create: NEW_USERS, invalid: 0 });
    const notStored = preview.warnings.filter((w) => w.code === 'not-stored');
    // Once per column, never per row.
    if (kind.portatourFields) expect(notStored).toEqual([]);
    else
      expect(notStored).toEqual([
        expect.objectContaining({
          column: 'Has own schedule',
          message: expect.stringMatching(/does not store Has own schedule; the column .* is ignored/),
        }),
      ]);

    const created = await jobOfWaitAnswer(await importNow(file));
    expect(created.status).toBe('succeeded');
    expect(created.progress).toEqual({ total: NEW_USERS, done: NEW_USERS, failed: 0 });
    const stored = runde();
    expect(stored).toHaveLength(NEW_USERS);
    expect([...created.createdUserIds].sort()).toEqual(stored.map((u) => u.id).sort());
    // userName: the server's own where it assigns one, the e-mail where the client must send it.
    if (!kind.portatourFields) for (const user of stored) expect(user.userName).toBe(user.email);

    const exported = await exportTable();
    const emailColumn = exported.header.indexOf('Email');
    const emails = exported.rows.map((row) => row[emailColumn]!);
    expect(emails).toHaveLength(directory.users().length);
    expect(emails.length).toBeGreaterThan(200);
    expect(new Set(emails).size).toBe(emails.length);

    // Update 5 first names and deactivate 3 users in the exported file.
    const first = exported.header.indexOf('First name');
    const active = exported.header.indexOf('Active');
    const rowOf = (email: string) => exported.rows.find((row) => row[emailColumn] === email)!;
    for (let i = 0; i < 5; i++) rowOf(`runde.${String(i).padStart(3, '0')}@example.com`)[first] = `Neu${i}`;
    for (let i = 10; i < 13; i++) rowOf(`runde.${String(i).padStart(3, '0')}@example.com`)[active] = 'No';
    const edited = toCsv([exported.header, ...exported.rows]);
    const writesBefore = await directory.writes();
    const updated = await jobOfWaitAnswer(await importNow(edited));
    expect(updated.status).toBe('succeeded');
    expect(updated.summary).toMatchObject({ update: 5, deactivate: 3, create: 0, invalid: 0 });
    expect((await directory.writes()) - writesBefore).toBe(8);
    const byEmail = new Map(runde().map((u) => [u.email, u]));
    expect(byEmail.get('runde.000@example.com')?.firstName).toBe('Neu0');
    expect(byEmail.get('runde.012@example.com')?.active).toBe(false);
    expect(byEmail.get('runde.013@example.com')?.active).toBe(true);
    const report = await readReport(api, directory.tenant, updated.id);
    expect(report.filter((r) => r.outcome === 'updated')).toHaveLength(5);
    expect(report.filter((r) => r.outcome === 'deactivated')).toHaveLength(3);

    // The next export, imported unchanged, writes nothing.
    const again = await exportTable();
    const writesBeforeReimport = await directory.writes();
    const unchanged = await jobOfWaitAnswer(await importNow(toCsv([again.header, ...again.rows])));
    expect(unchanged.status).toBe('succeeded');
    expect(unchanged.summary).toMatchObject({
      create: 0,
      update: 0,
      deactivate: 0,
      unchanged: again.rows.length,
    });
    expect(await directory.writes()).toBe(writesBeforeReimport);
  }, 60_000);

  it('refuses invalid rows with 422 invalid-rows and writes nothing', async () => {
    const file = toCsv([HEADER, ...newUsers(3), ['', 'Ohne Vorname', 'ohne@example.com', 'No']]);
    const writesBefore = await directory.writes();
    const problem = await expectProblem(await importNow(file), 422, 'invalid-rows');
    expect(problem.errors?.[0]).toMatchObject({ row: 5, column: 'First name', field: 'firstName' });
    expect(await directory.writes()).toBe(writesBefore);
    expect(runde()).toEqual([]);
  });
});
