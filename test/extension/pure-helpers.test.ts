import { describe, expect, it } from 'vitest';
import {
  dialogFragment,
  isDialogMessage,
  readDialogFragment,
} from '../../extension/src/common/dialog-link.ts';
import { problemSentence } from '../../extension/src/common/problem.ts';
import {
  DEFAULT_PROXY_URL,
  chooseToken,
  normalizeProxyUrl,
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
    expect(await readSettings(memoryStorage())).toEqual({ proxyUrl: DEFAULT_PROXY_URL, supportToken: '' });
  });

  it('round-trip through storage, normalized', async () => {
    const storage = memoryStorage();
    await writeSettings(storage, { proxyUrl: 'https://proxy.example.com/admin', supportToken: ' s3cret ' });
    expect(await readSettings(storage)).toEqual({
      proxyUrl: 'https://proxy.example.com/admin',
      supportToken: 's3cret',
    });
  });

  it('accept only http(s) proxy URLs without credentials, query or fragment', () => {
    expect(normalizeProxyUrl(' http://127.0.0.1:8787/ ')).toBe('http://127.0.0.1:8787');
    expect(normalizeProxyUrl('ftp://127.0.0.1')).toBeNull();
    expect(normalizeProxyUrl('127.0.0.1:8787')).toBeNull();
    expect(normalizeProxyUrl('http://user:pw@host')).toBeNull();
    expect(normalizeProxyUrl('http://host/?a=1')).toBeNull();
  });

  it("prefer the support token over the page's token, and have none when both are empty", () => {
    expect(chooseToken('support', 'page')).toBe('support');
    expect(chooseToken('  ', 'page')).toBe('page');
    expect(chooseToken('', null)).toBeNull();
  });

  it('ask the browser for the proxy host whatever its port', () => {
    expect(proxyOriginPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
    expect(proxyOriginPattern('https://proxy.example.com/admin')).toBe('https://proxy.example.com/*');
  });
});

describe('dialog context in the fragment', () => {
  it('round-trips view, tenant, language, token and the parent origin', () => {
    const context = {
      view: 'export' as const,
      tenantId: 'müller & söhne',
      language: 'de' as const,
      pageToken: 'a+b/c=',
      parentOrigin: 'http://127.0.0.1:8788',
    };
    expect(readDialogFragment(dialogFragment(context))).toEqual(context);
  });

  it('rejects a fragment without view, tenant or parent origin, or with an unknown view', () => {
    expect(readDialogFragment('#view=export&tenant=demo')).toBeNull();
    expect(readDialogFragment('#view=delete&tenant=demo&parent=http://x')).toBeNull();
    expect(readDialogFragment('')).toBeNull();
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
