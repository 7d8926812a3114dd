// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  refreshUserList,
  hostSelectors,
  isUserManagementPage,
  queryFirst,
  readPageToken,
  tenantIdFromUrl,
} from '../../extension/src/content/host-page.ts';
import { startFakeProxy, type FakeProxy } from './fake-proxy-server.ts';

describe('tenantIdFromUrl', () => {
  it('reads the tenant of /t/{tenant}/users, with or without trailing slash, query or hash', () => {
    expect(tenantIdFromUrl(new URL('http://127.0.0.1:8788/t/demo/users'))).toBe('demo');
    expect(tenantIdFromUrl(new URL('http://127.0.0.1:8788/t/demo/users/'))).toBe('demo');
    expect(tenantIdFromUrl(new URL('https://app.portatour.net/t/acme-gmbh/users?page=2#top'))).toBe(
      'acme-gmbh',
    );
  });

  it('decodes a percent-encoded tenant id', () => {
    expect(tenantIdFromUrl(new URL('http://localhost/t/m%C3%BCller/users'))).toBe('müller');
  });

  it('rejects other pages of the tenant and malformed encodings', () => {
    expect(tenantIdFromUrl(new URL('http://127.0.0.1/t/demo/users/42'))).toBeNull();
    expect(tenantIdFromUrl(new URL('http://127.0.0.1/t/demo/scim/v2/Users'))).toBeNull();
    expect(tenantIdFromUrl(new URL('http://127.0.0.1/t//users'))).toBeNull();
    expect(tenantIdFromUrl(new URL('http://127.0.0.1/users'))).toBeNull();
    expect(tenantIdFromUrl(new URL('http://127.0.0.1/t/%E0%A4%A/users'))).toBeNull();
    expect(isUserManagementPage(new URL('http://127.0.0.1/t/demo/tenant'))).toBe(false);
  });
});

describe('host page selectors', () => {
  it("read the admin's token from the meta tag, trimmed; none when missing or empty", () => {
    document.head.innerHTML = '<meta name="portatour-api-token" content=" demo-admin-token ">';
    expect(readPageToken(document)).toBe('demo-admin-token');
    document.head.innerHTML = '<meta name="portatour-api-token" content="">';
    expect(readPageToken(document)).toBeNull();
    document.head.innerHTML = '';
    expect(readPageToken(document)).toBeNull();
  });

  it("find the stand-in's user list before any fallback", () => {
    document.body.innerHTML =
      '<main><table id="other"></table><section id="user-management"><table id="user-list"></table></section></main>';
    expect(queryFirst(document, hostSelectors.userList)?.id).toBe('user-list');
    document.body.innerHTML = '<main><table id="only"></table></main>';
    expect(queryFirst(document, hostSelectors.userList)?.id).toBe('only');
  });
});

describe('refreshUserList', () => {
  let page: FakeProxy;
  let users = ['Anna'];
  beforeAll(async () => {
    page = await startFakeProxy((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      const rows = users.map((name) => `<tr><td>${name}</td></tr>`).join('');
      response.end(
        `<!doctype html><section id="user-management"><table id="user-list">${rows}</table></section>`,
      );
    });
  });
  afterAll(() => page.close());

  it('swaps in the fresh list without reloading: the rest of the page and the focus stay', async () => {
    (window as unknown as { happyDOM: { setURL(href: string): void } }).happyDOM.setURL(
      `${page.url}/t/demo/users`,
    );
    document.body.innerHTML =
      '<section id="user-management"><table id="user-list"><tr><td>Anna</td></tr></table><div id="ours"><button id="opener">Import</button></div></section>';
    const ours = document.getElementById('ours');
    document.getElementById('opener')?.focus();
    users = ['Anna', 'Nora New'];
    expect(await refreshUserList(document, (...args) => fetch(...args))).toBe(true);
    expect(document.getElementById('user-list')?.textContent).toBe('AnnaNora New');
    expect(document.getElementById('ours')).toBe(ours);
    expect(document.activeElement?.id).toBe('opener');
  });

  it('says false (the caller reloads) when the page has no list', async () => {
    document.body.innerHTML = '<p>nothing here</p>';
    expect(await refreshUserList(document, (...args) => fetch(...args))).toBe(false);
  });
});
