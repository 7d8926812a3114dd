// The options page's settings (: proxy URL and the support staff's token).
// Kept in `storage.local`, not `storage.sync`: a token must not travel to other devices.
import { tenantIdFromUrl } from '../content/host-page.ts';

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:8787';

export interface ExtensionSettings {
  /** Base URL of the proxy, without a trailing slash. */
  proxyUrl: string;
  /** Support staff's API token for a customer's tenant; empty when not set. */
  supportToken: string;
  /**
   * The customer's user management page the support token was entered for (`origin/t/{tenant}/users`);
   * the token is used there and nowhere else. Empty when not set.
   */
  supportTokenPage: string;
}

/** The part of `browser.storage.local` we use, so tests can pass a plain object. */
export interface SettingsStorage {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/**
 * Plain http is for this machine only: over the network it would carry the administrator's token in
 * clear text.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export type ProxyUrlCheck = { ok: true; url: string } | { ok: false; reason: 'invalid' | 'insecure' };

/** `https://host[:port][/path]` (or `http://` on this machine) without a trailing slash. */
export function checkProxyUrl(input: string): ProxyUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'invalid' };
  if (url.search || url.hash || url.username || url.password) return { ok: false, reason: 'invalid' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, reason: 'insecure' };
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

/** The proxy URL as checkProxyUrl normalizes it, or null when it refuses it. */
export function normalizeProxyUrl(input: string): string | null {
  const checked = checkProxyUrl(input);
  return checked.ok ? checked.url : null;
}

/**
 * A user management page's address as the support token is bound to it (`origin/t/{tenant}/users`),
 * or null when `input` is not such a page (https, or http on this machine).
 */
export function normalizeUserManagementPage(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  const tenantId = tenantIdFromUrl(url);
  if (!secure || url.username || url.password || tenantId === null) return null;
  return `${url.origin}/t/${encodeURIComponent(tenantId)}/users`;
}

export async function readSettings(storage: SettingsStorage): Promise<ExtensionSettings> {
  const stored = await storage.get(['proxyUrl', 'supportToken', 'supportTokenPage']);
  const proxyUrl = typeof stored.proxyUrl === 'string' ? normalizeProxyUrl(stored.proxyUrl) : null;
  const supportToken = typeof stored.supportToken === 'string' ? stored.supportToken.trim() : '';
  const supportTokenPage =
    typeof stored.supportTokenPage === 'string' ? normalizeUserManagementPage(stored.supportTokenPage) : null;
  return { proxyUrl: proxyUrl ?? DEFAULT_PROXY_URL, supportToken, supportTokenPage: supportTokenPage ?? '' };
}

export async function writeSettings(storage: SettingsStorage, settings: ExtensionSettings): Promise<void> {
  await storage.set({
    proxyUrl: settings.proxyUrl,
    supportToken: settings.supportToken.trim(),
    supportTokenPage: settings.supportTokenPage,
  });
}

/**
 * Which token goes into `Authorization: Bearer …` for the page at `pageUrl` (as the browser reports it,
 * never as a page claims it). The page's own token wins: it is the signed-in person's. The support
 * token goes only to the one customer page it was entered for, so no other page — another company's,
 * or any page posing as a user management page — can act with it.
 */
export function chooseToken(
  settings: Pick<ExtensionSettings, 'supportToken' | 'supportTokenPage'>,
  pageUrl: string,
  pageToken: string | null,
): string | null {
  if (pageToken?.trim()) return pageToken.trim();
  const supportToken = settings.supportToken.trim();
  if (!supportToken || !settings.supportTokenPage) return null;
  return normalizeUserManagementPage(pageUrl) === settings.supportTokenPage ? supportToken : null;
}
