// @vitest-environment happy-dom
// The import wizard's steps against a real HTTP server answering like the proxy: what each step
// shows, what it sends, and which buttons it allows.
// Over 400 lines on purpose: one server of recorded answers and one set of helpers serve every step; each
// describe block is one step.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIELDS } from '../../shared/fields/user-fields.ts';
import { createTranslator } from '../../extension/src/common/translate.ts';
import ImportWizard from '../../extension/src/dialog/import/import-wizard.tsx';
import type { ImportJob, ImportPreview } from '../../extension/src/dialog/import/import-types.ts';
import type { ViewProps } from '../../extension/src/dialog/view-props.ts';
import type { SessionStore } from '../../extension/src/dialog/import/saved-draft.ts';
import { importPreviewSchema } from '../../shared/api/preview-schema.ts';
import { sendProblem, startFakeProxy, type FakeProxy } from './fake-proxy-server.ts';
import { change, recordedPreview, sampleJob, samplePreview } from './wizard-samples.ts';

interface Received {
  path: string;
  query: URLSearchParams;
  /** Multipart fields as text (the file as its name). */
  fields: Record<string, string>;
  json: unknown;
}

type Route = (request: Received, response: ServerResponse) => void;

let proxy: FakeProxy;
let routes: Record<string, Route>;
let received: Received[];

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readRequest(request: IncomingMessage): Promise<Received> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = new URL(request.url ?? '/', 'http://x');
  const type = request.headers['content-type'] ?? '';
  const fields: Record<string, string> = {};
  let parsed: unknown = null;
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    for (const [name, value] of form) fields[name] = typeof value === 'string' ? value : value.name;
  } else if (type.includes('json') && body.length) parsed = JSON.parse(body.toString('utf8'));
  return {
    path: url.pathname.replace('/api/v1/tenants/demo', ''),
    query: url.searchParams,
    fields,
    json: parsed,
  };
}

beforeAll(async () => {
  proxy = await startFakeProxy((request, response) => {
    void readRequest(request).then((got) => {
      received.push(got);
      const route = routes[`${request.method} ${got.path}`];
      if (route) route(got, response);
      else sendProblem(response, 404, 'not-found', 'This company has not imported yet.');
    });
  });
});
afterAll(() => proxy.close());
beforeEach(() => {
  received = [];
  routes = { 'POST /imports/preview': (_request, response) => json(response, 200, samplePreview()) };
});
afterEach(cleanup);

function wizardProps(language: 'en' | 'de' = 'en', session?: SessionStore) {
  const onClose = vi.fn<ViewProps['onClose']>();
  const save = vi.fn<ViewProps['save']>();
  const props: ViewProps = {
    t: createTranslator(language),
    language,
    access: {
      proxyUrl: proxy.url,
      tenantId: 'demo',
      token: 'demo-admin-token',
      fetch: (...a) => fetch(...a),
    },
    save,
    onClose,
    session,
  };
  return props;
}

async function renderWizard(language: 'en' | 'de' = 'en', session?: SessionStore) {
  const props = wizardProps(language, session);
  const { onClose, save } = props as ViewProps & {
    onClose: ReturnType<typeof vi.fn<ViewProps['onClose']>>;
    save: ReturnType<typeof vi.fn<ViewProps['save']>>;
  };
  const view = render(<ImportWizard {...props} />);
  const fileInput = view.container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!fileInput) throw new Error('no file input');
  // Step 1 shows once the proxy said whether an import runs.
  await waitFor(() => expect(view.container.querySelector('[hidden] input[type="file"]')).toBeNull());
  return { onClose, save, fileInput, container: view.container };
}

function chooseFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

const spreadsheet = () => new File(['Email\nanna@example.com\n'], 'users.csv', { type: 'text/csv' });
const button = (name: string) => screen.getByRole('button', { name });
const previews = () => received.filter((r) => r.path === '/imports/preview');
const settingsOf = (request: Received | undefined) =>
  JSON.parse(request?.fields.settings ?? '{}') as Record<string, unknown>;

async function toColumns(): ReturnType<typeof renderWizard> {
  const rendered = await renderWizard();
  chooseFile(rendered.fileInput, spreadsheet());
  await waitFor(() => expect(button('Next').hasAttribute('disabled')).toBe(false));
  fireEvent.click(button('Next'));
  return rendered;
}

/** Steps 1–3 in German, the proxy answering every preview with `plan`. */
async function toReviewInGerman(plan: ImportPreview): Promise<void> {
  const { fileInput } = await renderWizard('de');
  chooseFile(fileInput, spreadsheet());
  await waitFor(() => expect(button('Weiter').hasAttribute('disabled')).toBe(false));
  routes['POST /imports/preview'] = (_request, response) => json(response, 200, plan);
  fireEvent.click(button('Weiter'));
  fireEvent.click(button('Weiter'));
  fireEvent.click(button('Weiter'));
  await screen.findByRole('list', { name: 'Zusammenfassung' });
}

async function toReview(plan: ImportPreview): ReturnType<typeof renderWizard> {
  const rendered = await toColumns();
  routes['POST /imports/preview'] = (_request, response) => json(response, 200, plan);
  fireEvent.click(button('Next'));
  fireEvent.click(button('Next'));
  await screen.findByRole('list', { name: 'Summary' });
  return rendered;
}

describe('step 1: the file', () => {
  it('reads the file with the proxy (default settings) and shows what it detected; Next waits for it', async () => {
    const { fileInput } = await renderWizard();
    expect(screen.getByRole('heading', { name: 'Import users' })).toBeTruthy();
    expect(fileInput.accept).toContain('.xlsx');
    expect(button('Next').hasAttribute('disabled')).toBe(true);
    chooseFile(fileInput, spreadsheet());
    const detected = await screen.findByLabelText('Detected in the file');
    expect(detected.textContent).toContain('Users');
    expect(screen.getByRole('status').textContent).toMatch(/^Selected file: users\.csv · \d+ B/);
    expect(button('Next').hasAttribute('disabled')).toBe(false);
    const [first] = previews();
    expect(first?.fields.file).toBe('users.csv');
    expect(settingsOf(first)).toMatchObject({ version: 1, matchBy: 'auto', deactivateMissing: false });
    expect(settingsOf(first).columns).toBeUndefined();
  });

  it('explains a file over 30 MB in one sentence without uploading it', async () => {
    const { fileInput } = await renderWizard();
    const huge = spreadsheet();
    Object.defineProperty(huge, 'size', { value: 31 * 1024 * 1024 });
    chooseFile(fileInput, huge);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The file is 31 MB, larger than the 30 MB that can be imported.',
    );
    expect(previews()).toHaveLength(0);
    expect(button('Next').hasAttribute('disabled')).toBe(true);
  });

  it("shows the proxy's detail for an unreadable file", async () => {
    routes['POST /imports/preview'] = (_request, response) =>
      sendProblem(response, 415, 'unreadable-file', 'The file is not a spreadsheet (it looks like a PDF)');
    const { fileInput } = await renderWizard();
    chooseFile(fileInput, new File(['%PDF'], 'scan.pdf'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The file is not a spreadsheet (it looks like a PDF).',
    );
    expect(button('Next').hasAttribute('disabled')).toBe(true);
  });

  it('offers a choice of sheet for a workbook with several, and reads the chosen one', async () => {
    routes['POST /imports/preview'] = (request, response) => {
      const sheet = settingsOf(request).sheet as string | undefined;
      const base = samplePreview();
      json(response, 200, {
        ...base,
        file: { ...base.file, sheetNames: ['Users', 'Old'], sheetName: sheet ?? 'Users' },
      });
    };
    const { fileInput } = await renderWizard();
    chooseFile(fileInput, new File(['x'], 'book.xlsx'));
    const select = await screen.findByRole('combobox', { name: 'Sheet to import' });
    fireEvent.change(select, { target: { value: 'Old' } });
    await waitFor(() => expect(settingsOf(previews()[1]).sheet).toBe('Old'));
    await waitFor(() => expect(screen.getByLabelText('Detected in the file').textContent).toContain('Old'));
  });

  it('links the template, downloaded with the token', async () => {
    routes['GET /template'] = (_request, response) => {
      response.writeHead(200, { 'Content-Disposition': 'attachment; filename="template.xlsx"' });
      response.end('PK');
    };
    const { save } = await renderWizard();
    fireEvent.click(screen.getByRole('link', { name: 'Download the template' }));
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.any(Blob), 'template.xlsx'));
    const template = proxy.requests.find(
      (r) => r.method === 'GET' && r.url.startsWith('/api/v1/tenants/demo/template'),
    );
    expect(template?.url).toContain('format=xlsx');
    expect(template?.authorization).toBe('Bearer demo-admin-token');
  });
});

