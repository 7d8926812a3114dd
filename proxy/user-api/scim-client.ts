// The user API as the proxy sees it: any SCIM 2.0 server (RFC 7644) plus portatour's tenant endpoints
// (test/stand-in-tenant/README.md). The caller's Authorization header is forwarded unchanged; the proxy holds no credentials.
import type { HostSystem } from '../../shared/api/company.ts';
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import { capabilitiesFrom, type DirectoryCapabilities, type DiscoveryCache } from './scim-capabilities.ts';
import {
  scimFromUser,
  userFromScim,
  type ScimPatchOperation,
  type ScimUser,
  type NewScimUser,
} from './scim-user-mapping.ts';
import { NON_ASCII_ESCAPE, UpstreamError, latin1Strings, parseJson, retryAfterOf } from './scim-answers.ts';

export { UpstreamError };

export interface TenantInfo {
  id: string;
  name: string;
  licenses: number;
  hostSystem: HostSystem | null;
  /**
   * The company's country (ISO 3166-1 alpha-2), where national phone numbers of its files belong. portatour's
   * tenant endpoint may not send it: then DE, its home market.
   */
  country?: string;
}

export interface BulkOperation {
  method: 'POST' | 'PATCH' | 'PUT';
  path: string;
  bulkId?: string;
  /** If-Match of the operation (RFC 7644 section 3.7), where the server supports ETags. */
  version?: string;
  data: unknown;
}
export interface BulkOperationResult {
  bulkId?: string;
  status: number;
  user?: UserRecord;
  /** The id from the operation's location when the server sent no resource. */
  createdId?: string;
  detail?: string;
  retryAfterSeconds?: number;
}

export interface UserApiOptions {
  /** USER_API_URL: tenant t's SCIM base is `${baseUrl}/t/${t}/scim/v2`. */
  baseUrl: string;
  tenant: string;
  authorization: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Capabilities shared between the requests of one proxy; without it every directory discovers anew. */
  discovery?: DiscoveryCache;
  /**
   * How long a write is waited for (default ten times timeoutMs). A write is not given up at timeoutMs like a read:
   * the server may still be applying it, and what was applied is known only from its answer.
   */
  writeTimeoutMs?: number;
}

/** Answers that mean "this server has no such endpoint" rather than "something went wrong". */
const NOT_THERE = new Set([404, 405, 501]);

/** A discovery answer's resources: a ListResponse, or a bare array as some servers send. */
function resourcesOf<T>(answer: unknown): T[] | undefined {
  if (answer === undefined) return undefined;
  if (Array.isArray(answer)) return answer as T[];
  const resources = (answer as { Resources?: unknown }).Resources;
  return Array.isArray(resources) ? (resources as T[]) : [];
}

/**
 * Users asked for per page. Larger pages (the stand-in allows 5000) were not faster in the benchmarks
 * but raised the proxy's peak memory by ~200 MB at 100,000 users; what helps is asking ahead (userPages).
 * A server that caps lower simply sends fewer and paging goes on.
 */
export const SCIM_PAGE_SIZE = 1000;

/**
 * Pages for a reader that holds much else while the users stream past, such as the planner with a whole file's
 * index: ~120 KB of JSON each, so a page's text is an ordinary young string that the next minor collection frees.
 * A longer one (over 128 KB) lives in V8's large-object space until a full collection. Measured on a CSV preview
 * of 100,000 rows, six fresh proxies each: 100-user pages 3.6–4.3 s, 176–186 MB; 250-user pages
 * 3.0–3.3 s but 179–206 MB, over the preview's 200 MB.
 */
export const SMALL_SCIM_PAGE_SIZE = 100;

interface ScimListResponse {
  totalResults: number;
  Resources?: ScimUser[];
  itemsPerPage?: number;
}

export class ScimUserDirectory {
  private readonly tenantBase: string;
  private readonly scimBase: string;

