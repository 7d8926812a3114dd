// The options page's settings (: proxy URL and the support staff's token).
// Kept in `storage.local`, not `storage.sync`: a token must not travel to other devices.

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:8787';

export interface ExtensionSettings {
  /** Base URL of the proxy, without a trailing slash. */
  proxyUrl: string;
  /** Support staff's API token for a customer's tenant; empty when not set. */
  supportToken: string;
}

/** The part of `browser.storage.local` we use, so tests can pass a plain object. */
export interface SettingsStorage {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** `http(s)://host[:port][/path]` without a trailing slash, or null when it is not such a URL. */
export function normalizeProxyUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.search || url.hash || url.username || url.password) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export async function readSettings(storage: SettingsStorage): Promise<ExtensionSettings> {
  const stored = await storage.get(['proxyUrl', 'supportToken']);
  const proxyUrl = typeof stored.proxyUrl === 'string' ? normalizeProxyUrl(stored.proxyUrl) : null;
  const supportToken = typeof stored.supportToken === 'string' ? stored.supportToken.trim() : '';
  return { proxyUrl: proxyUrl ?? DEFAULT_PROXY_URL, supportToken };
}

export async function writeSettings(storage: SettingsStorage, settings: ExtensionSettings): Promise<void> {
  await storage.set({ proxyUrl: settings.proxyUrl, supportToken: settings.supportToken.trim() });
}

/**
 * Which token goes into `Authorization: Bearer …`. The support token, when set, wins: support staff
 * set it on purpose to work on a customer's tenant, where the page's token (if any) is their own.
 */
export function chooseToken(supportToken: string, pageToken: string | null): string | null {
  if (supportToken.trim()) return supportToken.trim();
  return pageToken?.trim() || null;
}