describe('step 2: the columns', () => {
  it('gives every field name exactly one (i) named "About …" whose tooltip is its info text', async () => {
    await toColumns();
    fireEvent.click(screen.getByRole('button', { name: /^Fields not in the file/ }));
    for (const field of FIELDS) {
      const info = screen.getByRole('button', { name: `About ${field.header.en}` });
      const tooltip = document.getElementById(info.getAttribute('aria-describedby') ?? '');
      expect(tooltip?.getAttribute('role')).toBe('tooltip');
      expect(tooltip?.textContent).toBe(field.info.en);
    }
  });

  it('keeps the (i) of fields not in the file behind one button, so a 4-column file has few Tab stops', async () => {
    await toColumns();
    const disclosure = screen.getByRole('button', {
      name: 'Fields not in the file (16) and what they are for',
    });
    expect(disclosure.getAttribute('aria-expanded')).toBe('false');
    const infoButtons = () => screen.queryAllByRole('button', { name: /^About / });
    // Only the three mapped columns' fields have their (i) in the tab order.
    expect(infoButtons()).toHaveLength(3);
    const tabStops = document.querySelectorAll(
      'button:not([disabled]), select:not([disabled]), input:not([disabled]), a[href]',
    );
    expect(tabStops.length).toBeLessThan(30);
    fireEvent.click(disclosure);
    expect(disclosure.getAttribute('aria-expanded')).toBe('true');
    expect(infoButtons()).toHaveLength(FIELDS.length);
  });

  it('shows a few values from the file beside each column', async () => {
    await toColumns();
    const email = screen.getByRole('rowheader', { name: /^Email/ });
    expect(email.textContent).toContain('nora.new@example.com · lukas.mueller@example.com');
    expect(email.textContent).toContain('Examples from the file');
  });

  it('shows each column with its field, ignored columns as such, and lets the mapping change', async () => {
    await toColumns();
    const remarks = screen.getByRole('combobox', { name: 'Field for column Remarks' }) as HTMLSelectElement;
    expect(remarks.value).toBe('');
    expect(within(remarks.closest('tr') as HTMLElement).getByText('Ignored')).toBeTruthy();
    fireEvent.change(remarks, { target: { value: 'note' } });
    expect(screen.getByRole('combobox', { name: 'When Note of an existing user differs' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'About Note' })).toHaveLength(1);
  });

  it('explains a missing key column and a missing required field; only the key stops Next', async () => {
    await toColumns();
    fireEvent.change(screen.getByRole('combobox', { name: 'Field for column Last name' }), {
      target: { value: '' },
    });
    expect(screen.getByRole('alert').textContent).toContain('Last name');
    expect(button('Next').hasAttribute('disabled')).toBe(false);
    fireEvent.change(screen.getByRole('combobox', { name: 'Field for column Email' }), {
      target: { value: '' },
    });
    expect(
      screen
        .getAllByRole('alert')
        .map((a) => a.textContent)
        .join(' '),
    ).toContain('needs an Email, Portatour ID or Employee number column');
    expect(button('Next').hasAttribute('disabled')).toBe(true);
  });

  it('sends the chosen key, actions, per-field behaviour and deactivation of missing users (off by default)', async () => {
    await toColumns();
    fireEvent.change(screen.getByRole('combobox', { name: 'Match users by' }), {
      target: { value: 'email' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'When First name of an existing user differs' }), {
      target: { value: 'keep' },
    });
    const missing = screen.getByRole('checkbox', {
      name: 'Deactivate users missing from the file',
    }) as HTMLInputElement;
    expect(missing.checked).toBe(false);
    expect(missing.getAttribute('aria-describedby')).toBe('deactivate-missing-warning');
    fireEvent.click(missing);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Create new users' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Clear the value' }));
    fireEvent.click(button('Next'));
    fireEvent.input(screen.getByRole('textbox', { name: 'Default Home country' }), {
      target: { value: 'Germany' },
    });
    fireEvent.click(button('Next'));
    await screen.findByRole('list', { name: 'Summary' });
    expect(settingsOf(previews().at(-1))).toMatchObject({
      matchBy: 'email',
      actions: { create: false, update: true, deactivate: true },
      updateBehavior: { firstName: 'keep' },
      deactivateMissing: true,
      emptyCells: 'clear',
      columns: { Email: 'email', 'First name': 'firstName', 'Last name': 'lastName', Remarks: null },
      homeLocation: { apply: true, defaults: { homeCountry: 'Germany' } },
      allowScheduleDeletion: false,
    });
  });
});

describe('step 3: home location', () => {
  it('checks a default country at once and holds Next until it is a country', async () => {
    await toColumns();
    fireEvent.click(button('Next'));
    const country = screen.getByRole('textbox', { name: 'Default Home country' });
    fireEvent.input(country, { target: { value: 'Atlantis' } });
    expect(screen.getByRole('alert').textContent).toContain('Home country');
    expect(button('Next').hasAttribute('disabled')).toBe(true);
    fireEvent.input(country, { target: { value: 'DE' } });
    expect(button('Next').hasAttribute('disabled')).toBe(false);
  });
});

