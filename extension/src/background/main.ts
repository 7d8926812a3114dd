// Background worker entry: wires runtime messages to their handlers; the logic lives in modules
// that tests import without a browser.
import browser, { type Runtime } from 'webextension-polyfill';
import { readSettings } from '../common/settings.ts';
import { DialogTickets } from './dialog-tickets.ts';
import { routeMessage, type MessageRouterDeps } from './message-router.ts';
import { lookupTenant } from './tenant-lookup.ts';

const deps: MessageRouterDeps = {
  extensionId: browser.runtime.id,
  // The build's own manifest says where the extension works (more hosts in the development build).
  pagePatterns: (browser.runtime.getManifest().content_scripts ?? []).flatMap(
    (script) => script.matches ?? [],
  ),
  tickets: new DialogTickets(),
  openOptions: () => browser.runtime.openOptionsPage(),
  lookupTenant: (request, pageUrl) =>
    lookupTenant(request, pageUrl, {
      settings: () => readSettings(browser.storage.local),
      fetch: (...args) => fetch(...args),
    }),
};

// Returning undefined leaves a message unanswered; a promise answers it.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  routeMessage(message, sender, deps),
);
