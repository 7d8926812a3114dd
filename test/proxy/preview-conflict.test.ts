// No lost update between preview and import: an import that names its preview writes no user that someone else
// changed since that preview (row outcome conflict, "preview again"), overwrites no user someone created since
// where the preview planned a new one, and re-creates none the preview matched and someone deleted since;
// without a named preview it behaves as before. Against the stand-in (ETags in meta.version, with and without If-Match support) and against SCIMMY,
// which versions its users by meta.lastModified only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../proxy/server.ts';
import { fastSleep } from '../support/proxy-under-test.ts';
import { csvUploads } from '../support/proxy-client.ts';
import {
  expectProblem,
  jobOfWaitAnswer,
  readPreview,
  readReport,
  toCsv,
} from '../support/proxy-assertions.ts';
import {
  SCIMMY_SERVER,
  STAND_IN,
  STAND_IN_WITH_ETAGS,
  type DirectoryKind,
  type UserDirectoryUnderTest,
} from '../support/user-directories.ts';

const HEADER = ['First name', 'Last name', 'Email'];
const EMAILS = ['wache.0@example.com', 'wache.1@example.com', 'wache.2@example.com'];
/** The user a colleague changes between preview and import. */
const CHANGED = EMAILS[1]!;
/** The new user the preview plans to create, and a colleague creates first. */
const NEW_EMAIL = 'ann.lee@example.com';
const ALL_EMAILS = [...EMAILS, NEW_EMAIL];