describe('step 4: the preview', () => {
  it('shows the counts, from → to per changed field, and the licenses after the import', async () => {
    await toReview(samplePreview());
    const cards = screen.getByRole('list', { name: 'Summary' });
    expect(within(cards).getByText('new').previousElementSibling?.textContent).toBe('1');
    expect(within(cards).getByText('updated').previousElementSibling?.textContent).toBe('1');
    const table = screen.getByRole('table', { name: 'Planned changes' });
    expect(table.textContent).toContain('First name: Lukas → Luke');
    expect(table.textContent).toContain('Has own schedule: Yes');
    expect(screen.getByText('Licenses after the import: 11 of 25 used, 14 free.')).toBeTruthy();
    expect(button('Start import').hasAttribute('disabled')).toBe(false);
  });

  it('shows a row in full below the table when its user or changes cell is clicked (a button: Enter works too)', async () => {
    const long = 'Hauptstraße 1, Hinterhaus, 3. Obergeschoss links, bei Familie Mustermann-Schulze';
    await toReview(
      samplePreview({
        changes: [
          change(
            2,
            'create',
            'Maximiliane Theodora von und zu Hohenlohe-Schillingsfürst',
            'max@example.com',
            [{ field: 'homeStreet', from: null, to: long }],
          ),
        ],
        changesTotal: 1,
      }),
    );
    const table = screen.getByRole('table', { name: 'Planned changes' });
    const [user, changes] = within(table).getAllByRole('button', { name: 'Row 2 in full' });
    expect(user?.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(changes!);
    expect(user?.getAttribute('aria-expanded')).toBe('true');
    const detail = screen.getByRole('region', {
      name: 'Row 2: Maximiliane Theodora von und zu Hohenlohe-Schillingsfürst <max@example.com>',
    });
    expect(within(detail).getByRole('listitem').textContent).toContain(long);
    expect(document.activeElement?.closest('section')).toBe(detail);
    fireEvent.click(within(detail).getByRole('button', { name: 'Hide row' }));
    expect(screen.queryByRole('region', { name: /^Row 2/ })).toBeNull();
  });

  it("writes the counts and licenses with the page's thousands separators", async () => {
    const big = (): ImportPreview =>
      samplePreview({
        summary: {
          rows: 2412,
          create: 2400,
          update: 12,
          deactivate: 0,
          unchanged: 0,
          invalid: 0,
          skipped: 0,
        },
        licenses: { ...samplePreview().licenses, total: 2500, usedBefore: 12, usedAfter: 2412, free: 2488 },
        changesTotal: 2412,
      });
    await toReview(big());
    const cards = screen.getByRole('list', { name: 'Summary' });
    expect(within(cards).getByText('new').previousElementSibling?.textContent).toBe('2,400');
    expect(screen.getByText('Licenses after the import: 2,412 of 2,500 used, 88 free.')).toBeTruthy();
    expect(screen.getByText('Rows that change: 2,412')).toBeTruthy();
    cleanup();
    await toReviewInGerman(big());
    expect(screen.getByText('Lizenzen nach dem Import: 2.412 von 2.500 belegt, 88 frei.')).toBeTruthy();
    expect(screen.getByText('Zeilen mit Änderungen: 2.412')).toBeTruthy();
  });

  it('keeps Start import disabled when the file changes nobody, and says why', async () => {
    await toReview(
      samplePreview({
        summary: { rows: 2, create: 0, update: 0, deactivate: 0, unchanged: 2, invalid: 0, skipped: 0 },
        changesTotal: 0,
        changes: [],
      }),
    );
    expect(button('Start import').hasAttribute('disabled')).toBe(true);
    expect(
      screen.getByText('Nothing to import: every user in the file already has these values.'),
    ).toBeTruthy();
  });

  it('lists the notes of a preview with changes behind a closed "Notes (n)", the row\'s user named', async () => {
    // The recording's note is about the header row; a second one about a changed row names its user.
    const recorded = samplePreview();
    const zeros = {
      row: 3,
      column: 'Home postal code',
      field: 'homePostalCode' as const,
      code: 'leading-zeros-lost',
      message: "'4107' is '04107' without its leading zeros; '04107' is kept.",
    };
    await toReview(importPreviewSchema.parse({ ...recorded, warnings: [...recorded.warnings, zeros] }));
    const summary = screen.getByText('Notes (2)');
    const notes = summary.closest('details');
    expect(notes?.open).toBe(false);
    const items = within(screen.getByRole('list', { name: 'Notes on the file' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      "Row 1 · Remarks — The column 'Remarks' is not a user field and is ignored.",
      "Row 3 · Home postal code · Luke Müller — '4107' is '04107' without its leading zeros; '04107' is kept.",
    ]);
  });

  it('names the user of a note whose row changes nothing, although the table has no line for it', async () => {
    // Recorded: Katarzyna Nowak's postal code 04107 came back as 4107 (kept, unchanged); Nora New is created.
    const plan = recordedPreview('preview-note-unchanged');
    expect(plan.changes.map((c) => c.row)).toEqual([3]);
    await toReview(plan);
    const items = within(screen.getByRole('list', { name: 'Notes on the file' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      "Row 2 · Katarzyna Nowak — Home postal code '4107' is '04107' without its leading zeros (spreadsheet programs drop them); '04107' is kept.",
    ]);
  });

  it('opens the notes when nothing changes, and shows 200 of more with how many are left', async () => {
    const warnings = Array.from({ length: 250 }, (_, i) => ({
      row: i + 2,
      column: 'Home postal code',
      field: 'homePostalCode' as const,
      code: 'leading-zeros-lost',
      message: `Home postal code '${4100 + i}' is kept as '0${4100 + i}'.`,
    }));
    const unchanged = importPreviewSchema.parse({
      ...samplePreview(),
      summary: { rows: 250, create: 0, update: 0, deactivate: 0, unchanged: 250, invalid: 0, skipped: 0 },
      changesTotal: 0,
      changes: [],
      warnings,
    });
    await toReview(unchanged);
    expect(screen.getByText('Nothing changes: every row matches its user already.')).toBeTruthy();
    expect(screen.getByText('Notes (250)').closest('details')?.open).toBe(true);
    const items = within(screen.getByRole('list', { name: 'Notes on the file' })).getAllByRole('listitem');
    expect(items).toHaveLength(201);
    expect(items[0]?.textContent).toBe("Row 2 — Home postal code '4100' is kept as '04100'.");
    expect(items[200]?.textContent).toBe('and 50 more');
  });

  it('shows no notes when the preview has none', async () => {
    await toReview(samplePreview({ warnings: [] }));
    expect(screen.queryByText(/^Notes/)).toBeNull();
  });

  it('renders only the visible rows of 100,000 changes and loads other pages as they scroll into view', async () => {
    const rows = Array.from({ length: 500 }, (_, i) =>
      change(i + 2, 'create', `User ${i}`, `u${i}@example.com`),
    );
    await toReview(samplePreview({ changesTotal: 100_000, changes: rows }));
    routes['POST /imports/preview'] = (request, response) => {
      const offset = Number(request.query.get('offset'));
      const page = Array.from({ length: 500 }, (_, i) =>
        change(offset + i + 2, 'update', `User ${offset + i}`, `u${offset + i}@example.com`),
      );
      json(response, 200, samplePreview({ changesTotal: 100_000, changes: page }));
    };
    const table = screen.getByRole('table', { name: 'Planned changes' });
    expect(table.getAttribute('aria-rowcount')).toBe('100001');
    expect(within(table).getAllByRole('row').length).toBeLessThan(30);
    const viewport = table.querySelector('.virtual-viewport') as HTMLElement;
    viewport.scrollTop = 54 * 50_000;
    fireEvent.scroll(viewport);
    await waitFor(() => expect(table.textContent).toContain('User 50000'));
    expect(within(table).getAllByRole('row').length).toBeLessThan(30);
    expect(previews().at(-1)?.query.get('offset')).toBe('50000');
    expect(previews().at(-1)?.query.get('limit')).toBe('500');
  });

  it('lists errors by row and column, checks a correction at once and re-previews with it', async () => {
    const invalid = samplePreview({
      summary: { rows: 2, create: 1, update: 0, deactivate: 0, unchanged: 0, invalid: 1, skipped: 0 },
      errors: [
        {
          row: 3,
          column: 'Email',
          field: 'email',
          code: 'invalid-value',
          message: "Email 'bad' is not a valid e-mail address",
          value: 'bad',
          name: 'Bea Bad',
          email: '',
        },
      ],
      blockers: [
        {
          type: 'urn:portatour:problem:invalid-rows',
          detail: '1 row(s) are invalid. Correct them, or set skipInvalidRows.',
        },
      ],
      canImport: false,
    });
    await toReview(invalid);
    expect(button('Start import').hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('Invalid rows: 1.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Errors only (1)' }));
    const table = screen.getByRole('table', { name: 'Errors by row and column' });
    const [, row] = within(table).getAllByRole('row');
    expect(row?.textContent).toMatch(/^3Email/);

    // Whose row it is, and the correction starts from the cell's text.
    expect(row?.textContent).toContain('Bea Bad');
    const sentBefore = previews().length;
    const input = within(table).getByRole('textbox', { name: 'New value for row 3, column Email' });
    expect((input as HTMLInputElement).value).toBe('bad');
    // The whole message, also where the cell cuts it, below the table.
    fireEvent.click(within(table).getByRole('button', { name: 'Row 3 in full' }));
    const detail = screen.getByRole('region', { name: /^Row 3: Bea Bad/ });
    expect(detail.textContent).toContain("Email: Email 'bad' is not a valid e-mail address");
    fireEvent.input(input, { target: { value: 'still-bad' } });
    expect(table.textContent).toContain("Email 'still-bad' is not a valid e-mail address");
    expect(within(table).getByRole('button', { name: 'Apply' }).hasAttribute('disabled')).toBe(true);
    expect(previews()).toHaveLength(sentBefore);

    routes['POST /imports/preview'] = (_request, response) => json(response, 200, samplePreview());
    fireEvent.input(input, { target: { value: 'good@example.com' } });
    expect(table.textContent).toContain('Looks valid.');
    fireEvent.click(within(table).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(previews()).toHaveLength(sentBefore + 1));
    expect(JSON.parse(previews().at(-1)?.fields.corrections ?? '[]')).toEqual([
      { row: 3, column: 0, value: 'good@example.com' },
    ]);
    await waitFor(() => expect(button('Start import').hasAttribute('disabled')).toBe(false));
  });

  it('offers to skip invalid rows, and asks the proxy again with skipInvalidRows', async () => {
    const invalid = samplePreview({
      summary: { rows: 2, create: 1, update: 0, deactivate: 0, unchanged: 0, invalid: 1, skipped: 0 },
      blockers: [{ type: 'urn:portatour:problem:invalid-rows', detail: '1 row(s) are invalid.' }],
    });
    await toReview(invalid);
    routes['POST /imports/preview'] = (_request, response) =>
      json(response, 200, { ...invalid, blockers: [] });
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Skip the invalid rows (1) and import the others' }),
    );
    await waitFor(() => expect(button('Start import').hasAttribute('disabled')).toBe(false));
    expect(settingsOf(previews().at(-1)).skipInvalidRows).toBe(true);
  });

  it('keeps Start import disabled until schedule deletions are confirmed, naming how many users', async () => {
    const deleting = samplePreview({
      scheduleDeletions: [{ row: 2, userId: 'u1', name: 'Lukas Müller', email: 'lukas@example.com' }],
      blockers: [
        {
          type: 'urn:portatour:problem:confirmation-required',
          detail: 'Confirm with allowScheduleDeletion.',
        },
      ],
      canImport: false,
    });
    await toReview(deleting);
    expect(screen.getByRole('group', { name: 'Please confirm' }).textContent).toContain('Lukas Müller');
    expect(button('Start import').hasAttribute('disabled')).toBe(true);
    routes['POST /imports'] = (_request, response) => json(response, 202, sampleJob({ status: 'queued' }));
    fireEvent.click(
      screen.getByRole('checkbox', {
        name: 'I understand that the schedule data of these users (1) is deleted.',
      }),
    );
    expect(button('Start import').hasAttribute('disabled')).toBe(false);
    fireEvent.click(button('Start import'));
    await waitFor(() => expect(received.some((r) => r.path === '/imports')).toBe(true));
    expect(settingsOf(received.find((r) => r.path === '/imports')).allowScheduleDeletion).toBe(true);
  });

  it('asks for confirmation before deactivating users missing from the file', async () => {
    await toReview(samplePreview({ missingDeactivations: 4 }));
    expect(
      screen.getByText('Active users who are not in the file are deactivated (not deleted): 4.'),
    ).toBeTruthy();
    expect(button('Start import').hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: /users missing from the file \(4\)/ }));
    expect(button('Start import').hasAttribute('disabled')).toBe(false);
  });

  it('explains the license limit with the way out, and does not start', async () => {
    await toReview(
      samplePreview({
        blockers: [
          {
            type: 'urn:portatour:problem:license-limit',
            detail: 'The import needs 3 more license(s), but only 1 of 25 are free.',
          },
        ],
        licenses: {
          total: 25,
          usedBefore: 24,
          usedAfter: 27,
          needed: 3,
          free: 1,
          deactivatedWithSchedule: 2,
          exceeded: true,
          skipped: 0,
        },
        canImport: false,
      }),
    );
    const alert = screen.getByRole('alert').textContent ?? '';
    expect(alert).toContain('Licenses needed for users with their own schedule: 3; free: 1.');
    // The file has no "Has own schedule" column: every new user would hold a license.
    expect(alert).toContain('add a column "Has own schedule" with No for office staff');
    expect(alert).toContain('2 deactivated users with their own schedule still hold a license');
    expect(button('Start import').hasAttribute('disabled')).toBe(true);
  });
});

