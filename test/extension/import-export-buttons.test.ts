// @vitest-environment happy-dom
// The feature in a page like the stand-in's, with the browser's extension API replaced by a fake
// background that answers like the proxy would (the real chain runs in test/e2e).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  DialogTicketRequest,
  TenantLookupRequest,
  TenantLookupResponse,
} from '../../extension/src/common/runtime-messages.ts';

const answers = new Map<string, TenantLookupResponse>();
const sent: (TenantLookupRequest | DialogTicketRequest | { type: 'portatour:open-options' })[] = [];

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: async (
        request: TenantLookupRequest | DialogTicketRequest | { type: 'portatour:open-options' },
      ) => {
        sent.push(request);
        if (request.type === 'portatour:dialog-ticket') return { ok: true, ticket: `ticket-${sent.length}` };
        if (!('tenantId' in request)) return undefined;
        return (
          answers.get(request.tenantId) ?? {
            ok: false,
            failure: 'problem',
            status: 404,
            sentence: 'Unknown.',
          }
        );
      },
      getURL: (path: string) => `chrome-extension://bogfcckjjhhghjalkkonnpicfbjmdebe/${path}`,
      id: 'bogfcckjjhhghjalkkonnpicfbjmdebe',
    },
    i18n: { getUILanguage: () => 'en-US' },
  },
}));

const { DECISION_ATTRIBUTE, ROOT_ID } = await import('../../extension/src/features/import-export-buttons.ts');
const { registeredFeatures, runFeatures } = await import('../../extension/src/content/feature-registry.ts');

const tenantAnswer = (hostSystem: 'salesforce' | null, available: boolean): TenantLookupResponse => ({
  ok: true,
  tenant: {
    id: 't',
    name: 'T',
    licenses: { total: 25, used: 1, free: 24 },
    hostSystem,
    importExport: {
      available,
      reason: available ? null : hostSystem ? 'host-system-connected' : 'single-license',
      message: null,
    },
  },
});

function openPage(tenant: string, lang = 'en'): URL {
  const url = new URL(`http://127.0.0.1:8788/t/${tenant}/users`);
  // happy-dom's own API: moves the document to another URL without loading anything.
  (window as unknown as { happyDOM: { setURL(href: string): void } }).happyDOM.setURL(url.href);
  document.documentElement.lang = lang;
  document.head.innerHTML = '<meta name="portatour-api-token" content="demo-admin-token">';
  document.body.innerHTML =
    '<section id="user-management"><h1>Users</h1><table id="user-list"><tbody><tr><td>Anna</td></tr></tbody></table><p id="after">Footer</p></section>';
  return url;
}

const root = () => document.getElementById(ROOT_ID);
const shadow = () => root()?.shadowRoot ?? null;
const buttonNames = () =>
  [...(shadow()?.querySelectorAll('button') ?? [])].map((button) => button.textContent);

beforeEach(() => {
  answers.set('demo', tenantAnswer(null, true));
  answers.set('sfdc', tenantAnswer('salesforce', false));
  answers.set('solo', tenantAnswer(null, false));
  sent.length = 0;
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('import-export-buttons feature', () => {
  it('is registered for the user management page only', () => {
    const feature = registeredFeatures().find(({ id }) => id === 'import-export-buttons');
    expect(feature?.include.some((matches) => matches(new URL('http://127.0.0.1/t/demo/users')))).toBe(true);
    expect(feature?.include.some((matches) => matches(new URL('http://127.0.0.1/t/demo/tenant')))).toBe(
      false,
    );
  });

  it("puts the group with Import, Export and Import settings right below the user list, asking with the page's token", async () => {
    await runFeatures(openPage('demo'), new AbortController().signal);
    expect(document.getElementById('user-list')?.nextElementSibling?.id).toBe(ROOT_ID);
    const group = shadow()?.querySelector('[role="group"]');
    const labelId = group?.getAttribute('aria-labelledby') ?? '';
    expect(shadow()?.getElementById(labelId)?.textContent).toBe('User import and export');
    expect(buttonNames()).toEqual(['Import', 'Export', 'Import settings']);
    expect(sent).toEqual([
      { type: 'portatour:lookup-tenant', tenantId: 'demo', pageToken: 'demo-admin-token' },
    ]);
  });

  it('names them in German on a German page', async () => {
    await runFeatures(openPage('demo', 'de'), new AbortController().signal);
    expect(buttonNames()).toEqual(['Importieren', 'Exportieren', 'Importeinstellungen']);
  });

  it('injects only once however often it runs', async () => {
    const url = openPage('demo');
    await Promise.all([
      runFeatures(url, new AbortController().signal),
      runFeatures(url, new AbortController().signal),
    ]);
    await runFeatures(url, new AbortController().signal);
    expect(document.querySelectorAll(`#${ROOT_ID}`).length).toBe(1);
  });

  it('explains a Salesforce tenant in one line, without buttons', async () => {
    await runFeatures(openPage('sfdc'), new AbortController().signal);
    expect(shadow()?.textContent).toContain('synchronized from Salesforce');
    expect(buttonNames()).toEqual([]);
  });

  it('shows a single-license tenant one line and no buttons, and says so on <html>', async () => {
    await runFeatures(openPage('solo'), new AbortController().signal);
    expect(shadow()?.textContent).toContain('offered to companies with at least 2 licenses');
    expect(buttonNames()).toEqual([]);
    expect(document.documentElement.getAttribute(DECISION_ATTRIBUTE)).toBe('notice');
  });

  it('links the options page when the proxy cannot be reached, and Retry asks again', async () => {
    answers.set('demo', { ok: false, failure: 'unreachable', proxyUrl: 'http://127.0.0.1:9' });
    await runFeatures(openPage('demo'), new AbortController().signal);
    expect(shadow()?.textContent).toContain('http://127.0.0.1:9 could not be reached');
    expect(buttonNames()).toEqual(['Retry']);
    shadow()?.querySelector('a')?.click();
    expect(sent.at(-1)).toEqual({ type: 'portatour:open-options' });

    // The proxy runs now: Retry brings the buttons, in the same place, once.
    answers.set('demo', tenantAnswer(null, true));
    [...(shadow()?.querySelectorAll('button') ?? [])][0]?.click();
    await vi.waitFor(() => expect(buttonNames()).toEqual(['Import', 'Export', 'Import settings']));
    expect(document.querySelectorAll(`#${ROOT_ID}`)).toHaveLength(1);
    expect(document.getElementById('user-list')?.nextElementSibling?.id).toBe(ROOT_ID);
  });

  it('opens the Import dialog with a ticket from the background, and nothing in the dialog URL', async () => {
    await runFeatures(openPage('demo', 'de'), new AbortController().signal);
    const importButton = [...(shadow()?.querySelectorAll('button') ?? [])][0];
    importButton?.click();
    await vi.waitFor(() => expect(shadow()?.querySelector('dialog')).toBeTruthy());
    expect(sent.at(-1)).toEqual({ type: 'portatour:dialog-ticket', view: 'import' });
    const dialog = shadow()?.querySelector('dialog');
    expect(dialog?.getAttribute('aria-label')).toBe('Benutzer importieren');
    expect(dialog?.querySelector('iframe')?.getAttribute('src')).toBe(
      'chrome-extension://bogfcckjjhhghjalkkonnpicfbjmdebe/src/dialog/dialog.html',
    );
  });
});