  constructor(private readonly options: UserApiOptions) {
    this.tenantBase = `${options.baseUrl.replace(/\/$/, '')}/t/${encodeURIComponent(options.tenant)}`;
    this.scimBase = `${this.tenantBase}/scim/v2`;
  }

  private async request<T>(
    url: string,
    init: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const response = await this.send(url, init);
    return parseJson<T>(response, await response.text());
  }

  /**
   * A GET whose JSON is read as Latin-1 text (see latin1Strings): a page of 1,000 users is a 1.2 MB one-byte
   * string instead of a 2.4 MB two-byte one as soon as one name has a "ł" (100 such pages are garbage
   * that only a full collection frees). `latin1` says whether the strings still need latin1Strings.
   */
  private async requestLatin1<T>(url: string, signal?: AbortSignal): Promise<{ body: T; latin1: boolean }> {
    const response = await this.send(url, { signal });
    if (!response.ok) return { body: parseJson<T>(response, await response.text()), latin1: false };
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('latin1');
    // A \u escape of a non-ASCII character would parse to the very character the bytes are not: read it as UTF-8.
    if (text.includes('\\u') && NON_ASCII_ESCAPE.test(text))
      return { body: parseJson<T>(response, bytes.toString('utf8')), latin1: false };
    return { body: parseJson<T>(response, text), latin1: true };
  }

