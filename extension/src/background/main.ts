// Background worker entry: wires runtime messages to their handlers; the logic lives in modules
// that tests import without a browser.
import browser from 'webextension-polyfill';
import { isOpenOptionsRequest, isTenantLookupRequest } from '../common/runtime-messages.ts';
import { readSettings } from '../common/settings.ts';
import { lookupTenant } from './tenant-lookup.ts';

browser.runtime.onMessage.addListener((message: unknown) => {
  if (isOpenOptionsRequest(message)) return browser.runtime.openOptionsPage();
  // Returning undefined leaves other messages to other listeners; a promise answers this one.
  if (!isTenantLookupRequest(message)) return undefined;
  return lookupTenant(message, {
    settings: () => readSettings(browser.storage.local),
    fetch: (...args) => fetch(...args),
  });
});
