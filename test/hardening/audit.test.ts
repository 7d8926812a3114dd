// The audit log: every write an import makes and every access link sent has a record — who (a
// token fingerprint), when, which company and user, each field before → after — readable through
// GET /api/v1/tenants/{t}/audit by that company's administrators only, and holding no token.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { auditAnswerSchema, sendAccessLinkAnswerSchema } from '../../shared/api/users-schema.ts';
import { companyRoutes } from '../support/proxy-client.ts';
import { expectProblem, readAnswer, readReport, toCsv } from '../support/proxy-assertions.ts';
import { importWait } from './support/hardening-harness.ts';

type AuditEntry = ReturnType<typeof auditAnswerSchema.parse>['entries'][number];
const param = { tenant: 'demo' };

let t: ProxyUnderTest;

beforeAll(async () => {
  t = await startProxyUnderTest({ proxy: { uploadRateLimit: { requests: 10_000, windowMs: 60_000 } } });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.resetTenant();
});

/** GET …/audit of the demo company with `token` (default: its administrator). */
const audit = (token?: string | null, query: { limit?: string } = {}) =>
  companyRoutes(t.client(undefined, token)).audit.$get({ param, query });

async function auditEntries(token?: string): Promise<AuditEntry[]> {
  return (await readAnswer(await audit(token, { limit: '1000' }), 200, auditAnswerSchema)).entries;
}

const user = (email: string) => t.tenant.store.listUsers('demo').find((u) => u.email === email);

describe('audit records', () => {
  it('records every write of an import and every access link it sends, with before → after, and no token', async () => {
    const started = new Date();
    const anna = user('anna.schmidt@example.com')!;
    const lukas = t.tenant.store.listUsers('demo').find((u) => u.active && u.email !== anna.email)!;
    const file = toCsv([
      ['Email', 'First name', 'Last name', 'Has own schedule', 'Active'],
      ['audit.one@example.com', 'Audit', 'One', 'No', 'Yes'],
      ['audit.two@example.com', 'Audit', 'Two', 'No', 'Yes'],
      [anna.email, 'Annika', anna.familyName, 'Yes', 'Yes'],
      [lukas.email, lukas.givenName, lukas.familyName, lukas.hasOwnSchedule ? 'Yes' : 'No', 'No'],
    ]);
    const job = await importWait(
      t,
      { bytes: file, name: 'audit.csv' },
      { settings: { version: 1, sendAccessLink: true } },
    );
    expect(job.status).toBe('succeeded');

    const entries = await auditEntries();
    const ofJob = entries.filter((e) => e.jobId === job.id || job.createdUserIds.includes(e.userId ?? ''));
    const byAction = (action: AuditEntry['action']) => ofJob.filter((e) => e.action === action);
    expect(
      byAction('created')
        .map((e) => e.userId)
        .sort(),
    ).toEqual([...job.createdUserIds].sort());
    expect(byAction('updated')).toEqual([
      expect.objectContaining({
        userId: anna.id,
        changes: [{ field: 'firstName', from: 'Anna', to: 'Annika' }],
      }),
    ]);
    expect(byAction('deactivated')).toEqual([
      expect.objectContaining({ userId: lukas.id, changes: [{ field: 'active', from: true, to: false }] }),
    ]);
    // The access links the import sent to the two new users (sendAccessLink: true).
    expect(
      byAction('access-link-sent')
        .map((e) => e.userId)
        .sort(),
    ).toEqual([...job.createdUserIds].sort());
    const created = byAction('created')[0]!;
    expect(created.changes).toEqual(
      expect.arrayContaining([
        { field: 'email', from: null, to: expect.stringMatching(/^audit\.(one|two)@example\.com$/) },
        { field: 'firstName', from: null, to: 'Audit' },
      ]),
    );

    for (const entry of ofJob) {
      expect(entry.tenant).toBe('demo');
      expect(entry.actor).toMatch(/^[0-9a-f]{16}$/);
      expect(entry.actor).toBe(ofJob[0]!.actor); // one caller
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(started.getTime() - 1000);
      expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(JSON.stringify(entries)).not.toMatch(/demo-admin-token|Bearer/);
  });

  it('records the access links sent with POST …/users/send-access-link, and nothing for a failed write', async () => {
    const anna = user('anna.schmidt@example.com')!;
    const response = await companyRoutes(t.client()).users['send-access-link'].$post({
      param,
      json: { ids: [anna.id, 'no-such-user'] },
    });
    expect(await readAnswer(response, 200, sendAccessLinkAnswerSchema)).toMatchObject({ sent: 1 });

    await t.setFaults({ tenant: 'demo', failWrites: { nth: 1, status: 500 } });
    const strict = await t.startAnotherProxy({ runner: { maxAttempts: 1, bulkBatchSize: 1 } });
    const file = toCsv([
      ['Email', 'First name', 'Last name', 'Has own schedule'],
      ['audit.fail@example.com', 'Audit', 'Fail', 'No'],
    ]);
    const job = await importWait(t, { bytes: file, name: 'fail.csv' }, { proxyUrl: strict.url });
    await t.clearFaults();
    expect((await readReport(t, 'demo', job.id, strict.url))[0]!.outcome).toBe('failed');

    const entries = await auditEntries();
    expect(entries.filter((e) => e.action === 'access-link-sent' && e.jobId === null)).toEqual([
      expect.objectContaining({
        userId: anna.id,
        jobId: null,
        changes: [expect.objectContaining({ field: 'accessLinkSentAt', from: null })],
      }),
    ]);
    expect(entries.filter((e) => e.jobId === job.id)).toEqual([]);
  });

  it("is readable by the company's administrators only", async () => {
    await expectProblem(await audit(null), 401, 'unauthorized');
    await expectProblem(await audit('demo-user-token'), 403, 'forbidden');
    await expectProblem(await audit('sfdc-admin-token'), 403, 'forbidden');
    await expectProblem(await audit('solo-admin-token'), 403, 'forbidden');
    expect(Array.isArray(await auditEntries())).toBe(true);
  });
});
