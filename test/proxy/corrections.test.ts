// Cells corrected in the wizard travel beside the untouched file (multipart field `corrections`) and are put
// into the rows while the sheet is read, for preview and import alike; a correction that names no data row
// is refused before anything is planned.
import { describe, expect, it } from 'vitest';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';
import { expectProblem, readJob, readPreview } from '../support/proxy-assertions.ts';

const t = useProxyUnderTest();

/** The parts of preview and import: the file, and the corrections and settings as JSON text when given. */
function options(corrections?: unknown, settings?: Record<string, unknown>) {
  return {
    settings,
    parts: corrections === undefined ? {} : { corrections: JSON.stringify(corrections) },
  };
}
const previewOf = (csv: string, corrections?: unknown, settings?: Record<string, unknown>) =>
  t.preview({ bytes: csv, name: 'users.csv' }, options(corrections, settings));
const importOf = (csv: string, corrections?: unknown) =>
  t.startImport({ bytes: csv, name: 'users.csv' }, options(corrections));

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
    const body = await readPreview(await previewOf(CSV));
    expect(body.file.headerRow).toBe(2);
    expect(body.summary).toMatchObject({ rows: 2, create: 1, invalid: 1 });
    expect(body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'Email', code: 'invalid-value' }),
    ]);
  });

  it('a corrected cell makes the row valid in the preview and is what the import creates', async () => {
    const fix = [{ row: 3, column: 2, value: 'nina.neu@example.com' }];
    const body = await readPreview(await previewOf(CSV, fix));
    expect(body.summary).toMatchObject({ rows: 2, create: 2, invalid: 0 });
    expect(body.changes.map((c) => [c.row, c.email])).toEqual([
      [3, 'nina.neu@example.com'],
      [5, 'olaf.ost@example.com'],
    ]);
    expect((await readJob(await importOf(CSV, fix))).status).toBe('succeeded');
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
    const body = await readPreview(await previewOf(CSV, fix));
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
    const response = await previewOf(CSV, [{ row, column: 0, value: 'x' }]);
    const problem = await expectProblem(response, 400, 'invalid-request');
    expect(problem.detail).toMatch(detail);
  });

  it('refuses a header row from the settings that the sheet does not have', async () => {
    const response = await previewOf(CSV, undefined, { version: 1, headerRow: 40 });
    const problem = await expectProblem(response, 400, 'unreadable-file');
    expect(problem.detail).toMatch(/Row 40 .* beyond the end of the sheet/);
  });
});
