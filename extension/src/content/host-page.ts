// Everything this extension knows about the host page's markup, in one place (docs/): the page
// will change, and this is the one file to fix. Each selector is a list of alternatives, tried in
// order; a comment says which page variant each one matches.
//
// Variants:
// - the stand-in tenant's page `/t/{tenant}/users` (test/stand-in-tenant, test/stand-in-tenant/README.md);
// - portatour's real user management page. Its markup has not been checked against these
//   selectors yet: the alternatives marked "portatour" are generic fallbacks to verify there.

export const hostSelectors = {
  /** The user list; the extension's controls go right below it. */
  userList: [
    '#user-management #user-list', // stand-in: <section id="user-management"><table id="user-list">
    '#user-list', // stand-in, should the section be renamed
    'main table', // portatour: the page's only data table; to verify on the real page
  ],
  /** Where the admin's API token is exposed to the extension (test/stand-in-tenant/README.md). */
  apiToken: [
    'meta[name="portatour-api-token"]', // stand-in and portatour
  ],
} as const;

/** The first element matching any alternative, in the order given. */
export function queryFirst(root: ParentNode, alternatives: readonly string[]): Element | null {
  for (const selector of alternatives) {
    const element = root.querySelector(selector);
    if (element) return element;
  }
  return null;
}

/** All alternatives as one selector list, for waiting on whichever appears first. */
export function anyOf(alternatives: readonly string[]): string {
  return alternatives.join(', ');
}

export function readPageToken(document: Document): string | null {
  const meta = queryFirst(document, hostSelectors.apiToken);
  return meta?.getAttribute('content')?.trim() || null;
}

/**
 * The tenant id of a user management URL, or null. The stand-in and portatour serve the page at
 * `/t/{tenant}/users` (), with or without a trailing slash.
 */
export function tenantIdFromUrl(url: URL): string | null {
  const match = /^\/t\/([^/]+)\/users\/?$/.exec(url.pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function isUserManagementPage(url: URL): boolean {
  return tenantIdFromUrl(url) !== null;
}

/**
 * Shows the current user list after an import changed it, without reloading the page: a reload loses the
 * administrator's scroll position and focus. Both page variants render the list on the server, so
 * the page is fetched again and only its list is swapped in. Resolves false when that was not possible (the
 * caller then reloads).
 */
export async function refreshUserList(document: Document, fetchPage: typeof fetch): Promise<boolean> {
  try {
    const current = queryFirst(document, hostSelectors.userList);
    const response = await fetchPage(document.location.href, { credentials: 'same-origin' });
    if (!current || !response.ok) return false;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = queryFirst(page, hostSelectors.userList);
    if (!fresh) return false;
    current.replaceWith(document.importNode(fresh, true));
    return true;
  } catch {
    return false;
  }
}
