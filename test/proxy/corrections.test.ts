// Cells corrected in the wizard travel beside the untouched file (multipart field `corrections`) and are put
// into the rows while the sheet is read, for preview and import alike; a correction that names no data row
// is refused before anything is planned.
import { describe, expect, it } from 'vitest';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';
import { expectProblem, type JobBody } from '../support/proxy-assertions.ts';

const DEMO = '/api/v1/tenants/demo';
const t = useProxyUnderTest();

interface PreviewBody {
  summary: Record<string, number>;
  file: { headerRow: number; dataRows: number };
  errors: { row: number; column: string; code: string }[];
  changes: { row: number; action: string; email: string }[];
}

function post(path: string, csv: string, corrections?: unknown, settings?: unknown): Promise<Response> {
  const form = new FormData();
  form.set('file', new Blob([csv]), 'users.csv');
  if (corrections !== undefined) form.set('corrections', JSON.stringify(corrections));
  if (settings !== undefined) form.set('settings', JSON.stringify(settings));
  return t.fetch(path, { method: 'POST', body: form });
}

// A title row, the header in row 2, an invalid e-mail in row 3, an empty row 4, a valid row 5.
const CSV = [
  'Staff list 2026',
  'First name,Last name,Email',
  'Nina,Neu,nina.neu(at)example.com',
  '',
  'Olaf,Ost,olaf.ost@example.com',
].join('\r\n');

describe('corrections', () => {
  it('without corrections the invalid cell is reported at its row and column', async () => {
    const response = await post(`${DEMO}/imports/preview`, CSV);
    expect(response.status).toBe(200);
    const body = (await response.json()) as PreviewBody;
    expect(body.file.headerRow).toBe(2);
    expect(body.summary).toMatchObject({ rows: 2, create: 1, invalid: 1 });
    expect(body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'Email', code: 'invalid-value' }),
    ]);
  });

  it('a corrected cell makes the row valid in the preview and is what the import creates', async () => {
    const fix = [{ row: 3, column: 2, value: 'nina.neu@example.com' }];
    const previewed = await post(`${DEMO}/imports/preview`, CSV, fix);
    expect(previewed.status).toBe(200);
    const body = (await previewed.json()) as PreviewBody;
    expect(body.summary).toMatchObject({ rows: 2, create: 2, invalid: 0 });
    expect(body.changes.map((c) => [c.row, c.email])).toEqual([
      [3, 'nina.neu@example.com'],
      [5, 'olaf.ost@example.com'],
    ]);
    const imported = await post(`${DEMO}/imports?wait=true`, CSV, fix);
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as JobBody).status).toBe('succeeded');
    const users = t.tenant.store.listUsers('demo').map((user) => user.email);
    expect(users).toEqual(expect.arrayContaining(['nina.neu@example.com', 'olaf.ost@example.com']));
  });

  it('a row left empty in the file becomes a data row when the wizard fills it', async () => {
    const fix = [
      { row: 3, column: 2, value: 'nina.neu@example.com' },
      { row: 4, column: 0, value: 'Paul' },
      { row: 4, column: 1, value: 'Post' },
      { row: 4, column: 2, value: 'paul.post@example.com' },
    ];
    const response = await post(`${DEMO}/imports/preview`, CSV, fix);
    expect(response.status).toBe(200);
    const body = (await response.json()) as PreviewBody;
    expect(body.file.dataRows).toBe(3);
    expect(body.changes.map((c) => [c.row, c.action, c.email])).toEqual([
      [3, 'create', 'nina.neu@example.com'],
      [4, 'create', 'paul.post@example.com'],
      [5, 'create', 'olaf.ost@example.com'],
    ]);
  });

  it.each([
    ['the header row', 2, /Row 2 is not a data row/],
    ['a title row above the header', 1, /Row 1 is not a data row/],
    ['a row beyond the end of the sheet', 9, /Row 9 is beyond the end of the sheet/],
  ])('refuses a correction of %s with 400 invalid-request', async (_what, row, detail) => {
    const response = await post(`${DEMO}/imports/preview`, CSV, [{ row, column: 0, value: 'x' }]);
    const problem = await expectProblem(response, 400, 'invalid-request');
    expect(problem.detail).toMatch(detail);
  });

  it('refuses a header row from the settings that the sheet does not have', async () => {
    const response = await post(`${DEMO}/imports/preview`, CSV, undefined, { version: 1, headerRow: 40 });
    const problem = await expectProblem(response, 400, 'unreadable-file');
    expect(problem.detail).toMatch(/Row 40 .* beyond the end of the sheet/);
  });
});
