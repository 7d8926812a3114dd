// Test support (not a test): Hono's typed client for the proxy's API (docs/architecture.md). Paths, parameters,
// upload forms and the answer of each status come from the route tree's type, so a test that calls a route the
// proxy does not have, sends a part its form lacks, or reads a member its answer lacks, fails to compile; the
// requests still go over real HTTP.
import { hc, type ClientRequestOptions } from 'hono/client';
import type { ProxyApi } from '../../proxy/routes/api-routes.ts';
import type { ImportForm, UploadForm } from '../../proxy/routes/import-route-definitions.ts';
import type { publicRoutes } from '../../proxy/routes/public-routes.ts';

export type ProxyClient = ReturnType<typeof hc<ProxyApi>>;

/**
 * The proxy's API at `baseUrl`, with the token of `authorization` (none when null); `fetch` may be an app's
 * request() to call a proxy built in the test's process without a port.
 */
export function proxyClient(
  baseUrl: string,
  token: string | null,
  fetch?: ClientRequestOptions['fetch'],
): ProxyClient {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return hc<ProxyApi>(baseUrl, fetch === undefined ? { headers } : { headers, fetch });
}

/** The routes that need no token (liveness, field catalogue), typed from their own route tree. */
export function publicClient(baseUrl: string): ReturnType<typeof hc<typeof publicRoutes>> {
  return hc<typeof publicRoutes>(baseUrl);
}

/** The routes of one company (`param: { tenant }`) on a client. */
export const companyRoutes = (client: ProxyClient) => client.api.v1.tenants[':tenant'];

export interface UploadFile {
  bytes: Uint8Array | string;
  name: string;
}

/**
 * The file and settings parts of a preview's or import's form, for the typed client's `form`: the file keeps its
 * name (the proxy reads the format from it), settings given as an object are sent as JSON text, a string as it is.
 */
export function uploadForm(file: UploadFile, settings?: Record<string, unknown> | string): UploadForm {
  const form: UploadForm = { file: new File([file.bytes as BlobPart], file.name) };
  if (settings !== undefined)
    form.settings = typeof settings === 'string' ? settings : JSON.stringify(settings);
  return form;
}

/**
 * A CSV's preview and import (`?wait=true`) through the typed client, for one company of one directory. `target`
 * is read at each call, so a suite can build this before its `beforeAll` has started the proxy.
 */
export function csvUploads(target: () => { proxyUrl: string; token: string; tenant: string }) {
  const client = (proxyUrl = target().proxyUrl, token: string | null = target().token) =>
    proxyClient(proxyUrl, token);
  const company = () => companyRoutes(client());
  const param = () => ({ tenant: target().tenant });
  const form = (csv: string) => uploadForm({ bytes: csv, name: 'users.csv' });
  return {
    /** For readReport and pollJob, which take `{ client }`. */
    api: { client },
    company,
    param,
    /** POST …/imports/preview of `csv` with further `parts` of the form. */
    previewOf: (csv: string, parts: Omit<UploadForm, 'file'> = {}) =>
      company().imports.preview.$post({ param: param(), query: {}, form: { ...form(csv), ...parts } }),
    /** POST …/imports?wait=true of `csv` with further `parts` of the form (such as previewId). */
    importNow: (csv: string, parts: Omit<ImportForm, 'file'> = {}, lang?: 'en' | 'de') =>
      company().imports.$post({
        param: param(),
        query: lang === undefined ? { wait: 'true' } : { wait: 'true', lang },
        form: { ...form(csv), ...parts },
      }),
  };
}
