// Test support (not a test): Hono's typed client for the proxy's API (docs/architecture.md). Paths, parameters and
// the answer of each status come from the route tree's type, so a test that calls a route the proxy does not
// have, or reads a member its answer lacks, fails to compile; the requests still go over real HTTP.
import { hc } from 'hono/client';
import type { ProxyApi } from '../../proxy/routes/api-routes.ts';

export type ProxyClient = ReturnType<typeof hc<ProxyApi>>;

/** The proxy's API at `baseUrl`, with the token of `authorization` (none when null). */
export function proxyClient(baseUrl: string, token: string | null): ProxyClient {
  return hc<ProxyApi>(baseUrl, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

export interface UploadFile {
  bytes: Uint8Array | string;
  name: string;
}

/**
 * The multipart body of preview and import as request options: the proxy reads that body as a stream itself
 * (sizes and deadlines apply while it arrives), so its routes declare it for the OpenAPI description only and the
 * typed client sends it as the request's body.
 */
export function uploadInit(
  file: UploadFile,
  settings?: Record<string, unknown> | string,
): { init: { body: FormData } } {
  const form = new FormData();
  form.set('file', new Blob([file.bytes as BlobPart]), file.name);
  if (settings !== undefined)
    form.set('settings', typeof settings === 'string' ? settings : JSON.stringify(settings));
  return { init: { body: form } };
}
