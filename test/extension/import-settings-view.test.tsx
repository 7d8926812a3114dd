// @vitest-environment happy-dom
// The Import settings dialog saves the same file as the wizard's "Save import settings": indented, naming its
// JSON Schema and the API guide, and still a valid settings file.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTranslator } from '../../extension/src/common/translate.ts';
import ImportSettingsView from '../../extension/src/dialog/import-settings-view.tsx';
import type { ViewProps } from '../../extension/src/dialog/view-props.ts';
import { DEFAULT_IMPORT_SETTINGS, importSettingsSchema } from '../../shared/import-settings.ts';
import { startFakeProxy, type FakeProxy } from './fake-proxy-server.ts';

let proxy: FakeProxy;

beforeAll(async () => {
  proxy = await startFakeProxy((_request, response) => {
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Disposition': 'attachment; filename="portatour-import-settings-demo.json"',
    });
    // The proxy answers one minified line.
    response.end(JSON.stringify(DEFAULT_IMPORT_SETTINGS));
  });
});
afterAll(() => proxy.close());
afterEach(cleanup);

describe('import settings dialog', () => {
  it('saves indented JSON with $schema and a link to the API guide, which the proxy still accepts', async () => {
    const save = vi.fn<ViewProps['save']>();
    render(
      <ImportSettingsView
        t={createTranslator('en')}
        language="en"
        access={{ proxyUrl: proxy.url, tenantId: 'demo', token: 't', fetch: (...a) => fetch(...a) }}
        save={save}
        onClose={vi.fn()}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(save).toHaveBeenCalledOnce());
    const [blob, name] = save.mock.calls[0] ?? [];
    expect(name).toBe('portatour-import-settings-demo.json');
    const text = (await blob?.text()) ?? '';
    expect(text.split('\n').length).toBeGreaterThan(10);
    expect(text).toMatch(/^\{\n {2}"\$schema": /);
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file.$schema).toBe(`${proxy.url}/api/v1/import-settings.schema.json`);
    expect(file.$comment).toContain(`${proxy.url}/docs`);
    expect(importSettingsSchema.parse(file)).toMatchObject(DEFAULT_IMPORT_SETTINGS);
  });
});
