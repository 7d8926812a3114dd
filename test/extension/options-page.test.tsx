// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readSettings, type SettingsStorage } from '../../extension/src/common/settings.ts';
import { createTranslator } from '../../extension/src/common/translate.ts';
import { OptionsPage } from '../../extension/src/options/options-page.tsx';
import type { PermissionsApi } from '../../extension/src/options/proxy-permission.ts';

afterEach(cleanup);

function memoryStorage(): SettingsStorage {
  const items: Record<string, unknown> = {};
  return {
    get: async (keys) =>
      Object.fromEntries(keys.filter((key) => key in items).map((key) => [key, items[key]])),
    set: async (values) => void Object.assign(items, values),
  };
}

function renderOptions(granted: boolean) {
  const storage = memoryStorage();
  const permissions: PermissionsApi = {
    contains: vi.fn(async () => granted),
    request: vi.fn(async () => true),
  };
  render(
    <OptionsPage
      t={createTranslator('en')}
      initial={{ proxyUrl: 'http://127.0.0.1:8787', supportToken: '', supportTokenPage: '' }}
      storage={storage}
      permissions={permissions}
    />,
  );
  return { storage, permissions };
}

describe('options page', () => {
  it('links the API description of the proxy and follows a saved proxy URL', async () => {
    const { storage } = renderOptions(true);
    expect(screen.getByRole('link', { name: 'API description' }).getAttribute('href')).toBe(
      'http://127.0.0.1:8787/docs',
    );

    fireEvent.input(screen.getByRole('textbox', { name: 'Proxy address' }), {
      target: { value: 'https://proxy.example.com/' },
    });
    fireEvent.input(screen.getByLabelText('API token for support staff (optional)'), {
      target: { value: ' tok ' },
    });
    fireEvent.input(
      screen.getByRole('textbox', { name: "The customer's user management page for this token" }),
      {
        target: { value: 'https://acme.portatour.net/t/acme/users?lang=de' },
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Saved.');
    expect(await readSettings(storage)).toEqual({
      proxyUrl: 'https://proxy.example.com',
      supportToken: 'tok',
      supportTokenPage: 'https://acme.portatour.net/t/acme/users',
    });
    expect(screen.getByRole('link', { name: 'API description' }).getAttribute('href')).toBe(
      'https://proxy.example.com/docs',
    );
  });

  it('refuses a proxy address that is not http(s) and keeps the stored one', async () => {
    const { storage } = renderOptions(true);
    fireEvent.input(screen.getByRole('textbox', { name: 'Proxy address' }), {
      target: { value: 'file:///etc' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Enter an http or https address/);
    expect(await readSettings(storage)).toEqual({
      proxyUrl: 'http://127.0.0.1:8787',
      supportToken: '',
      supportTokenPage: '',
    });
  });

  it('refuses a plain http proxy on another computer, saying why, and keeps the stored one', async () => {
    const { storage } = renderOptions(true);
    const field = screen.getByRole('textbox', { name: 'Proxy address' });
    fireEvent.input(field, { target: { value: 'http://proxy.example.com:8787' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/must use https:\/\/; plain http:\/\/ would send the API token unencrypted/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect((await readSettings(storage)).proxyUrl).toBe('http://127.0.0.1:8787');
  });

  it('saves a support token only together with the user management page it is for', async () => {
    const { storage } = renderOptions(true);
    fireEvent.input(screen.getByLabelText('API token for support staff (optional)'), {
      target: { value: 'tok' },
    });
    const page = screen.getByRole('textbox', { name: "The customer's user management page for this token" });
    fireEvent.input(page, { target: { value: 'https://acme.portatour.net/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Enter the address of a user management page/);
    expect(page.getAttribute('aria-invalid')).toBe('true');
    expect((await readSettings(storage)).supportToken).toBe('');
  });

  it('offers to request the host permission for the proxy when the browser has not granted it', async () => {
    const { permissions } = renderOptions(false);
    const button = await screen.findByRole('button', { name: 'Allow access to the proxy' });
    fireEvent.click(button);
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    await screen.findByText('Access to http://127.0.0.1:8787 is allowed.');
  });

  it('shows no permission button when access is already allowed', async () => {
    renderOptions(true);
    await waitFor(() => expect(screen.getByText('Access to http://127.0.0.1:8787 is allowed.')).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Allow access to the proxy' })).toBeNull();
  });
});
