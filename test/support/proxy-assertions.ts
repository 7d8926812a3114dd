// Test support (not a test): reading the proxy's answers — problems, CSV files, import jobs — the way a script
// using the API would, so that the tests check the bytes on the wire and not the proxy's own helpers.
import Papa from 'papaparse';
import { expect } from 'vitest';
import type { z } from 'zod';
import {
  importJobSchema,
  reportRowSchema,
  type ImportJob,
  type ReportRow,
} from '../../shared/api/job-schema.ts';
import { FINISHED_JOB_STATUSES } from '../../shared/api/job-status.ts';
import { importPreviewSchema, type ImportPreview } from '../../shared/api/preview-schema.ts';
import { problemSchema, type ProblemBody } from '../../shared/api/problem-schema.ts';
import { companyRoutes } from './proxy-client.ts';
import type { ProxyUnderTest } from './proxy-under-test.ts';

export type { ProblemBody };

/**
 * The answer's JSON, parsed with the schema the proxy's OpenAPI description is made of: an answer the wizard's
 * types do not describe (a missing, extra or mistyped member) fails the test that received it.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, json: unknown, what = 'answer'): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`the proxy's ${what} does not match its schema:\n${issues.join('\n')}`);
  }
  return parsed.data;
}

/** Asserts the status and parses the JSON body with the schema (see parseAnswer). */
export async function readAnswer<S extends z.ZodType>(
  response: Response,
  status: number,
  schema: S,
): Promise<z.output<S>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return parseAnswer(schema, JSON.parse(text), `${response.status} answer`);
}

export const readPreview = (response: Response): Promise<ImportPreview> =>
  readAnswer(response, 200, importPreviewSchema);
export const readJob = (response: Response, status = 200): Promise<ImportJob> =>
  readAnswer(response, status, importJobSchema);

/** Asserts an RFC 9457 problem (docs/api-guide.md#endpoints) with this status and a type ending in `typeName`. */
export async function expectProblem(
  response: Response,
  status: number,
  typeName: string,
): Promise<ProblemBody> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = parseAnswer(problemSchema, JSON.parse(text), 'problem');
  expect(problem.type.endsWith(`:${typeName}`) || problem.type.endsWith(`/${typeName}`), problem.type).toBe(
    true,
  );
  expect(problem.status).toBe(status);
  expect(typeof problem.title).toBe('string');
  expect(problem.title.length).toBeGreaterThan(0);
  expect(typeof problem.detail).toBe('string');
  expect(problem.detail.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/\bat .+\.ts:\d+/); // never a stack trace (docs/api-guide.md#problems)
  return problem;
}

export const UTF8_BOM = '\uFEFF';

/** Parses CSV text (BOM removed) into rows of cells; the delimiter is given, never guessed. */
export function parseCsv(text: string, delimiter: ',' | ';' = ','): string[][] {
  const body = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: true });
  return parsed.data;
}

/** Writes rows as CSV with CRLF, quoting cells as spreadsheet programs do. */
export function toCsv(rows: readonly (readonly string[])[], delimiter: ',' | ';' = ','): string {
  const quote = (cell: string) =>
    cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  return rows.map((row) => row.map(quote).join(delimiter)).join('\r\n') + '\r\n';
}

// Windows-1252 0x80–0x9F (WHATWG index); the other bytes are Latin-1.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function isWindows1252(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code > 0xff && !CP1252_HIGH.includes(char)) return false;
  }
  return true;
}

/** Encodes text as German Excel's "CSV (Trennzeichen-getrennt)" does: Windows-1252, no BOM. */
export function encodeWindows1252(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const high = CP1252_HIGH.indexOf(char);
    if (high >= 0 && (code > 0xff || (code >= 0x80 && code <= 0x9f))) bytes.push(0x80 + high);
    else if (code <= 0xff) bytes.push(code);
    else throw new Error(`'${char}' has no Windows-1252 byte`);
  }
  return new Uint8Array(bytes);
}

