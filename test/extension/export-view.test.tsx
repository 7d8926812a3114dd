// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../../extension/src/common/translate.ts';
import ExportView, { exportQuery } from '../../extension/src/dialog/export-view.tsx';
import type { ViewProps } from '../../extension/src/dialog/view-props.ts';
import { sendProblem, startFakeProxy, type FakeProxy } from './fake-proxy-server.ts';

let proxy: FakeProxy;

beforeAll(async () => {
  proxy = await startFakeProxy((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/tenants/sfdc/users/export') {
      sendProblem(
        response,
        409,
        'host-system-connected',
        'The users of sfdc are synchronized from Salesforce',
      );
      return;
    }
    const format = url.searchParams.get('format') ?? 'xlsx';
    response.writeHead(200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/octet-stream',
      'Content-Disposition': `attachment; filename="users.${format}"; filename*=UTF-8''Benutzer%20demo%202025.${format}`,
    });
    response.end(format === 'csv' ? '\uFEFFEmail\r\nanna@example.com\r\n' : 'PK fake workbook');
  });
});
afterAll(() => proxy.close());
afterEach(cleanup);

function renderExport(tenantId = 'demo', language: 'en' | 'de' = 'en') {
  const save = vi.fn<ViewProps['save']>();
  const onClose = vi.fn<ViewProps['onClose']>();
  render(
    <ExportView
      t={createTranslator(language)}
      language={language}
      access={{
        proxyUrl: proxy.url,
        tenantId,
        token: 'demo-admin-token',
        fetch: (...args) => fetch(...args),
      }}
      save={save}
      onClose={onClose}
    />,
  );
  return { save, onClose };
}

describe('export dialog', () => {
  it("downloads the XLSX export with the admin's token and saves it under the server's file name", async () => {
    const { save } = renderExport();
    expect(screen.getByRole('heading', { name: 'Export users' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));

    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    const [blob, fileName] = save.mock.calls[0] ?? [];
    expect(fileName).toBe('Benutzer demo 2025.xlsx');
    expect(await blob?.text()).toBe('PK fake workbook');
    expect(screen.getByRole('status').textContent).toBe('Downloaded Benutzer demo 2025.xlsx.');
    const request = proxy.requests.at(-1);
    expect(request?.url).toBe('/api/v1/tenants/demo/users/export?format=xlsx');
    expect(request?.authorization).toBe('Bearer demo-admin-token');
  });

  it('asks for CSV with the chosen delimiter', async () => {
    const { save } = renderExport();
    fireEvent.click(screen.getByRole('radio', { name: 'CSV text file (.csv)' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Column separator' }), { target: { value: ';' } });
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(proxy.requests.at(-1)?.url).toBe('/api/v1/tenants/demo/users/export?format=csv&delimiter=%3B');
  });

  it('offers ODS, and after a download the dismiss button says Close instead of Cancel', async () => {
    const { save, onClose } = renderExport();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'OpenDocument spreadsheet (.ods)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(proxy.requests.at(-1)?.url).toBe('/api/v1/tenants/demo/users/export?format=ods');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    const close = screen.getAllByRole('button', { name: 'Close' }).find((b) => b.textContent === 'Close');
    fireEvent.click(close as HTMLElement);
    expect(onClose).toHaveBeenCalledWith(false);
  });

  it("shows a refusal as the problem's one sentence and saves nothing", async () => {
    const { save } = renderExport('sfdc');
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The users of sfdc are synchronized from Salesforce.');
    expect(save).not.toHaveBeenCalled();
  });

  it('says so when the proxy cannot be reached', async () => {
    const save = vi.fn();
    render(
      <ExportView
        t={createTranslator('en')}
        language="en"
        access={{
          proxyUrl: 'http://127.0.0.1:9',
          tenantId: 'demo',
          token: 't',
          fetch: (...args) => fetch(...args),
        }}
        save={save}
        onClose={vi.fn()}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('http://127.0.0.1:9 could not be reached');
  });

  it('asks a German page for German headers and offers ";" first', () => {
    expect(exportQuery('xlsx', ';', 'de')).toEqual({ format: 'xlsx', lang: 'de' });
    expect(exportQuery('csv', ',', 'en')).toEqual({ format: 'csv', delimiter: ',' });
  });
});
