// Test support (not a test): a real stand-in tenant and a real proxy on random loopback ports, talked to over
// real HTTP, with the stand-in's /__test controls (faults, write statistics, reset) at hand.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import type { FaultSettings } from '../stand-in-tenant/fault-injection.ts';
import type { TenantStats } from '../stand-in-tenant/tenant-store.ts';
import { startProxy, type ProxyOptions, type RunningProxy } from '../../proxy/server.ts';
import type { ImportForm, UploadForm } from '../../proxy/routes/import-route-definitions.ts';
import { companyRoutes, proxyClient, uploadForm, type ProxyClient, type UploadFile } from './proxy-client.ts';

export type { UploadFile };

export const DEMO_ADMIN_TOKEN = 'demo-admin-token';

/** Retries in tests wait 1 ms instead of seconds; the retry logic is the same. */
export const fastSleep = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

export interface ProxyUnderTest {
  tenant: StandInTenant;
  proxy: RunningProxy;
  /** A request to the proxy; `token` defaults to the demo administrator, `null` sends none. */
  fetch(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  /**
   * Hono's typed client of the proxy (default: the first one), with the demo administrator's token unless another
   * is given (`null` sends none).
   */
  client(proxyUrl?: string, token?: string | null): ProxyClient;
  /**
   * POST multipart `file` (+ `settings`) to a raw path such as `/api/v1/tenants/demo/imports?wait=true`, outside
   * the typed client: for tests about the HTTP layer or that send the same upload to many paths.
   */
  upload(path: string, file: UploadFile, options?: UploadOptions): Promise<Response>;
  /** POST …/imports/preview of `file` (+ `settings` and further parts) through the typed client. */
  preview(
    file: UploadFile,
    options?: PreviewOptions,
  ): ReturnType<CompanyRoutes['imports']['preview']['$post']>;
  /** POST …/imports of `file` through the typed client; `query.wait` defaults to 'true'. */
  startImport(file: UploadFile, options?: ImportOptions): ReturnType<CompanyRoutes['imports']['$post']>;
  setFaults(settings: FaultSettings): Promise<void>;
  clearFaults(): Promise<void>;
  /** The stand-in's write counters since the last reset (injectedFailures: since it started). */
  stats(tenant?: string): Promise<TenantStats & { injectedFailures: number }>;
  /** Seeded tenants again, faults off, statistics zero. */
  resetTenant(): Promise<void>;
  /** Starts another proxy on the same tenant (closed by close()). */
  startAnotherProxy(options?: Partial<ProxyOptions>): Promise<RunningProxy>;
  close(): Promise<void>;
}

type CompanyRoutes = ReturnType<typeof companyRoutes>;
type PreviewArgs = Parameters<CompanyRoutes['imports']['preview']['$post']>[0];
type ImportArgs = Parameters<CompanyRoutes['imports']['$post']>[0];

export interface UploadOptions {
  settings?: Record<string, unknown> | string;
  token?: string | null;
  /** Another proxy than the default one (e.g. from startAnotherProxy). */
  proxyUrl?: string;
  /** The company (default: demo). */
  tenant?: string;
}

export interface PreviewOptions extends UploadOptions {
  query?: PreviewArgs['query'];
  /** Further parts of the form, such as corrections. */
  parts?: Omit<UploadForm, 'file' | 'settings'>;
}

export interface ImportOptions extends UploadOptions {
  query?: Partial<ImportArgs['query']>;
  /** Further parts of the form, such as previewId. */
  parts?: Omit<ImportForm, 'file' | 'settings'>;
}

function authorization(token: string | null | undefined): Record<string, string> {
  const value = token === undefined ? DEMO_ADMIN_TOKEN : token;
  return value === null ? {} : { authorization: `Bearer ${value}` };
}

export async function startProxyUnderTest(
  options: { proxy?: Partial<ProxyOptions>; tenant?: { bulk?: boolean; etag?: boolean } } = {},
): Promise<ProxyUnderTest> {
  const tenant = await startStandInTenant({ port: 0, faultInjection: true, ...options.tenant });
  const proxies: RunningProxy[] = [];
  const launch = async (extra: Partial<ProxyOptions> = {}) => {
    const started = await startProxy({
      userApiUrl: tenant.url,
      port: 0,
      log: () => {},
      runner: { sleep: fastSleep },
      ...options.proxy,
      ...extra,
    });
    // Closing twice (a test closes it, then close() of the harness) is harmless.
    let closing: Promise<void> | undefined;
    const once: RunningProxy = { url: started.url, close: () => (closing ??= started.close()) };
    proxies.push(once);
    return once;
  };
  const proxy = await launch();

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${tenant.url}/__test${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} /__test${path}: ${response.status} ${await response.text()}`);
    return response;
  };

  const doFetch = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const { token, headers, ...rest } = init;
    return fetch(path.startsWith('http') ? path : `${proxy.url}${path}`, {
      ...rest,
      headers: { ...authorization(token), ...(headers as Record<string, string> | undefined) },
    });
  };

  const client = (proxyUrl = proxy.url, token: string | null = DEMO_ADMIN_TOKEN) =>
    proxyClient(proxyUrl, token);
  const companyOf = (upload: UploadOptions) =>
    companyRoutes(client(upload.proxyUrl, upload.token === undefined ? DEMO_ADMIN_TOKEN : upload.token));

  return {
    tenant,
    proxy,
    fetch: doFetch,
    client,
    upload: (path, file, upload = {}) => {
      const body = new FormData();
      for (const [name, part] of Object.entries(uploadForm(file, upload.settings))) body.set(name, part);
      return doFetch(`${upload.proxyUrl ?? proxy.url}${path}`, { method: 'POST', body, token: upload.token });
    },
    preview: (file, upload = {}) =>
      companyOf(upload).imports.preview.$post({
        param: { tenant: upload.tenant ?? 'demo' },
        query: upload.query ?? {},
        form: { ...uploadForm(file, upload.settings), ...upload.parts },
      }),
    startImport: (file, upload = {}) =>
      companyOf(upload).imports.$post({
        param: { tenant: upload.tenant ?? 'demo' },
        query: { wait: 'true', ...upload.query },
        form: { ...uploadForm(file, upload.settings), ...upload.parts },
      }),
    setFaults: async (settings) => {
      await control('POST', '/faults', settings);
    },
    clearFaults: async () => {
      await control('DELETE', '/faults');
    },
    stats: async (tenantId = 'demo') =>
      (await (
        await control('GET', `/stats?tenant=${encodeURIComponent(tenantId)}`)
      ).json()) as TenantStats & {
        injectedFailures: number;
      },
    resetTenant: async () => {
      await control('POST', '/reset');
    },
    startAnotherProxy: launch,
    close: async () => {
      for (const started of proxies) await started.close();
      await tenant.close();
    },
  };
}

/**
 * The proxy and stand-in of one test file: started before its tests, the tenant seeded afresh before each test,
 * closed after them. The object returned is filled in when the file's tests start.
 */
export function useProxyUnderTest(options?: Parameters<typeof startProxyUnderTest>[0]): ProxyUnderTest {
  const shared = {} as ProxyUnderTest;
  let started: ProxyUnderTest | undefined;
  beforeAll(async () => {
    started = await startProxyUnderTest(options);
    Object.assign(shared, started);
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(async () => {
    await started?.resetTenant();
  });
  return shared;
}
