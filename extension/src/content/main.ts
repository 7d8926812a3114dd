// Content script entry: runs on the user management page and injects the registered features.
//
// Why the extension has this shape (docs/administrators.md#the-import-wizard):
// - The content script only finds the page, asks for the tenant and injects a few buttons, so it is
//   plain DOM without preact and stays tiny; it runs on every page load of the user management.
// - It asks the proxy through the background worker (runtime messaging): a content script's fetch
//   is subject to the *page's* CORS, the worker's fetch only to the extension's host permissions.
//   Runtime messaging carries JSON only, which is fine for the small tenant answer.
// - Import, Export and Import settings open a modal whose content is an extension page in an iframe
//   (src/dialog/dialog.html). That page is a full extension page: it fetches the proxy directly with
//   the host permissions, so spreadsheets go to and from the proxy without crossing runtime
//   messaging, and its preact UI (the import wizard) loads only when a dialog opens.
// - The dialog gets its context through the iframe URL's fragment (reasons in common/dialog-link.ts)
//   and answers with postMessage to the host page's exact origin.
// - Everything the extension assumes about the host page's markup is in content/host-page.ts.
import '../features/all-features.ts';
import { runFeatures } from './feature-registry.ts';

// Features stop waiting for the page's elements when the page goes away.
const pageLifetime = new AbortController();
addEventListener('pagehide', () => pageLifetime.abort(), { once: true });
void runFeatures(new URL(location.href), pageLifetime.signal);
