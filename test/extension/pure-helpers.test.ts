import { describe, expect, it } from 'vitest';
import { isDialogMessage, readDialogConnect } from '../../extension/src/common/dialog-link.ts';
import { problemSentence } from '../../extension/src/common/problem.ts';
import {
  DEFAULT_PROXY_URL,
  checkProxyUrl,
  chooseToken,
  normalizeProxyUrl,
  normalizeUserManagementPage,
  readSettings,
  writeSettings,
  type SettingsStorage,
} from '../../extension/src/common/settings.ts';
import { parseTenantInfo } from '../../extension/src/common/tenant-info.ts';
import { createTranslator, languageFromTag } from '../../extension/src/common/translate.ts';
import { fileNameFromContentDisposition } from '../../extension/src/dialog/content-disposition.ts';
import { proxyOriginPattern } from '../../extension/src/options/proxy-permission.ts';

function memoryStorage(): SettingsStorage & { items: Record<string, unknown> } {
  const items: Record<string, unknown> = {};
  return {
    items,
    get: async (keys) =>
      Object.fromEntries(keys.filter((key) => key in items).map((key) => [key, items[key]])),
    set: async (values) => void Object.assign(items, values),
  };
}

describe('settings', () => {
  it('default to the local proxy and no support token', async () => {
    expect(await readSettings(memoryStorage())).toEqual({
      proxyUrl: DEFAULT_PROXY_URL,
      supportToken: '',
      supportTokenPage: '',
    });
  });

  it('round-trip through storage, normalized', async () => {
    const storage = memoryStorage();
    await writeSettings(storage, {
      proxyUrl: 'https://proxy.example.com/admin',
      supportToken: ' s3cret ',
      supportTokenPage: 'https://acme.portatour.net/t/acme/users',
    });
    expect(await readSettings(storage)).toEqual({
      proxyUrl: 'https://proxy.example.com/admin',
      supportToken: 's3cret',
      supportTokenPage: 'https://acme.portatour.net/t/acme/users',
    });
  });

  it('accept only http(s) proxy URLs without credentials, query or fragment', () => {
    expect(normalizeProxyUrl(' http://127.0.0.1:8787/ ')).toBe('http://127.0.0.1:8787');
    expect(normalizeProxyUrl('ftp://127.0.0.1')).toBeNull();
    expect(normalizeProxyUrl('127.0.0.1:8787')).toBeNull();
    expect(normalizeProxyUrl('http://user:pw@host')).toBeNull();
    expect(normalizeProxyUrl('https://host/?a=1')).toBeNull();
  });

  it('refuse a plain http proxy on another computer (the token would travel unencrypted), loopback aside', () => {
    expect(checkProxyUrl('http://proxy.example.com:8787')).toEqual({ ok: false, reason: 'insecure' });
    expect(checkProxyUrl('http://192.168.1.10')).toEqual({ ok: false, reason: 'insecure' });
    expect(checkProxyUrl('ftp://x')).toEqual({ ok: false, reason: 'invalid' });
    for (const local of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787']) {
      expect(checkProxyUrl(local), local).toEqual({ ok: true, url: local });
    }
    expect(normalizeProxyUrl('https://proxy.example.com/')).toBe('https://proxy.example.com');
  });

  it('fall back to the default proxy when storage holds a plain http one on another computer', async () => {
    const storage = memoryStorage();
    storage.items.proxyUrl = 'http://proxy.example.com';
    expect((await readSettings(storage)).proxyUrl).toBe(DEFAULT_PROXY_URL);
  });

  it('bind the support token to one user management page (https or on this computer)', () => {
    expect(normalizeUserManagementPage(' https://acme.portatour.net/t/acme/users/?lang=de#x ')).toBe(
      'https://acme.portatour.net/t/acme/users',
    );
    expect(normalizeUserManagementPage('http://127.0.0.1:8788/t/demo/users')).toBe(
      'http://127.0.0.1:8788/t/demo/users',
    );
    expect(normalizeUserManagementPage('http://acme.example.com/t/acme/users')).toBeNull();
    expect(normalizeUserManagementPage('https://acme.portatour.net/settings')).toBeNull();
    expect(normalizeUserManagementPage('acme')).toBeNull();
  });

  it("prefer the page's own token; give the support token only to its page; none otherwise", () => {
    const page = 'https://acme.portatour.net/t/acme/users';
    const settings = { supportToken: ' support ', supportTokenPage: page };
    expect(chooseToken(settings, `${page}?lang=de`, null)).toBe('support');
    expect(chooseToken(settings, page, ' own ')).toBe('own');
    expect(chooseToken(settings, 'https://other.portatour.net/t/acme/users', null)).toBeNull();
    expect(chooseToken(settings, 'https://acme.portatour.net/t/other/users', null)).toBeNull();
    expect(chooseToken(settings, 'http://127.0.0.1:9999/t/acme/users', null)).toBeNull();
    expect(chooseToken({ supportToken: 'support', supportTokenPage: '' }, page, null)).toBeNull();
    expect(chooseToken({ supportToken: '', supportTokenPage: page }, page, null)).toBeNull();
  });

  it('ask the browser for the proxy host whatever its port', () => {
    expect(proxyOriginPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
    expect(proxyOriginPattern('https://proxy.example.com/admin')).toBe('https://proxy.example.com/*');
  });
});

describe('dialog messages', () => {
  it('read a connect message field by field, and nothing that lacks a ticket, tenant or known view', () => {
    const connect = {
      source: 'portatour-user-admin-dialog',
      type: 'connect',
      ticket: 't-1',
      context: { view: 'export', tenantId: 'müller & söhne', language: 'de-CH', pageToken: 'a+b/c=' },
    };
    expect(readDialogConnect(connect)).toEqual({
      ...connect,
      context: { ...connect.context, language: 'de' },
    });
    expect(readDialogConnect({ ...connect, ticket: 1 })).toBeNull();
    expect(readDialogConnect({ ...connect, context: { ...connect.context, view: 'delete' } })).toBeNull();
    expect(readDialogConnect({ ...connect, context: { ...connect.context, tenantId: '' } })).toBeNull();
    expect(readDialogConnect({ ...connect, context: { ...connect.context, pageToken: 5 } })).toBeNull();
    expect(readDialogConnect({ ...connect, source: 'someone-else' })).toBeNull();
    expect(readDialogConnect('connect')).toBeNull();
  });

  it('accepts only well-formed dialog messages', () => {
    expect(
      isDialogMessage({ source: 'portatour-user-admin-dialog', type: 'close', usersChanged: true }),
    ).toBe(true);
    expect(isDialogMessage({ source: 'portatour-user-admin-dialog', type: 'resize', height: 300 })).toBe(
      true,
    );
    expect(isDialogMessage({ source: 'portatour-user-admin-dialog', type: 'close' })).toBe(false);
    expect(isDialogMessage({ source: 'someone-else', type: 'close', usersChanged: false })).toBe(false);
    expect(isDialogMessage('close')).toBe(false);
  });
});

describe('file names from Content-Disposition', () => {
  it('prefer the UTF-8 name, fall back to the plain one, and strip folders', () => {
    expect(
      fileNameFromContentDisposition(`attachment; filename="users.xlsx"; filename*=UTF-8''M%C3%BCller.xlsx`),
    ).toBe('Müller.xlsx');
    expect(fileNameFromContentDisposition('attachment; filename="demo \\"users\\".csv"')).toBe(
      'demo "users".csv',
    );
    expect(fileNameFromContentDisposition('attachment; filename=plain.json')).toBe('plain.json');
    expect(fileNameFromContentDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFromContentDisposition('attachment; filename*=UTF-8\'\'%E0%A4%A; filename="ok.csv"')).toBe(
      'ok.csv',
    );
    expect(fileNameFromContentDisposition('attachment; filename="a\u0007b.csv"')).toBe('ab.csv');
    expect(fileNameFromContentDisposition('attachment')).toBeNull();
    expect(fileNameFromContentDisposition(null)).toBeNull();
  });
});

describe('tenant answers and problems', () => {
  it('accept the contract shape and reject others', () => {
    const demo = {
      id: 'demo',
      name: 'Demo',
      licenses: { total: 25, used: 10, free: 15 },
      hostSystem: null,
      importExport: { available: true, reason: null },
    };
    expect(parseTenantInfo(demo)).toEqual({
      ...demo,
      importExport: { available: true, reason: null, message: null },
    });
    expect(parseTenantInfo({ ...demo, hostSystem: 'sap' })).toBeNull();
    expect(parseTenantInfo({ ...demo, licenses: { total: '25' } })).toBeNull();
    expect(parseTenantInfo([demo])).toBeNull();
  });

  it('turn a problem into one sentence', () => {
    const t = createTranslator('en');
    expect(
      problemSentence({ type: 'x', title: 'Conflict', status: 409, detail: 'An import is running' }, t),
    ).toBe('An import is running.');
    expect(problemSentence({ type: 'x', title: 'Forbidden', status: 403 }, t)).toBe('Forbidden.');
    expect(problemSentence({ type: 'x', title: '', status: 500 }, t)).toBe(
      'The import service answered with error 500.',
    );
  });

  it('pick the language from the page, English by default', () => {
    expect(languageFromTag('de-CH')).toBe('de');
    expect(languageFromTag('DE')).toBe('de');
    expect(languageFromTag('fr')).toBe('en');
    expect(languageFromTag('')).toBe('en');
  });
});