  private async send(
    url: string,
    init: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> },
    retried = false,
  ): Promise<Response> {
    const doFetch = this.options.fetch ?? fetch;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const isWrite = (init.method ?? 'GET') !== 'GET';
    const limit = isWrite ? (this.options.writeTimeoutMs ?? timeoutMs * 10) : timeoutMs;
    const slow = isWrite
      ? setTimeout(
          () =>
            this.notices.add(
              `The user API took longer than ${timeoutMs / 1000} s to answer a write; the import waited for its answer instead of sending it again.`,
            ),
          timeoutMs,
        )
      : undefined;
    try {
      return await doFetch(url, {
        method: init.method ?? 'GET',
        headers: {
          authorization: this.options.authorization,
          accept: 'application/scim+json, application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
          ...init.headers,
        },
        // As bytes: fetch checks a string body character by character (toUSVString) before encoding it.
        body: init.body !== undefined ? Buffer.from(JSON.stringify(init.body)) : undefined,
        signal: init.signal
          ? AbortSignal.any([init.signal, AbortSignal.timeout(limit)])
          : AbortSignal.timeout(limit),
      });
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      // A pooled keep-alive connection that the user API closed while this process was busy fails at once
      // (load); a read is safe to send once more on a fresh connection.
      if (!timedOut && !retried && (init.method ?? 'GET') === 'GET') return this.send(url, init, true);
      const reason = timedOut ? 'did not answer in time' : 'is not reachable';
      throw new UpstreamError(0, `The user API ${reason}.`);
    } finally {
      clearTimeout(slow);
    }
  }

  tenantInfo(): Promise<TenantInfo> {
    return this.request<TenantInfo>(`${this.tenantBase}/tenant`);
  }

  /** What this server can do (RFC 7644 section 4), from the proxy's cache while it is fresh. */
  capabilities(): Promise<DirectoryCapabilities> {
    const optional = async <T>(path: string): Promise<T | undefined> => {
      try {
        return await this.request<T>(`${this.scimBase}/${path}`);
      } catch (error) {
        if (error instanceof UpstreamError && NOT_THERE.has(error.status)) return undefined;
        throw error;
      }
    };
    const load = async () => {
      const [config, schemas, types] = await Promise.all([
        optional<Parameters<typeof capabilitiesFrom>[0]>('ServiceProviderConfig'),
        optional<unknown>('Schemas'),
        optional<unknown>('ResourceTypes'),
      ]);
      return capabilitiesFrom(config, resourcesOf(schemas), resourcesOf(types));
    };
    if (this.options.discovery) return this.options.discovery.get(this.scimBase, load);
    this.ownCapabilities ??= load();
    return this.ownCapabilities;
  }

  /** Without a proxy-wide cache: discovered once for this directory's lifetime (one request or job). */
  private ownCapabilities: Promise<DirectoryCapabilities> | undefined;

  /** What was noticed about this server while working with it (fallbacks), for the job to tell. */
  readonly notices = new Set<string>();

  /**
   * Every user, page by page (RFC 7644 §3.4.2.4), so memory holds a few pages of SCIM JSON at a time. Two
   * requests are in flight: while one page travels and is parsed here, the user API already prepares the
   * next (reading 100,000 users one page after the other was mostly waiting). `signal` stops the
   * reading early (the caller no longer needs the users); `pageSize`: users asked per page.
   */
  async *userPages(
    filter?: string,
    signal?: AbortSignal,
    requestedPageSize = SCIM_PAGE_SIZE,
  ): AsyncGenerator<UserRecord[]> {
    // A server's filter.maxResults caps a page; asking for more only makes some servers refuse (tooMany).
    const capabilities = await this.capabilities().catch(() => undefined);
    const pageSize = capabilities ? this.pageSize(capabilities, requestedPageSize) : requestedPageSize;
    // startIndex paging is not a snapshot: a user written meanwhile can shift the next page by one, so a user
    // already handed on is not handed on again.
    const seen = new Set<string>();
    let firstTotal: number | undefined;
    const pageAt = (startIndex: number) => {
      const params = new URLSearchParams({ startIndex: String(startIndex), count: String(pageSize) });
      if (filter) params.set('filter', filter);
      const page = this.requestLatin1<ScimListResponse>(`${this.scimBase}/Users?${params}`, signal);
      // A page asked for ahead may never be awaited (the caller stopped, a guess was wrong): no unhandled failure.
      page.catch(() => {});
      return { startIndex, page };
    };
    let startIndex = 1;
    let pending = pageAt(startIndex);
    let ahead: ReturnType<typeof pageAt> | undefined;
    for (;;) {
      const { body: page, latin1 } = await pending.page;
      const resources = page.Resources ?? [];
      firstTotal ??= page.totalResults;
      if (page.totalResults !== firstTotal)
        this.notices.add(
          'The user list changed while it was read page by page; users were counted once each by their id.',
        );
      startIndex += resources.length;
      const more = resources.length > 0 && startIndex <= page.totalResults;
      if (more) {
        pending = ahead?.startIndex === startIndex ? ahead : pageAt(startIndex);
        // The page after that starts where the server's page size says (a server may send fewer than asked).
        const following = startIndex + resources.length;
        ahead = following <= page.totalResults ? pageAt(following) : undefined;
      }
      const fresh = resources.filter((resource) => {
        if (seen.has(resource.id)) return false;
        seen.add(resource.id);
        return true;
      });
      if (fresh.length)
        yield latin1
          ? fresh.map((resource) => latin1Strings(userFromScim(resource)))
          : fresh.map(userFromScim);
      if (!more) return;
    }
  }

  async listUsers(filter?: string, signal?: AbortSignal): Promise<UserRecord[]> {
    const users: UserRecord[] = [];
    for await (const page of this.userPages(filter, signal)) users.push(...page);
    return users;
  }

  /** One user by id (RFC 7644 §3.4.1), or undefined when there is none. */
  async getUser(id: string): Promise<UserRecord | undefined> {
    try {
      return userFromScim(await this.request<ScimUser>(`${this.scimBase}/Users/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Users per page this server sends: what is asked, within its filter.maxResults. */
  pageSize(capabilities: DirectoryCapabilities, requested = SCIM_PAGE_SIZE): number {
    const { maxResults } = capabilities.filter;
    return maxResults ? Math.min(requested, maxResults) : requested;
  }

  /** How many users the company has (one request that lists none). */
  async totalUsers(): Promise<number> {
    const page = await this.request<{ totalResults: number }>(`${this.scimBase}/Users?count=0`);
    return page.totalResults;
  }

  async countUsers(filter: string): Promise<number> {
    const params = new URLSearchParams({ filter, count: '0' });
    const page = await this.request<{ totalResults: number }>(`${this.scimBase}/Users?${params}`);
    return page.totalResults;
  }

  async createUser(user: NewScimUser): Promise<UserRecord> {
    const { extensions } = await this.capabilities();
    return userFromScim(
      await this.request<ScimUser>(`${this.scimBase}/Users`, {
        method: 'POST',
        body: scimFromUser(user, extensions),
      }),
    );
  }

  /** `ifMatch`: the version the change was planned against (RFC 7644 section 3.14); a 412 means it changed since. */
  async patchUser(
    id: string,
    patch: { schemas: string[]; Operations: ScimPatchOperation[] },
    ifMatch?: string,
  ): Promise<UserRecord> {
    return userFromScim(
      await this.request<ScimUser>(`${this.scimBase}/Users/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: patch,
        headers: ifMatch ? { 'if-match': ifMatch } : undefined,
      }),
    );
  }

  /** PUT (RFC 7644 section 3.5.1) for a server without PATCH: the whole resource as the proxy knows it. */
  async replaceUser(id: string, resource: unknown, ifMatch?: string): Promise<UserRecord> {
    return userFromScim(
      await this.request<ScimUser>(`${this.scimBase}/Users/${encodeURIComponent(id)}`, {
        method: 'PUT',
        body: resource,
        headers: ifMatch ? { 'if-match': ifMatch } : undefined,
      }),
    );
  }

  /** RFC 7644 §3.7; the answer per operation, in the order sent. */
  async bulk(operations: BulkOperation[]): Promise<BulkOperationResult[]> {
    const answered = await this.send(`${this.scimBase}/Bulk`, {
      method: 'POST',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        failOnErrors: operations.length + 1,
        Operations: operations,
      },
    });
    const answer = parseJson<{
      Operations?: { bulkId?: string; status: string | number; response?: unknown; location?: string }[];
    }>(answered, await answered.text());
    // Operations answered 429/503 are to be sent again after the answer's Retry-After, when it has one.
    const retryAfterSeconds = retryAfterOf(answered);
    const results = answer.Operations ?? [];
    // By bulkId: a search of the answer per operation cost ~10 ms per 500-operation request.
    const byBulkId = new Map<string, (typeof results)[number]>();
    for (const result of results)
      if (result.bulkId && !byBulkId.has(result.bulkId)) byBulkId.set(result.bulkId, result);
    return operations.map((operation, index) => {
      const result = (operation.bulkId && byBulkId.get(operation.bulkId)) || results[index];
      if (!result)
        return { bulkId: operation.bulkId, status: 0, detail: 'The user API did not answer this operation.' };
      const status = Number(result.status);
      const response = result.response as (ScimUser & { detail?: string }) | undefined;
      if (status >= 200 && status < 300) {
        if (response?.id) return { bulkId: operation.bulkId, status, user: userFromScim(response) };
        // RFC 7644 §3.7.3: the response body is optional; the location names the resource.
        const id = result.location ? decodeURIComponent(result.location.split('/').pop() ?? '') : '';
        return { bulkId: operation.bulkId, status, createdId: id || undefined };
      }
      return {
        bulkId: operation.bulkId,
        status,
        detail: response?.detail ?? `The user API answered ${status}.`,
        retryAfterSeconds: status === 429 || status === 503 ? retryAfterSeconds : undefined,
      };
    });
  }

  sendAccessLink(id: string): Promise<{ accessLinkSentAt?: string }> {
    return this.request(`${this.tenantBase}/users/${encodeURIComponent(id)}/access-link`, { method: 'POST' });
  }
}