export type JobBody = ImportJob;

export const FINISHED_STATUSES: readonly string[] = [...FINISHED_JOB_STATUSES];

/** The company and job of a job's Location (/api/v1/tenants/{tenant}/imports/{id}); anything else fails. */
export function jobOfLocation(location: string): { tenant: string; id: string } {
  const match = /^\/api\/v1\/tenants\/([^/?#]+)\/imports\/([^/?#]+)$/.exec(location);
  expect(match, `not a job's location: ${location}`).not.toBeNull();
  return { tenant: decodeURIComponent(match![1]!), id: decodeURIComponent(match![2]!) };
}

/** Polls GET …/imports/{id} of a job's Location until the job has ended (or `until` holds); fails after `timeoutMs`. */
export async function pollJob(
  api: Pick<ProxyUnderTest, 'client'>,
  location: string,
  options: { until?: (job: JobBody) => boolean; timeoutMs?: number; proxyUrl?: string } = {},
): Promise<JobBody> {
  const until = options.until ?? ((job: JobBody) => FINISHED_STATUSES.includes(job.status));
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const param = jobOfLocation(location);
  const jobRoute = companyRoutes(api.client(options.proxyUrl)).imports[':id'];
  for (;;) {
    const job = await readAnswer(await jobRoute.$get({ param }), 200, importJobSchema);
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job did not get there in time: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type { ReportRow };

/** The CSV report of a job (docs/api-guide.md#endpoints), one entry per row of the file, keyed by the file's headers. */
export async function readReport(
  api: Pick<ProxyUnderTest, 'client'>,
  tenant: string,
  jobId: string,
  proxyUrl?: string,
): Promise<ReportRow[]> {
  const response = await companyRoutes(api.client(proxyUrl)).imports[':id'].report.$get({
    param: { tenant, id: jobId },
    query: { format: 'csv' },
  });
  expect(response.status).toBe(200);
  const [header, ...rows] = parseCsv(await response.text());
  expect(header?.[0]).toBe('Row');
  expect(header?.slice(-4)).toEqual(['Outcome', 'Message', 'Portatour ID (result)', 'User name (new user)']);
  const columns = header!.slice(1, -4);
  return rows.map((row) => {
    const entry = {
      row: row[0]!,
      cells: Object.fromEntries(columns.map((column, index) => [column, row[index + 1] ?? ''])),
      outcome: row[row.length - 4]!,
      message: row[row.length - 3]!,
      portatourId: row[row.length - 2]!,
      userName: row[row.length - 1]!,
    };
    // Checked, but kept as read: parsing would rebuild `cells` without keys such as __proto__.
    parseAnswer(reportRowSchema, entry, 'report row');
    return entry as ReportRow;
  });
}

/** The HTTP status POST …/imports?wait=true answers for a job that ended in each status. */
const WAIT_ANSWER: Record<string, { status: number; type?: string }> = {
  succeeded: { status: 200 },
  partially_failed: { status: 422, type: 'import-partially-failed' },
  cancelled: { status: 409, type: 'import-cancelled' },
  failed: { status: 502, type: 'import-failed' },
};

/**
 * The finished job of a POST …/imports?wait=true answer: 200 with the job only when it succeeded, otherwise the
 * problem that fits its status, with the job in its body. Anything else (a refusal before the job) fails.
 */
export async function jobOfWaitAnswer(response: Response): Promise<JobBody> {
  const text = await response.clone().text();
  if (response.status === 200) {
    const job = parseAnswer(importJobSchema, JSON.parse(text), 'job');
    expect(job.status, text).toBe('succeeded');
    return job;
  }
  const status = Object.entries(WAIT_ANSWER).find(([, answer]) => answer.status === response.status);
  expect(status, text).toBeDefined();
  const problem = await expectProblem(response, response.status, status![1].type!);
  const job = parseAnswer(importJobSchema, problem.job, 'job of the problem');
  expect(job.status, text).toBe(status![0]);
  return job;
}
