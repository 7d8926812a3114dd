// The background answers only this extension's own scripts on pages the build works on (any
// local page could drive the extension), and a dialog ticket only once, for the tab, page, tenant and
// view it was issued for.
import { describe, expect, it, vi } from 'vitest';
import { DialogTickets } from '../../extension/src/background/dialog-tickets.ts';
import {
  routeMessage,
  type MessageRouterDeps,
  type MessageSender,
} from '../../extension/src/background/message-router.ts';
import { matchesAnyPattern, matchesPattern } from '../../extension/src/common/match-pattern.ts';
import type { TenantLookupResponse } from '../../extension/src/common/runtime-messages.ts';

const ID = 'bogfcckjjhhghjalkkonnpicfbjmdebe';
const PRODUCTION = ['https://*.portatour.net/*'];
const DEVELOPMENT = [...PRODUCTION, 'http://127.0.0.1/*', 'http://localhost/*'];
const PAGE = 'https://acme.portatour.net/t/acme/users';
const DIALOG = `chrome-extension://${ID}/src/dialog/dialog.html`;
const LOOKUP = { type: 'portatour:lookup-tenant', tenantId: 'acme', pageToken: null };
const ANSWER: TenantLookupResponse = { ok: false, failure: 'no-token' };

function router(pagePatterns = PRODUCTION) {
  const lookupTenant = vi.fn(async () => ANSWER);
  const openOptions = vi.fn(async () => undefined);
  const deps: MessageRouterDeps = {
    extensionId: ID,
    pagePatterns,
    tickets: new DialogTickets(),
    lookupTenant,
    openOptions,
  };
  return {
    deps,
    lookupTenant,
    openOptions,
    route: (message: unknown, sender: MessageSender) => routeMessage(message, sender, deps),
  };
}

const contentScript = (url = PAGE, overrides: Partial<MessageSender> = {}): MessageSender => ({
  id: ID,
  url,
  frameId: 0,
  tab: { id: 7, url },
  ...overrides,
});
const dialogPage = (tabUrl = PAGE, tabId = 7): MessageSender => ({
  id: ID,
  url: DIALOG,
  frameId: 3,
  tab: { id: tabId, url: tabUrl },
});

describe('match patterns', () => {
  it('match scheme, host wildcard and path like the browser, on any port', () => {
    expect(matchesPattern('https://acme.portatour.net/t/acme/users', 'https://*.portatour.net/*')).toBe(true);
    expect(matchesPattern('https://portatour.net/', 'https://*.portatour.net/*')).toBe(true);
    expect(matchesPattern('https://evilportatour.net/', 'https://*.portatour.net/*')).toBe(false);
    expect(matchesPattern('https://portatour.net.evil.example/', 'https://*.portatour.net/*')).toBe(false);
    expect(matchesPattern('http://acme.portatour.net/', 'https://*.portatour.net/*')).toBe(false);
    expect(matchesPattern('http://127.0.0.1:9999/t/demo/users', 'http://127.0.0.1/*')).toBe(true);
    expect(matchesPattern('chrome-extension://x/a', 'https://*/*')).toBe(false);
    expect(matchesAnyPattern('not a url', DEVELOPMENT)).toBe(false);
  });
});

