// No lost update between preview and import: an import that names its preview writes no user that someone else
// changed since that preview (row outcome conflict, "preview again"); without a named preview it behaves as
// before. Against the stand-in (ETags in meta.version, with and without If-Match support) and against SCIMMY,
// which versions its users by meta.lastModified only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../proxy/server.ts';
import { fastSleep } from '../support/proxy-under-test.ts';
import type { ImportForm, UploadForm } from '../../proxy/routes/import-route-definitions.ts';
import { companyRoutes, proxyClient, uploadForm } from '../support/proxy-client.ts';
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

describe.each([STAND_IN, STAND_IN_WITH_ETAGS, SCIMMY_SERVER])(
  'preview, then import against $name',
  (kind: DirectoryKind) => {
    let directory: UserDirectoryUnderTest;
    let proxy: RunningProxy;
    const api = {
      client: (proxyUrl = proxy.url, token: string | null = directory.token) => proxyClient(proxyUrl, token),
    };
    const company = () => companyRoutes(api.client());
    const param = () => ({ tenant: directory.tenant });
    /** POST …/imports/preview of `csv` with further `parts` of the form. */
    const previewOf = (csv: string, parts: Omit<UploadForm, 'file'> = {}) =>
      company().imports.preview.$post({
        param: param(),
        query: {},
        form: { ...uploadForm({ bytes: csv, name: 'users.csv' }), ...parts },
      });
    /** POST …/imports?wait=true of `csv` with further `parts` of the form (such as previewId). */
    const importNow = (csv: string, parts: Omit<ImportForm, 'file'> = {}) =>
      company().imports.$post({
        param: param(),
        query: { wait: 'true' },
        form: { ...uploadForm({ bytes: csv, name: 'users.csv' }), ...parts },
      });
    const firstNames = () =>
      Object.fromEntries(
        directory
          .users()
          .filter((u) => EMAILS.includes(u.email))
          .map((u) => [u.email, u.firstName]),
      );
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