describe.each([STAND_IN, STAND_IN_WITH_ETAGS, SCIMMY_SERVER])(
  'preview, then import against $name',
  (kind: DirectoryKind) => {
    let directory: UserDirectoryUnderTest;
    let proxy: RunningProxy;
    const { api, previewOf, importNow } = csvUploads(() => ({
      proxyUrl: proxy.url,
      token: directory.token,
      tenant: directory.tenant,
    }));
    const firstNames = () =>
      Object.fromEntries(
        directory
          .users()
          .filter((u) => ALL_EMAILS.includes(u.email))
          .map((u) => [u.email, u.firstName]),
      );
    const scimUsers = () => `${directory.url}/t/${directory.tenant}/scim/v2/Users`;
    const scimHeaders = () => ({
      authorization: `Bearer ${directory.token}`,
      'content-type': 'application/scim+json',
    });
    /** A colleague creates a user straight on the user API (SCIM POST), not through the proxy. */
    const colleagueCreates = async (email: string, firstName: string) => {
      const response = await fetch(scimUsers(), {
        method: 'POST',
        headers: scimHeaders(),
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: email,
          name: { givenName: firstName, familyName: 'Lee' },
          emails: [{ value: email, type: 'work', primary: true }],
        }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
    };
    /** A colleague gives a user another e-mail address (SCIM PATCH). */
    const colleagueReaddresses = async (email: string, newEmail: string) => {
      const user = directory.users().find((u) => u.email === email)!;
      const response = await fetch(`${scimUsers()}/${user.id}`, {
        method: 'PATCH',
        headers: scimHeaders(),
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'replace', path: 'emails', value: [{ value: newEmail, type: 'work', primary: true }] },
          ],
        }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
    };
    /** A colleague's change straight on the user API (SCIM PATCH), not through the proxy. */
    const colleagueRenames = async (email: string, firstName: string) => {
      const user = directory.users().find((u) => u.email === email)!;
      const response = await fetch(`${directory.url}/t/${directory.tenant}/scim/v2/Users/${user.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${directory.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'name.givenName', value: firstName }],
        }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
    };
    const renamedFile = toCsv([HEADER, ...EMAILS.map((email, i) => [`Neu${i}`, 'Wache', email])]);
    /** The renamed users and one new user, Ann Lee. */
    const withNewFile = toCsv([
      HEADER,
      ...EMAILS.map((email, i) => [`Neu${i}`, 'Wache', email]),
      ['Ann', 'Lee', NEW_EMAIL],
    ]);
    const reportOf = (jobId: string) => readReport(api, directory.tenant, jobId);
    const figures = (job: { results: { created: number; updated: number; failed: number } }) => ({
      created: job.results.created,
      updated: job.results.updated,
      conflicts: job.results.failed,
    });

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
      const created = await jobOfWaitAnswer(
        await importNow(toCsv([HEADER, ...EMAILS.map((e) => ['Alt', 'Wache', e])])),
      );
      expect(created.progress).toEqual({ total: 3, done: 3, failed: 0 });
    });

    it('names the preview: the user changed since is a conflict and keeps the change; the others are updated', async () => {
      const preview = await readPreview(await previewOf(renamedFile));
      expect(preview.summary).toMatchObject({ update: 3 });
      expect(preview.warnings.filter((w) => w.code === 'no-user-versions')).toEqual([]);
      await colleagueRenames(CHANGED, 'Kollegin');

      const job = await jobOfWaitAnswer(await importNow(renamedFile, { previewId: preview.previewId }));
      expect(job.status).toBe('partially_failed');
      expect(job.progress).toEqual({ total: 3, done: 3, failed: 1 });
      expect(job.results).toMatchObject({ updated: 2, failed: 1 });
      const report = await readReport(api, directory.tenant, job.id);
      const row = report.find((r) => r.cells.Email === CHANGED)!;
      expect(row.message).toBe(
        `Changed by someone else since the preview at ${preview.previewedAt}; not overwritten. Preview again and import the file again.`,
      );
      expect(report.filter((r) => r.outcome === 'updated').map((r) => r.cells.Email)).toEqual([
        EMAILS[0],
        EMAILS[2],
      ]);
      expect(firstNames()).toEqual({ [EMAILS[0]!]: 'Neu0', [CHANGED]: 'Kollegin', [EMAILS[2]!]: 'Neu2' });
      console.log(
        JSON.stringify({
          directory: kind.name,
          previewNamed: true,
          reportConflicts: report.filter((r) => /since the preview/.test(r.message)).length,
          reportUpdated: job.results.updated,
          userApi: firstNames(),
        }),
      );
    });

    it('without a named preview behaves as before: the change made since the preview is overwritten', async () => {
      await readPreview(await previewOf(renamedFile));
      await colleagueRenames(CHANGED, 'Kollegin');

      const job = await jobOfWaitAnswer(await importNow(renamedFile));
      expect(job.status).toBe('succeeded');
      expect(job.progress).toEqual({ total: 3, done: 3, failed: 0 });
      expect(firstNames()).toEqual({ [EMAILS[0]!]: 'Neu0', [CHANGED]: 'Neu1', [EMAILS[2]!]: 'Neu2' });
      console.log(
        JSON.stringify({
          directory: kind.name,
          previewNamed: false,
          reportUpdated: job.results.updated,
          userApi: firstNames(),
        }),
      );
    });

    it('names a preview in which nobody changed since: every row is updated', async () => {
      const preview = await readPreview(await previewOf(renamedFile));
      const job = await jobOfWaitAnswer(await importNow(renamedFile, { previewId: preview.previewId }));
      expect(job.status).toBe('succeeded');
      expect(firstNames()).toEqual({ [EMAILS[0]!]: 'Neu0', [CHANGED]: 'Neu1', [EMAILS[2]!]: 'Neu2' });
    });

    it('names the preview: a user it showed unchanged and someone changed since is not changed back', async () => {
      // The file says what the users hold now; the preview plans nothing for them.
      const sameFile = toCsv([HEADER, ...EMAILS.map((email) => ['Alt', 'Wache', email])]);
      const preview = await readPreview(await previewOf(sameFile));
      expect(preview.summary).toMatchObject({ update: 0, unchanged: 3 });
      await colleagueRenames(CHANGED, 'Kollegin');

      const job = await jobOfWaitAnswer(await importNow(sameFile, { previewId: preview.previewId }));
      expect(job.status).toBe('partially_failed');
      expect(job.summary).toMatchObject({ update: 1, unchanged: 2 });
      expect(job.results).toMatchObject({ updated: 0, unchanged: 2, failed: 1 });
      expect(firstNames()).toEqual({ [EMAILS[0]!]: 'Alt', [CHANGED]: 'Kollegin', [EMAILS[2]!]: 'Alt' });
    });

    it('names the preview: a user missing from the file and changed since is not deactivated', async () => {
      const settings = JSON.stringify({ version: 1, deactivateMissing: true });
      const withoutChanged = toCsv([
        HEADER,
        ...EMAILS.filter((e) => e !== CHANGED).map((e) => ['Alt', 'Wache', e]),
      ]);
      const preview = await readPreview(await previewOf(withoutChanged, { settings }));
      expect(preview.missingDeactivations).toBeGreaterThanOrEqual(1);
      await colleagueRenames(CHANGED, 'Kollegin');

      const job = await jobOfWaitAnswer(
        await importNow(withoutChanged, {
          settings,
          previewId: preview.previewId,
        }),
      );
      expect(job.status).toBe('partially_failed');
      expect(job.progress.failed).toBe(1);
      const changed = directory.users().find((u) => u.email === CHANGED)!;
      expect(changed).toMatchObject({ firstName: 'Kollegin', active: true });
      // Everyone else the file does not name was deactivated as the preview showed.
      expect(job.results.deactivated).toBe(preview.missingDeactivations - 1);
    });

    it('names the preview: a user it planned to create and someone created since is a conflict, not overwritten', async () => {
      const preview = await readPreview(await previewOf(withNewFile));
      expect(preview.summary).toMatchObject({ update: 3, create: 1 });
      await colleagueCreates(NEW_EMAIL, 'Andere');

      const response = await importNow(withNewFile, {
        previewId: preview.previewId,
      });
      expect(response.status).toBe(422);
      const job = await jobOfWaitAnswer(response);
      expect(job.status).toBe('partially_failed');
      // The import's own plan sees the colleague's user: an update, which is not sent.
      expect(job.summary).toMatchObject({ update: 4, create: 0 });
      expect(job.progress).toEqual({ total: 4, done: 4, failed: 1 });
      expect(job.results).toMatchObject({ created: 0, updated: 3, failed: 1 });
      const report = await reportOf(job.id);
      const row = report.find((r) => r.cells.Email === NEW_EMAIL)!;
      expect(row).toMatchObject({ outcome: 'failed', portatourId: '' });
      expect(row.message).toBe(
        `Created by someone else since the preview at ${preview.previewedAt}; not overwritten. Preview again and import the file again.`,
      );
      expect(firstNames()).toEqual({
        [EMAILS[0]!]: 'Neu0',
        [CHANGED]: 'Neu1',
        [EMAILS[2]!]: 'Neu2',
        [NEW_EMAIL]: 'Andere',
      });
      console.log(
        JSON.stringify({ directory: kind.name, case: 'created since', previewNamed: true, ...figures(job) }),
      );
    });

    it('without a named preview, the user someone created since the preview is updated as before', async () => {
      await readPreview(await previewOf(withNewFile));
      await colleagueCreates(NEW_EMAIL, 'Andere');

      const job = await jobOfWaitAnswer(await importNow(withNewFile));
      expect(job.status).toBe('succeeded');
      expect(job.results).toMatchObject({ created: 0, updated: 4, failed: 0 });
      expect(firstNames()[NEW_EMAIL]).toBe('Ann');
      console.log(
        JSON.stringify({ directory: kind.name, case: 'created since', previewNamed: false, ...figures(job) }),
      );
    });

    it('names the preview: a user someone created since just as the file says is left unchanged, nothing written', async () => {
      const preview = await readPreview(await previewOf(withNewFile));
      await colleagueCreates(NEW_EMAIL, 'Ann');

      const job = await jobOfWaitAnswer(await importNow(withNewFile, { previewId: preview.previewId }));
      expect(job.status).toBe('succeeded');
      expect(job.results).toMatchObject({ created: 0, updated: 3, unchanged: 1, failed: 0 });
      // Not one of the users the import created: no access link goes to the colleague's account with them.
      expect(job.createdUserIds).toEqual([]);
    });

    it('names the preview: a new user nobody created since is created', async () => {
      const preview = await readPreview(await previewOf(withNewFile));
      const job = await jobOfWaitAnswer(await importNow(withNewFile, { previewId: preview.previewId }));
      expect(job.results).toMatchObject({ created: 1, updated: 3, failed: 0 });
      expect(firstNames()[NEW_EMAIL]).toBe('Ann');
    });

    it('names the preview: a user it matched and someone deleted since is a conflict, not created again', async () => {
      const preview = await readPreview(await previewOf(renamedFile));
      expect(preview.summary).toMatchObject({ update: 3, create: 0 });
      directory.deleteUser(directory.users().find((u) => u.email === CHANGED)!.id);

      const job = await jobOfWaitAnswer(await importNow(renamedFile, { previewId: preview.previewId }));
      expect(job.status).toBe('partially_failed');
      expect(job.summary).toMatchObject({ update: 2, create: 1 });
      expect(job.results).toMatchObject({ created: 0, updated: 2, failed: 1 });
      const row = (await reportOf(job.id)).find((r) => r.cells.Email === CHANGED)!;
      expect(row.message).toBe(
        `Deleted by someone else since the preview at ${preview.previewedAt}, or its email or employee number changed; not created again. Preview again and import the file again.`,
      );
      expect(firstNames()).toEqual({ [EMAILS[0]!]: 'Neu0', [EMAILS[2]!]: 'Neu2' });
      console.log(
        JSON.stringify({ directory: kind.name, case: 'deleted since', previewNamed: true, ...figures(job) }),
      );
    });

    it('without a named preview, the user someone deleted since the preview is created again as before', async () => {
      await readPreview(await previewOf(renamedFile));
      directory.deleteUser(directory.users().find((u) => u.email === CHANGED)!.id);

      const job = await jobOfWaitAnswer(await importNow(renamedFile));
      expect(job.results).toMatchObject({ created: 1, updated: 2, failed: 0 });
      expect(firstNames()).toEqual({ [EMAILS[0]!]: 'Neu0', [CHANGED]: 'Neu1', [EMAILS[2]!]: 'Neu2' });
      console.log(
        JSON.stringify({ directory: kind.name, case: 'deleted since', previewNamed: false, ...figures(job) }),
      );
    });

    it('names the preview: a row whose user got another e-mail address since is not created anew, in German', async () => {
      const preview = await readPreview(await previewOf(renamedFile));
      await colleagueReaddresses(CHANGED, 'wache.neu@example.com');

      const job = await jobOfWaitAnswer(await importNow(renamedFile, { previewId: preview.previewId }, 'de'));
      expect(job.results).toMatchObject({ created: 0, updated: 2, failed: 1 });
      const row = (await reportOf(job.id)).find((r) => r.cells.Email === CHANGED)!;
      expect(row.message).toBe(
        `Seit der Vorschau um ${preview.previewedAt} von jemand anderem gelöscht oder E-Mail bzw. Personalnummer geändert; nicht neu angelegt. Zeigen Sie die Vorschau erneut an und importieren Sie die Datei noch einmal.`,
      );
      expect(directory.users().filter((u) => u.email === CHANGED)).toEqual([]);
    });

    it('names the preview: the conflicts are in German for a German import', async () => {
      const preview = await readPreview(await previewOf(withNewFile));
      await colleagueCreates(NEW_EMAIL, 'Andere');
      await colleagueRenames(CHANGED, 'Kollegin');

      const job = await jobOfWaitAnswer(await importNow(withNewFile, { previewId: preview.previewId }, 'de'));
      expect(job.results).toMatchObject({ created: 0, updated: 2, failed: 2 });
      const report = await reportOf(job.id);
      const again = 'Zeigen Sie die Vorschau erneut an und importieren Sie die Datei noch einmal.';
      expect(report.find((r) => r.cells.Email === NEW_EMAIL)!.message).toBe(
        `Seit der Vorschau um ${preview.previewedAt} von jemand anderem angelegt; nicht überschrieben. ${again}`,
      );
      expect(report.find((r) => r.cells.Email === CHANGED)!.message).toBe(
        `Seit der Vorschau um ${preview.previewedAt} von jemand anderem geändert; nicht überschrieben. ${again}`,
      );
    });

    it('refuses an unknown preview with 409 preview-expired and writes nothing', async () => {
      const writesBefore = await directory.writes();
      const problem = await expectProblem(
        await importNow(renamedFile, { previewId: 'no-such-preview' }),
        409,
        'preview-expired',
      );
      expect(problem.detail).toMatch(/Preview the file again/);
      expect(await directory.writes()).toBe(writesBefore);
    });
  },
);