describe('background messages', () => {
  it("answers the content script's tenant lookup with the page URL the browser reported", async () => {
    const { route, lookupTenant } = router();
    expect(await route(LOOKUP, contentScript(`${PAGE}?lang=de`))).toEqual(ANSWER);
    expect(lookupTenant).toHaveBeenCalledWith(LOOKUP, `${PAGE}?lang=de`);
  });

  it('leaves unanswered what another extension, a page the build does not work on or a subframe sends', () => {
    const { route, lookupTenant } = router();
    const refused: [string, MessageSender][] = [
      ['another extension', contentScript(PAGE, { id: 'ponmlkjihgfedcbaponmlkjihgfedcba' })],
      ['no id', contentScript(PAGE, { id: undefined })],
      ['a local page in the production build', contentScript('http://127.0.0.1:9999/t/acme/users')],
      ['a tab elsewhere', contentScript(PAGE, { tab: { id: 7, url: 'https://evil.example/t/acme/users' } })],
      ['no tab', contentScript(PAGE, { tab: undefined })],
      ['a subframe', contentScript(PAGE, { frameId: 2 })],
      ['not a user management page', contentScript('https://acme.portatour.net/settings')],
    ];
    for (const [what, sender] of refused) expect(route(LOOKUP, sender), what).toBeUndefined();
    // Another tenant than the page's own.
    expect(route({ ...LOOKUP, tenantId: 'other' }, contentScript())).toBeUndefined();
    expect(lookupTenant).not.toHaveBeenCalled();
    expect(route({ type: 'something-else' }, contentScript())).toBeUndefined();
  });

  it('opens the options page for the content script of a users page, and for nobody else', async () => {
    const { route, openOptions } = router();
    const open = { type: 'portatour:open-options' };
    expect(route(open, contentScript(PAGE, { id: 'ponmlkjihgfedcbaponmlkjihgfedcba' }))).toBeUndefined();
    expect(route(open, contentScript('http://127.0.0.1:9999/t/acme/users'))).toBeUndefined();
    expect(route(open, contentScript(PAGE, { frameId: 2 }))).toBeUndefined();
    expect(route(open, dialogPage())).toBeUndefined();
    expect(openOptions).not.toHaveBeenCalled();
    await route(open, contentScript());
    expect(openOptions).toHaveBeenCalledTimes(1);
  });

  it('answers the loopback pages in the development build only', async () => {
    const local = contentScript('http://127.0.0.1:8788/t/demo/users');
    const lookup = { ...LOOKUP, tenantId: 'demo' };
    expect(router(PRODUCTION).route(lookup, local)).toBeUndefined();
    expect(await router(DEVELOPMENT).route(lookup, local)).toEqual(ANSWER);
  });

  it('vouches for a dialog ticket once, for the tab, tenant, view and parent origin it was issued to', async () => {
    const { route } = router();
    const issue = async () =>
      (await route({ type: 'portatour:dialog-ticket', view: 'export' }, contentScript())) as {
        ok: true;
        ticket: string;
      };
    const redeem = (ticket: string, overrides: Record<string, unknown> = {}, sender = dialogPage()) =>
      route(
        {
          type: 'portatour:redeem-dialog-ticket',
          ticket,
          tenantId: 'acme',
          view: 'export',
          parentOrigin: 'https://acme.portatour.net',
          ...overrides,
        },
        sender,
      );

    const first = await issue();
    expect(first.ok).toBe(true);
    expect(await redeem(first.ticket)).toEqual({ ok: true, pageUrl: PAGE });
    expect(await redeem(first.ticket)).toEqual({ ok: false });

    for (const [what, overrides, sender] of [
      ['another tenant', { tenantId: 'other' }, dialogPage()],
      ['another view', { view: 'import' }, dialogPage()],
      ['another parent origin', { parentOrigin: 'https://evil.portatour.net' }, dialogPage()],
      ['another tab', {}, dialogPage(PAGE, 8)],
    ] as const) {
      const { ticket } = await issue();
      expect(await redeem(ticket, overrides, sender), what).toEqual({ ok: false });
      // Spent by the failed try: a second guess gets nothing either.
      expect(await redeem(ticket), what).toEqual({ ok: false });
    }
    expect(await redeem('made-up')).toEqual({ ok: false });
  });

  it('takes ticket redemptions only from its dialog page, and tickets only for the content script', async () => {
    const { route } = router();
    const { ticket } = (await route(
      { type: 'portatour:dialog-ticket', view: 'export' },
      contentScript(),
    )) as {
      ticket: string;
    };
    const redemption = {
      type: 'portatour:redeem-dialog-ticket',
      ticket,
      tenantId: 'acme',
      view: 'export',
      parentOrigin: 'https://acme.portatour.net',
    };
    expect(
      route(redemption, { ...dialogPage(), url: `chrome-extension://${ID}/src/options/options.html` }),
    ).toBeUndefined();
    expect(route(redemption, { ...dialogPage(), id: 'ponmlkjihgfedcbaponmlkjihgfedcba' })).toBeUndefined();
    // Opened in a tab of its own: the tab shows an extension page, not a page the build works on.
    expect(route(redemption, dialogPage(DIALOG))).toBeUndefined();
    expect(route({ type: 'portatour:dialog-ticket', view: 'export' }, dialogPage())).toBeUndefined();
    expect(await route(redemption, dialogPage())).toEqual({ ok: true, pageUrl: PAGE });
  });

  it('lets unredeemed tickets expire and keeps only a bounded number open', () => {
    let now = 0;
    const tickets = new DialogTickets({ now: () => now, lifetimeMs: 1000, maxOpen: 2 });
    const record = { tabId: 1, pageUrl: PAGE, tenantId: 'acme', view: 'export' as const };
    const claim = { tabId: 1, tenantId: 'acme', view: 'export' as const };
    const late = tickets.issue(record);
    now = 1000;
    expect(tickets.redeem(late, claim)).toBeNull();
    const oldest = tickets.issue(record);
    const second = tickets.issue(record);
    const third = tickets.issue(record);
    expect(tickets.redeem(oldest, claim)).toBeNull();
    expect(tickets.redeem(second, claim)).toEqual(record);
    expect(tickets.redeem(third, claim)).toEqual(record);
  });
});
