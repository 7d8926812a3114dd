// Which browser extensions may read the proxy's answers (CORS). Only the builds of this deployment: any
// other installed extension (or a page that poses as one) gets no Access-Control-Allow-Origin.
// Chrome's extension ids are 32 letters a–p (chrome-extension://id); Firefox gives each installation a
// random UUID (moz-extension://uuid), shown in about:debugging.

const CHROME_ID = /^[a-p]{32}$/;
const FIREFOX_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The origin an extension's pages send, or null when `id` is neither kind of id. */
export function extensionOrigin(id: string): string | null {
  const trimmed = id.trim().toLowerCase();
  if (CHROME_ID.test(trimmed)) return `chrome-extension://${trimmed}`;
  if (FIREFOX_UUID.test(trimmed)) return `moz-extension://${trimmed}`;
  return null;
}

/** The origins of a comma-separated list of ids; throws naming the first entry that is no id. */
export function extensionOriginsFromList(list: string): string[] {
  const ids = list
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return ids.map((id) => {
    const origin = extensionOrigin(id);
    if (!origin) {
      throw new Error(
        `"${id}" is neither a Chrome extension id (32 letters a-p) nor a Firefox extension UUID`,
      );
    }
    return origin;
  });
}
