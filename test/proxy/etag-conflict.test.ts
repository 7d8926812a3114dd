// No lost update: where the user API supports ETags, each update carries If-Match with the version the import
// planned against, and a user changed by someone else meanwhile is stored as the row outcome "conflict" (the report
// says "failed" with a message that says why, its outcomes being a fixed set) — never overwritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { pollJob, readPreview, readReport, toCsv } from '../support/proxy-assertions.ts';

let t: ProxyUnderTest;

beforeAll(async () => {
  t = await startProxyUnderTest({ tenant: { etag: true } });
});
afterAll(async () => {
  await t?.close();
});

describe('a user changed by someone else while the import runs', () => {
  it.each([
    ['without a named preview', false],
    ['naming the preview (If-Match carries the previewed version)', true],
  ])(
    '%s: is reported as a conflict with a clear message and keeps the other change; the other rows are applied',
    async (_, namePreview) => {
      await t.resetTenant();
      const file = toCsv([
        ['Email', 'Note'],
        ['anna.schmidt@example.com', 'from the file 1'],
        ['juergen.weiss@example.com', 'from the file 2'],
        ['lukas.mueller@example.com', 'from the file 3'],
      ]);
      const preview = namePreview
        ? await readPreview(await t.preview({ bytes: file, name: 'notes.csv' }))
        : undefined;
      // Each write waits 300 ms, so the third is applied well after the change below.
      await t.setFaults({ tenant: 'demo', hangWritesMs: 300 });
      const started = await t.startImport(
        { bytes: file, name: 'notes.csv' },
        { query: { wait: 'false' }, parts: preview ? { previewId: preview.previewId } : {} },
      );
      expect(started.status).toBe(202);
      const lukas = t.tenant.store.getUserByEmail('demo', 'lukas.mueller@example.com')!;
      const {
        tenantId: _t,
        id: _i,
        userName: _u,
        accessLinkSentAt: _a,
        lastLoginAt: _l,
        created: _c,
        lastModified: _m,
        version: _v,
        ...fields
      } = lukas;
      t.tenant.store.updateUser('demo', lukas.id, { ...fields, note: 'changed by a colleague' });

      const job = await pollJob(t, started.headers.get('location')!);
      await t.clearFaults();
      expect(job.status).toBe('partially_failed');
      expect(job.progress).toEqual({ total: 3, done: 3, failed: 1 });
      const report = await readReport(t, 'demo', job.id);
      expect(report.map((r) => r.outcome)).toEqual(['updated', 'updated', 'failed']);
      expect(report[2]!.message).toMatch(/changed by someone else since the preview/i);
      expect(t.tenant.store.getUserByEmail('demo', 'lukas.mueller@example.com')?.note).toBe(
        'changed by a colleague',
      );
      expect(t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com')?.note).toBe('from the file 1');
    },
  );
});