describe('step 4: ways out of a license shortage', () => {
  const people = Array.from({ length: 22 }, (_, i) =>
    change(i + 2, 'create', `New${i + 1} Person`, `new${i + 1}@example.com`, [
      { field: 'firstName', from: null, to: `New${i + 1}` },
      { field: 'hasOwnSchedule', from: null, to: true },
    ]),
  );
  const licenses = (over: Partial<ImportPreview['licenses']>): ImportPreview['licenses'] => ({
    total: 25,
    usedBefore: 10,
    usedAfter: 32,
    needed: 22,
    free: 15,
    deactivatedWithSchedule: 0,
    exceeded: true,
    skipped: 0,
    ...over,
  });
  /** 22 new field users, 15 licenses free: the import is refused as it stands. */
  const shortage = () =>
    samplePreview({
      summary: { rows: 22, create: 22, update: 0, deactivate: 0, unchanged: 0, invalid: 0, skipped: 0 },
      licenses: licenses({}),
      blockers: [
        { type: 'urn:portatour:problem:license-limit', detail: 'The import needs 22 more licenses.' },
      ],
      canImport: false,
      changesTotal: 22,
      changes: people,
      errors: [],
    });
  const resolved = (over: Partial<ImportPreview> = {}) =>
    samplePreview({
      ...shortage(),
      licenses: licenses({ usedAfter: 25, needed: 15, exceeded: false }),
      blockers: [],
      canImport: true,
      ...over,
    });
  const imports = () => received.filter((r) => r.path === '/imports');
  const ways = () => screen.getByRole('region', { name: 'When licenses run short' });

  it('offers the ways out beside the refusal, and marking every new user as office staff re-previews and imports so', async () => {
    await toReview(shortage());
    expect(screen.getByRole('alert').textContent).toContain(
      'Licenses needed for users with their own schedule: 22; free: 15.',
    );
    expect(button('Start import').hasAttribute('disabled')).toBe(true);

    routes['POST /imports/preview'] = (_request, response) =>
      json(response, 200, resolved({ licenses: licenses({ usedAfter: 10, needed: 0, exceeded: false }) }));
    fireEvent.click(within(ways()).getByRole('checkbox', { name: 'Mark all new users as office staff' }));
    await waitFor(() => expect(button('Start import').hasAttribute('disabled')).toBe(false));
    expect(settingsOf(previews().at(-1)).newUsersAsOfficeStaff).toBe(true);
    expect(screen.getByText('Licenses after the import: 10 of 25 used, 15 free.')).toBeTruthy();
    // Still offered, so that it can be undone, and saying that the licenses suffice now.
    expect(within(ways()).getByRole('status').textContent).toBe('The licenses suffice now.');

    routes['POST /imports'] = (_request, response) => json(response, 202, sampleJob({ status: 'queued' }));
    fireEvent.click(button('Start import'));
    await waitFor(() => expect(imports()).toHaveLength(1));
    expect(settingsOf(imports()[0]).newUsersAsOfficeStaff).toBe(true);
  });

  it('lets chosen rows be marked office staff in the table; the preview and the import send the same overrides', async () => {
    await toReview(shortage());
    expect(screen.queryByRole('checkbox', { name: /^Office staff:/ })).toBeNull();
    fireEvent.click(within(ways()).getByRole('button', { name: 'Choose office staff in the table' }));
    const table = screen.getByRole('table', { name: 'Planned changes' });
    expect(within(table).getByRole('columnheader', { name: 'Office staff' })).toBeTruthy();
    const nora = within(table).getByRole('checkbox', { name: 'Office staff: New1 Person' });
    expect((nora as HTMLInputElement).checked).toBe(false);

    routes['POST /imports/preview'] = (_request, response) =>
      json(response, 200, resolved({ licenses: licenses({ usedAfter: 31, needed: 21 }) }));
    fireEvent.click(nora);
    await waitFor(() => expect(previews().at(-1)?.fields.overrides).toBeDefined());
    expect(JSON.parse(previews().at(-1)!.fields.overrides!)).toEqual([
      { row: 2, field: 'hasOwnSchedule', value: 'No' },
    ]);
    expect((nora as HTMLInputElement).checked).toBe(true);
    expect(within(ways()).getByText('Chosen in the table: 1')).toBeTruthy();

    fireEvent.click(within(table).getByRole('checkbox', { name: 'Office staff: New2 Person' }));
    await waitFor(() => expect(JSON.parse(previews().at(-1)!.fields.overrides!)).toHaveLength(2));
    await waitFor(() => expect(button('Start import').hasAttribute('disabled')).toBe(false));
    routes['POST /imports'] = (_request, response) => json(response, 202, sampleJob({ status: 'queued' }));
    fireEvent.click(button('Start import'));
    await waitFor(() => expect(imports()).toHaveLength(1));
    expect(JSON.parse(imports()[0]!.fields.overrides!)).toEqual([
      { row: 2, field: 'hasOwnSchedule', value: 'No' },
      { row: 3, field: 'hasOwnSchedule', value: 'No' },
    ]);
  });

  it('undoes the choices made in the table at once', async () => {
    await toReview(shortage());
    fireEvent.click(within(ways()).getByRole('button', { name: 'Choose office staff in the table' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Office staff: New5 Person' }));
    await within(ways()).findByText('Chosen in the table: 1');
    await waitFor(() => expect(button('Undo the choices in the table').hasAttribute('disabled')).toBe(false));
    fireEvent.click(within(ways()).getByRole('button', { name: 'Undo the choices in the table' }));
    await waitFor(() => expect(within(ways()).queryByText(/Chosen in the table/)).toBeNull());
    await waitFor(() => expect(previews().at(-1)?.fields.overrides).toBeUndefined());
  });

  it('imports only the rows that fit and says how many are not imported, in singular too', async () => {
    await toReview(shortage());
    routes['POST /imports/preview'] = (_request, response) =>
      json(
        response,
        200,
        resolved({
          summary: { rows: 22, create: 15, update: 0, deactivate: 0, unchanged: 0, invalid: 0, skipped: 7 },
          licenses: licenses({ usedAfter: 25, needed: 15, exceeded: false, skipped: 7 }),
        }),
      );
    fireEvent.click(
      within(ways()).getByRole('checkbox', {
        name: 'Import only the rows that fit (free licenses: 15); the others are skipped',
      }),
    );
    await waitFor(() => expect(button('Start import').hasAttribute('disabled')).toBe(false));
    expect(settingsOf(previews().at(-1)).skipRowsBeyondLicenses).toBe(true);
    expect(within(ways()).getByRole('status').textContent).toBe(
      '7 rows are not imported: no license is free for them. The licenses suffice now.',
    );
    const cards = screen.getByRole('list', { name: 'Summary' });
    expect(within(cards).getByText('skipped').previousElementSibling?.textContent).toBe('7');

    routes['POST /imports/preview'] = (_request, response) =>
      json(response, 200, resolved({ licenses: licenses({ exceeded: false, skipped: 1 }) }));
    // The answer to the next preview, here after also marking every new user: one row left out.
    fireEvent.click(within(ways()).getByRole('checkbox', { name: 'Mark all new users as office staff' }));
    await waitFor(() => expect(settingsOf(previews().at(-1)).newUsersAsOfficeStaff).toBe(true));
    await waitFor(() =>
      expect(within(ways()).getByRole('status').textContent).toBe(
        '1 row is not imported: no license is free for it. The licenses suffice now.',
      ),
    );
  });

  describe('a row skipped for want of a license, brought in as office staff', () => {
    // Recorded: three new users (rows 2–4), one license free. With only the rows that fit, Nora New takes it and
    // Otto Other and Paula Person are skipped; with row 3 as office staff, Otto is created without one.
    const answerLikeTheProxy = () => {
      routes['POST /imports/preview'] = (request, response) => {
        const overrides = JSON.parse(request.fields.overrides ?? '[]') as { row: number; value: string }[];
        const fit = settingsOf(request).skipRowsBeyondLicenses === true;
        const otto = overrides.some((o) => o.row === 3 && o.value === 'No');
        json(
          response,
          200,
          recordedPreview(
            !fit
              ? 'preview-license-shortage'
              : otto
                ? 'preview-skipped-as-office-staff'
                : 'preview-rows-that-fit',
          ),
        );
      };
    };

    it('offers the office-staff box on a skipped new user; ticked, the row is created without a license', async () => {
      await toReview(recordedPreview('preview-license-shortage'));
      answerLikeTheProxy();
      fireEvent.click(
        within(ways()).getByRole('checkbox', {
          name: 'Import only the rows that fit (free licenses: 1); the others are skipped',
        }),
      );
      await waitFor(() =>
        expect(within(ways()).getByRole('status').textContent).toBe(
          '2 rows are not imported: no license is free for them. The licenses suffice now.',
        ),
      );
      expect(
        within(ways()).getByText(
          'Skipped new users can still be imported as office staff, without a license: choose them in the table.',
        ),
      ).toBeTruthy();

      fireEvent.click(within(ways()).getByRole('button', { name: 'Choose office staff in the table' }));
      const table = screen.getByRole('table', { name: 'Planned changes' });
      const otto = within(table).getByRole('checkbox', {
        name: 'Office staff: Otto Other',
      }) as HTMLInputElement;
      expect(otto.checked).toBe(false);
      expect(within(table).getByRole('checkbox', { name: 'Office staff: Paula Person' })).toBeTruthy();
      const ottoBox = () =>
        within(screen.getByRole('table', { name: 'Planned changes' })).getByRole('checkbox', {
          name: 'Office staff: Otto Other',
        }) as HTMLInputElement;
      const ottoRow = () => ottoBox().closest('[role="row"]') as HTMLElement;
      expect(ottoRow().textContent).toContain('Skipped');

      fireEvent.click(otto);
      await waitFor(() =>
        expect(within(ways()).getByRole('status').textContent).toBe(
          '1 row is not imported: no license is free for it. The licenses suffice now.',
        ),
      );
      const sent = previews().at(-1);
      expect(JSON.parse(sent!.fields.overrides!)).toEqual([{ row: 3, field: 'hasOwnSchedule', value: 'No' }]);
      expect(settingsOf(sent).skipRowsBeyondLicenses).toBe(true);
      // The table shows the new plan together with the counts, never a row of the plan before.
      expect(ottoRow().textContent).toContain('Has own schedule: No');
      expect(ottoRow().textContent).toContain('New');
      expect(ottoBox().checked).toBe(true);
      const cards = screen.getByRole('list', { name: 'Summary' });
      expect(within(cards).getByText('new').previousElementSibling?.textContent).toBe('2');
      expect(within(cards).getByText('skipped').previousElementSibling?.textContent).toBe('1');
      // Office staff hold no license: the one free license is Nora's, as before.
      expect(screen.getByText('Licenses after the import: 11 of 11 used, 0 free.')).toBeTruthy();

      routes['POST /imports'] = (_request, response) => json(response, 202, sampleJob({ status: 'queued' }));
      fireEvent.click(button('Start import'));
      await waitFor(() => expect(imports()).toHaveLength(1));
      expect(JSON.parse(imports()[0]!.fields.overrides!)).toEqual([
        { row: 3, field: 'hasOwnSchedule', value: 'No' },
      ]);
      expect(settingsOf(imports()[0]).skipRowsBeyondLicenses).toBe(true);
    });

    it('unticked again, the row is skipped again', async () => {
      await toReview(recordedPreview('preview-license-shortage'));
      answerLikeTheProxy();
      fireEvent.click(within(ways()).getByRole('checkbox', { name: /^Import only the rows that fit/ }));
      await waitFor(() => expect(within(ways()).getByRole('status').textContent).toMatch(/^2 rows are/));
      fireEvent.click(within(ways()).getByRole('button', { name: 'Choose office staff in the table' }));
      const otto = screen.getByRole('checkbox', { name: 'Office staff: Otto Other' });
      fireEvent.click(otto);
      await waitFor(() => expect(within(ways()).getByRole('status').textContent).toMatch(/^1 row is/));
      fireEvent.click(screen.getByRole('checkbox', { name: 'Office staff: Otto Other' }));
      await waitFor(() => expect(within(ways()).getByRole('status').textContent).toMatch(/^2 rows are/));
      expect(JSON.parse(previews().at(-1)!.fields.overrides!)).toEqual([
        { row: 3, field: 'hasOwnSchedule', value: 'Yes' },
      ]);
      expect(
        (screen.getByRole('checkbox', { name: 'Office staff: Otto Other' }) as HTMLInputElement).checked,
      ).toBe(false);
    });

    it('says so in German', async () => {
      await toReviewInGerman(recordedPreview('preview-license-shortage'));
      answerLikeTheProxy();
      const region = screen.getByRole('region', { name: 'Wenn Lizenzen fehlen' });
      fireEvent.click(within(region).getByRole('checkbox', { name: /^Nur die Zeilen importieren/ }));
      await waitFor(() =>
        expect(within(region).getByRole('status').textContent).toBe(
          '2 Zeilen werden nicht importiert: für sie ist keine Lizenz frei. Die Lizenzen reichen jetzt.',
        ),
      );
      expect(
        within(region).getByText(
          'Übersprungene neue Benutzer lassen sich trotzdem als Innendienst (ohne Lizenz) importieren: wählen Sie sie in der Tabelle aus.',
        ),
      ).toBeTruthy();
      fireEvent.click(within(region).getByRole('button', { name: 'Innendienst in der Tabelle wählen' }));
      expect(screen.getByRole('checkbox', { name: 'Innendienst: Otto Other' })).toBeTruthy();
    });
  });

  it('says "1 deactivated user … holds" in English and German', async () => {
    const one = samplePreview({
      ...shortage(),
      licenses: licenses({ deactivatedWithSchedule: 1 }),
    });
    await toReview(one);
    expect(screen.getByRole('alert').textContent).toContain(
      '1 deactivated user with their own schedule still holds a license',
    );
    cleanup();
    const { fileInput } = await renderWizard('de');
    chooseFile(fileInput, spreadsheet());
    await waitFor(() => expect(button('Weiter').hasAttribute('disabled')).toBe(false));
    routes['POST /imports/preview'] = (_request, response) => json(response, 200, one);
    fireEvent.click(button('Weiter'));
    fireEvent.click(button('Weiter'));
    fireEvent.click(button('Weiter'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      '1 deaktivierter Benutzer mit eigener Terminplanung belegt noch eine Lizenz',
    );
    expect(screen.getByRole('region', { name: 'Wenn Lizenzen fehlen' })).toBeTruthy();
  });
});

describe('steps 5 and 6: running and done', () => {
  it('names the preview the administrator reviewed when it starts the import, so changes since are not overwritten', async () => {
    routes['POST /imports'] = (_request, response) => json(response, 202, sampleJob({ status: 'running' }));
    routes['GET /imports/job-1'] = (_request, response) =>
      json(response, 200, sampleJob({ status: 'running' }));
    await toReview(samplePreview({ previewId: 'preview-reviewed' }));
    fireEvent.click(button('Start import'));
    await waitFor(() => expect(received.some((r) => r.path === '/imports')).toBe(true));
    const started = received.find((r) => r.path === '/imports');
    expect(started?.fields.previewId).toBe('preview-reviewed');
    // The file's first reading was a preview too; it is not the one the administrator reviewed.
    expect(previews()[0]?.fields.previewId).toBeUndefined();
  });

  it('polls the job, shows rows done and failed, then offers the report, the access link and the settings', async () => {
    const job: ImportJob = sampleJob({ status: 'running', progress: { total: 4, done: 1, failed: 0 } });
    const finished: ImportJob = sampleJob({
      status: 'succeeded',
      progress: { total: 4, done: 4, failed: 0 },
      createdUserIds: ['n1', 'n2', 'n3'],
      finishedAt: '2026-11-27T08:01:00.000Z',
    });
    let polls = 0;
    routes['POST /imports'] = (_request, response) => json(response, 202, job);
    routes['GET /imports/job-1'] = (_request, response) => {
      polls++;
      json(response, 200, polls === 1 ? { ...job, progress: { total: 4, done: 2, failed: 1 } } : finished);
    };
    routes['POST /users/send-access-link'] = (request, response) =>
      json(response, 200, { sent: (request.json as { ids: string[] }).ids.length, failed: [] });
    routes['GET /imports/job-1/report'] = (_request, response) => {
      response.writeHead(200, { 'Content-Disposition': 'attachment; filename="import-report.xlsx"' });
      response.end('PK');
    };
    const { save, onClose } = await toReview(samplePreview());
    fireEvent.click(button('Start import'));
    const progress = await screen.findByRole('progressbar', { name: 'Import progress' });
    expect(progress.getAttribute('aria-valuenow')).toBe('1');
    await waitFor(() => expect(screen.getByText(/2 of 4 rows done, 1 failed/)).toBeTruthy(), {
      timeout: 3000,
    });
    await screen.findByText('The import is complete.', undefined, { timeout: 3000 });
    expect(screen.queryAllByRole('button', { name: 'Close' })).toHaveLength(1);

    expect(screen.getByText(/New users not notified yet: 3\./)).toBeTruthy();
    expect(received.some((r) => r.path === '/users/send-access-link')).toBe(false);
    fireEvent.click(button('Send access link'));
    fireEvent.click(button('Send'));
    await screen.findByText('Access link sent to 3 new users.');
    expect(received.find((r) => r.path === '/users/send-access-link')?.json).toEqual({
      ids: ['n1', 'n2', 'n3'],
    });
    expect(screen.getByText(/New users not notified yet: 0\./)).toBeTruthy();
    expect(button('Send access link').hasAttribute('disabled')).toBe(true);

    fireEvent.click(button('Download report'));
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.any(Blob), 'import-report.xlsx'));
    expect(received.find((r) => r.path === '/imports/job-1/report')?.query.get('format')).toBe('xlsx');
    // An English page gets the English report (a German page asks for lang=de).
    expect(received.find((r) => r.path === '/imports/job-1/report')?.query.get('lang')).toBeNull();

    fireEvent.click(button('Save import settings'));
    const [blob, name] = save.mock.calls.at(-1) ?? [];
    expect(name).toBe('import-settings.json');
    const saved = JSON.parse(await (blob as Blob).text()) as Record<string, unknown>;
    expect(saved).toMatchObject({
      $schema: `${proxy.url}/api/v1/import-settings.schema.json`,
      version: 1,
      sendAccessLink: false,
      columns: { Email: 'email', Remarks: null },
    });

    fireEvent.click(button('Close'));
    expect(onClose).toHaveBeenLastCalledWith(true);
  });

  it("asks before sending the access link, with the count in the page's numbers, then says whom it reached", async () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `n${i}`);
    routes['GET /imports/latest'] = (_request, response) =>
      json(response, 200, sampleJob({ status: 'succeeded', createdUserIds: ids }));
    routes['POST /users/send-access-link'] = (request, response) => {
      const sent = (request.json as { ids: string[] }).ids;
      // The first user cannot be reached the first time.
      const failed =
        sent.includes('n0') &&
        !received.some((r, i) => i < received.length - 1 && r.path === '/users/send-access-link')
          ? [{ id: 'n0', message: 'mailbox full' }]
          : [];
      json(response, 200, { sent: sent.length - failed.length, failed });
    };
    await renderWizard();
    fireEvent.click(await screen.findByRole('button', { name: 'Show' }));
    expect(screen.getByText(/New users not notified yet: 1,200\./)).toBeTruthy();

    fireEvent.click(button('Send access link'));
    const question = screen.getByRole('group', { name: 'Send the access link to 1,200 new users?' });
    expect(document.activeElement?.textContent).toBe('Not now');
    fireEvent.click(within(question).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('group', { name: /Send the access link/ })).toBeNull();
    expect(received.some((r) => r.path === '/users/send-access-link')).toBe(false);

    fireEvent.click(button('Send access link'));
    fireEvent.click(button('Send'));
    await screen.findByText(/Access link sent to 1,199 new users\. Not reached: 1;/);
    expect(screen.getByText(/New users not notified yet: 1\./)).toBeTruthy();
    // The remainder only, and again only after asking.
    fireEvent.click(button('Send access link'));
    screen.getByRole('group', { name: 'Send the access link to 1 new user?' });
    fireEvent.click(button('Send'));
    await screen.findByText('Access link sent to 1 new user.');
    expect(received.filter((r) => r.path === '/users/send-access-link').at(-1)?.json).toEqual({
      ids: ['n0'],
    });
    expect(screen.getByText(/New users not notified yet: 0\./)).toBeTruthy();
  });

  it('reports a cancelled import with what really happened, and says "Cancelling…" until the job has stopped', async () => {
    const running = sampleJob({
      status: 'running',
      progress: { total: 20_000, done: 5_000, failed: 0 },
      summary: {
        rows: 20_000,
        create: 0,
        update: 20_000,
        deactivate: 0,
        unchanged: 0,
        invalid: 0,
        skipped: 0,
      },
    });
    let cancelled = false;
    let polls = 0;
    routes['GET /imports/latest'] = (_request, response) => json(response, 200, running);
    routes['POST /imports/job-1/cancel'] = (_request, response) => {
      cancelled = true;
      json(response, 200, { ...running, cancelling: true });
    };
    routes['GET /imports/job-1'] = (_request, response) => {
      if (!cancelled) return json(response, 200, running);
      // The writes in flight finish first.
      if (++polls < 2)
        return json(response, 200, {
          ...running,
          cancelling: true,
          progress: { total: 20_000, done: 8_000, failed: 0 },
        });
      json(
        response,
        200,
        sampleJob({
          status: 'cancelled',
          progress: { total: 20_000, done: 8_500, failed: 0 },
          summary: {
            rows: 20_000,
            create: 0,
            update: 20_000,
            deactivate: 0,
            unchanged: 0,
            invalid: 0,
            skipped: 0,
          },
          results: {
            created: 0,
            updated: 8_500,
            deactivated: 0,
            unchanged: 0,
            skipped: 0,
            invalid: 0,
            failed: 0,
            notAttempted: 11_500,
          },
          message: 'The import was cancelled. The changes made before that are kept.',
        }),
      );
    };
    await renderWizard();
    await screen.findByRole('progressbar');
    expect(screen.getByText(/5,000 of 20,000 rows done/)).toBeTruthy();
    fireEvent.click(button('Cancel'));
    const stopping = await screen.findByRole('button', { name: 'Cancelling…' });
    expect(stopping.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/^Cancelling… the changes already sent are finishing/)).toBeTruthy();
    await screen.findByText(/8,000 of 20,000 rows done/, undefined, { timeout: 3000 });
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeTruthy();

    await screen.findByText('The import was cancelled.', undefined, { timeout: 3000 });
    const cards = screen.getByRole('list', { name: 'Summary' });
    const count = (label: string) => within(cards).getByText(label).previousElementSibling?.textContent;
    expect(count('updated')).toBe('8,500');
    expect(count('not attempted')).toBe('11,500');
    expect(count('created')).toBe('0');
    expect(cards.textContent).not.toContain('20,000');
    const outcome = document.querySelector('.outcome')?.textContent ?? '';
    expect(outcome).toContain('stopped after 8,500 of 20,000 rows. The changes below are kept');
    expect(outcome).not.toMatch(/marked applied/);
  });

  it('reopened during an import, shows its progress without a glimpse of step 1', async () => {
    routes['GET /imports/latest'] = (_request, response) =>
      setTimeout(() => json(response, 200, sampleJob({ status: 'running' })), 300);
    routes['GET /imports/job-1'] = (_request, response) =>
      json(response, 200, sampleJob({ status: 'running' }));
    render(<ImportWizard {...wizardProps()} />);
    expect(screen.getByText('Looking for a running import…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
    expect(screen.getByText('Choose file').closest('[hidden]')).not.toBeNull();
    await screen.findByRole('progressbar');
    expect(screen.queryByText('Looking for a running import…')).toBeNull();
  });

  it('cancels a running import with Cancel', async () => {
    routes['GET /imports/latest'] = (_request, response) =>
      json(response, 200, sampleJob({ status: 'running' }));
    routes['GET /imports/job-1'] = (_request, response) =>
      json(response, 200, sampleJob({ status: 'running' }));
    routes['POST /imports/job-1/cancel'] = (_request, response) =>
      json(response, 200, sampleJob({ status: 'cancelled', message: 'Cancelled; 1 row was applied.' }));
    await renderWizard();
    await screen.findByRole('progressbar');
    fireEvent.click(button('Cancel'));
    await screen.findByText('The import was cancelled.');
    expect(received.some((r) => r.path === '/imports/job-1/cancel')).toBe(true);
  });

  it('shows the last finished import when reopened, on request', async () => {
    routes['GET /imports/latest'] = (_request, response) =>
      json(response, 200, sampleJob({ status: 'succeeded', fileName: 'march.xlsx', createdUserIds: ['a'] }));
    await renderWizard();
    await screen.findByText(/Last import: march\.xlsx/);
    fireEvent.click(button('Show'));
    expect(screen.getByText('The import is complete.')).toBeTruthy();
  });
});

describe('the dialog as a whole', () => {
  it('closes without changes on Cancel, on Close and on Escape', async () => {
    const { onClose } = await renderWizard();
    fireEvent.click(button('Cancel'));
    fireEvent.click(button('Close'));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose.mock.calls).toEqual([[false], [false], [false]]);
  });

  it('moves the focus to the new step, for keyboard users', async () => {
    await toColumns();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Step 2 of 6: Columns'));
  });

  it('speaks German on a German page (docs/administrators.md#the-import-wizard names)', async () => {
    const { fileInput } = await renderWizard('de');
    expect(screen.getByRole('heading', { name: 'Benutzer importieren' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
    chooseFile(fileInput, spreadsheet());
    await waitFor(() => expect(button('Weiter').hasAttribute('disabled')).toBe(false));
    fireEvent.click(button('Weiter'));
    expect(screen.getByRole('button', { name: 'Info zu Vorname' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Zurück' })).toBeTruthy();
    fireEvent.click(button('Weiter'));
    fireEvent.click(button('Weiter'));
    const notes = await screen.findByRole('list', { name: 'Hinweise zur Datei' });
    expect(notes.closest('details')?.querySelector('summary')?.textContent).toBe('Hinweise (1)');
    expect(within(notes).getByRole('listitem').textContent).toMatch(/^Zeile 1 · Remarks — /);
  });
});

/** browser.storage.session as the wizard sees it: a map in memory. */
function memorySession(): SessionStore & { items: Map<string, unknown> } {
  const items = new Map<string, unknown>();
  return {
    items,
    get: async (keys) => Object.fromEntries(keys.filter((k) => items.has(k)).map((k) => [k, items.get(k)])),
    set: async (values) => {
      // Stored as a copy, as the browser does.
      for (const [k, v] of Object.entries(values)) items.set(k, JSON.parse(JSON.stringify(v)));
    },
    remove: async (keys) => {
      for (const k of keys) items.delete(k);
    },
  };
}

describe('work is not lost', () => {
  const file = new File(['Email\nanna@example.com\n'], 'users.csv', {
    type: 'text/csv',
    lastModified: 1_000,
  });

  it('asks before leaving a wizard with choices, on Cancel, × and Escape alike', async () => {
    const { onClose } = await toColumns();
    fireEvent.click(button('Cancel'));
    const question = screen.getByRole('group', { name: /^Leave the import\?/ });
    expect(document.activeElement?.textContent).toBe('Stay');
    fireEvent.click(within(question).getByRole('button', { name: 'Stay' }));
    expect(screen.queryByRole('group', { name: /^Leave the import\?/ })).toBeNull();
    fireEvent.keyDown(document, { key: 'Escape' });
    screen.getByRole('group', { name: /^Leave the import\?/ });
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('group', { name: /^Leave the import\?/ })).toBeNull();
    fireEvent.click(screen.getAllByRole('button', { name: 'Close' })[0] as HTMLElement);
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(button('Leave'));
    expect(onClose).toHaveBeenCalledWith(false);
  });

  it('continues with the mapping, the corrections and the step after closing and reopening for the same file', async () => {
    const session = memorySession();
    let view = await renderWizard('en', session);
    chooseFile(view.fileInput, file);
    await waitFor(() => expect(button('Next').hasAttribute('disabled')).toBe(false));
    fireEvent.click(button('Next'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Field for column Remarks' }), {
      target: { value: 'note' },
    });
    fireEvent.click(button('Next'));
    fireEvent.click(button('Next'));
    await screen.findByRole('list', { name: 'Summary' });
    await waitFor(() => expect(JSON.stringify([...session.items.values()])).toContain('"step":"review"'));
    expect(session.items.size).toBe(1);
    cleanup();

    view = await renderWizard('en', session);
    // Another File object for the same file on disk: same name, size and modification time.
    chooseFile(view.fileInput, new File(['Email\nanna@example.com\n'], 'users.csv', { lastModified: 1_000 }));
    await screen.findByRole('list', { name: 'Summary' });
    expect(settingsOf(previews().at(-1)).columns).toMatchObject({ Remarks: 'note' });
    fireEvent.click(button('Back'));
    fireEvent.click(button('Back'));
    expect(
      (screen.getByRole('combobox', { name: 'Field for column Remarks' }) as HTMLSelectElement).value,
    ).toBe('note');
  });

  it('continues with the office-staff choices and the license settings after closing and reopening', async () => {
    const session = memorySession();
    const shortage = samplePreview({
      licenses: { ...samplePreview().licenses, needed: 3, free: 1, exceeded: true },
      blockers: [{ type: 'urn:portatour:problem:license-limit', detail: 'Too few licenses.' }],
      canImport: false,
    });
    routes['POST /imports/preview'] = (_request, response) => json(response, 200, shortage);
    let view = await renderWizard('en', session);
    chooseFile(view.fileInput, file);
    await waitFor(() => expect(button('Next').hasAttribute('disabled')).toBe(false));
    fireEvent.click(button('Next'));
    fireEvent.click(button('Next'));
    fireEvent.click(button('Next'));
    const ways = await screen.findByRole('region', { name: 'When licenses run short' });
    fireEvent.click(within(ways).getByRole('checkbox', { name: /^Import only the rows that fit/ }));
    await waitFor(() =>
      expect(button('Choose office staff in the table').hasAttribute('disabled')).toBe(false),
    );
    fireEvent.click(button('Choose office staff in the table'));
    fireEvent.click(await screen.findByRole('checkbox', { name: /^Office staff: / }));
    await waitFor(() => expect(JSON.stringify([...session.items.values()])).toContain('hasOwnSchedule'));
    cleanup();

    view = await renderWizard('en', session);
    chooseFile(view.fileInput, new File(['Email\nanna@example.com\n'], 'users.csv', { lastModified: 1_000 }));
    await screen.findByRole('list', { name: 'Summary' });
    await waitFor(() => expect(previews().at(-1)?.fields.overrides).toBeDefined());
    expect(JSON.parse(previews().at(-1)!.fields.overrides!)).toEqual([
      expect.objectContaining({ field: 'hasOwnSchedule', value: 'No' }),
    ]);
    expect(settingsOf(previews().at(-1)).skipRowsBeyondLicenses).toBe(true);
  });

  it('keeps the mapping of the headers a new file still has', async () => {
    const session = memorySession();
    const view = await renderWizard('en', session);
    chooseFile(view.fileInput, file);
    await waitFor(() => expect(button('Next').hasAttribute('disabled')).toBe(false));
    fireEvent.click(button('Next'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Field for column Remarks' }), {
      target: { value: 'note' },
    });
    fireEvent.click(button('Back'));
    // The corrected file: same headers but one, another name.
    routes['POST /imports/preview'] = (_request, response) => {
      const base = samplePreview();
      json(response, 200, {
        ...base,
        columns: [
          ...base.columns.slice(0, 3),
          { index: 3, header: 'Remarks', field: null, matchedBy: 'none' },
          { index: 4, header: 'Team', field: null, matchedBy: 'none' },
        ],
      });
    };
    chooseFile(view.fileInput, new File(['Email,Team\n'], 'users-fixed.csv', { lastModified: 2_000 }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('users-fixed.csv'));
    await waitFor(() => expect(button('Next').hasAttribute('disabled')).toBe(false));
    fireEvent.click(button('Next'));
    expect(
      (screen.getByRole('combobox', { name: 'Field for column Remarks' }) as HTMLSelectElement).value,
    ).toBe('note');
    expect(
      (screen.getByRole('combobox', { name: 'Field for column Email' }) as HTMLSelectElement).value,
    ).toBe('email');
  });
});
