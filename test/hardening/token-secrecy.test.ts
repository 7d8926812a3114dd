// Tokens never leave the request they came with (docs/api-guide.md#endpoints "holds no credentials"): not in the
// proxy's log entries, nor on the console, in reports, job records (the SQLite file itself), audit entries or
// error bodies. Everything the proxy says or stores during a busy session is captured and searched.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../proxy/app.ts';
import type { RunningProxy } from '../../proxy/server.ts';
import { fastSleep, startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { jobOfWaitAnswer, toCsv } from '../support/proxy-assertions.ts';
import { DEMO } from './support/hardening-harness.ts';

const SECRETS = ['demo-admin-token', 'demo-user-token', 'sfdc-admin-token'];
const BASIC = Buffer.from('api:demo-admin-token').toString('base64');

let t: ProxyUnderTest;
let proxy: RunningProxy;
let dataDir: string;
const logEntries: LogEntry[] = [];
const consoleOutput: string[] = [];
/** Every answer body and header the proxy sent during the session. */
const answers: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'proxy-secrets-'));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((arg) => (arg instanceof Error ? `${arg.stack}` : String(arg))).join(' '));
    });
  }
  t = await startProxyUnderTest();
  proxy = await t.startAnotherProxy({
    dataDir,
    log: (entry) => logEntries.push(entry),
    runner: { sleep: fastSleep, bulkBatchSize: 1, maxAttempts: 2 },
    uploadRateLimit: { requests: 10_000, windowMs: 60_000 },
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function keep(response: Response): Promise<Response> {
  const bytes = new Uint8Array(await response.clone().arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  let text = new TextDecoder().decode(bytes);
  if (type.includes('spreadsheetml')) {
    const book = XLSX.read(bytes, { type: 'array' });
    text = book.SheetNames.map((name) => XLSX.utils.sheet_to_csv(book.Sheets[name]!)).join('\n');
  }
  answers.push(`${response.status} ${JSON.stringify([...response.headers])}\n${text}`);
  return response;
}

const at = (path: string) => `${proxy.url}${path}`;

describe('tokens', () => {
  it('never appear in logs, console output, reports, job records, the SQLite file, audit entries or answers', async () => {
    const file = toCsv([
      ['Email', 'First name', 'Last name', 'Has own schedule'],
      ['secret.one@example.com', 'Secret', 'One', 'No'],
      ['secret.two@example.com', 'Secret', 'Two', 'No'],
      ['anna.schmidt@example.com', 'Annika', 'Schmidt', 'Yes'],
      ['not-an-email', 'Bad', 'Row', 'No'],
    ]);
    // Raw fetch throughout: the session also sends Basic and wrong tokens and malformed JSON, and every answer's
    // headers are searched as they came.
    const upload = (path: string, settings: object, token = 'demo-admin-token', bytes: string = file) => {
      const form = new FormData();
      form.set('file', new Blob([bytes]), 'secret.csv');
      form.set('settings', JSON.stringify(settings));
      return fetch(at(path), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      }).then(keep);
    };
    const get = (path: string, authorization: string | null = 'Bearer demo-admin-token') =>
      fetch(at(path), { headers: authorization ? { authorization } : {} }).then(keep);

    // A session with successes, a failed write, refusals and an unreachable user API.
    await upload(`${DEMO}/imports/preview`, { version: 1 });
    await upload(`${DEMO}/imports?wait=true`, { version: 1 }); // 422 invalid-rows
    await t.setFaults({ tenant: 'demo', failWrites: { nth: 2, status: 500 } });
    // A failed write: a 422 import-partially-failed problem that carries the job.
    const job = await jobOfWaitAnswer(
      await upload(`${DEMO}/imports?wait=true`, { version: 1, skipInvalidRows: true, sendAccessLink: true }),
    );
    await t.clearFaults();
    await get(`${DEMO}/imports/${job.id}`);
    await get(`${DEMO}/imports/${job.id}/report?format=csv`);
    await get(`${DEMO}/imports/${job.id}/report?format=xlsx`);
    await get(`${DEMO}/users/export?format=csv`);
    await get(`${DEMO}/users/export?format=xlsx`, `Basic ${BASIC}`);
    await get(`${DEMO}/import-settings`);
    await get(`${DEMO}/audit`);
    await get(`${DEMO}/users/export`, 'Bearer demo-user-token'); // 403
    await get(`${DEMO}/users/export`, 'Bearer sfdc-admin-token'); // 403
    await get('/api/v1/tenants/sfdc/users/export', 'Bearer sfdc-admin-token'); // 409
    await get(`${DEMO}/users/export`, 'Bearer demo-admin-token-but-wrong'); // 401
    await upload(`${DEMO}/imports/preview`, { version: 2 }); // 400 invalid-settings
    await upload(`${DEMO}/imports/preview`, { version: 1 }, 'demo-admin-token', ''); // 400 empty
    await t.setFaults({ tenant: 'demo', down: true });
    await get(`${DEMO}/users/export`); // 502
    await upload(`${DEMO}/imports?wait=true`, { version: 1, skipInvalidRows: true }); // 502
    await t.clearFaults();
    await fetch(at(`${DEMO}/users/send-access-link`), {
      method: 'POST',
      headers: { authorization: 'Bearer demo-admin-token', 'content-type': 'application/json' },
      body: '{"ids": [',
    }).then(keep); // 400 invalid JSON

    expect(answers.length).toBeGreaterThan(15);
    expect(logEntries.length).toBeGreaterThan(15); // the log sink did receive the session
    const stores = readdirSync(dataDir).map((name) => readFileSync(join(dataDir, name)).toString('latin1'));
    expect(stores.join('')).toContain('secret.one@example.com'); // the job's rows are in there
    const haystacks: [string, string][] = [
      ['log entries', JSON.stringify(logEntries)],
      ['console output', consoleOutput.join('\n')],
      ['answers (reports, exports, jobs, audit, problems)', answers.join('\n')],
      ['SQLite files', stores.join('\n')],
    ];
    for (const [where, text] of haystacks) {
      for (const secret of [...SECRETS, BASIC])
        expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
      expect(/Bearer\s/.test(text), `a Bearer header in ${where}`).toBe(false);
    }
  }, 60_000);
});
