// The user API as the proxy sees it: any SCIM 2.0 server (RFC 7644) plus portatour's tenant endpoints
// (test/stand-in-tenant/README.md). The caller's Authorization header is forwarded unchanged; the proxy holds no credentials.
// Somewhat over 400 lines on purpose: one class holds every request to the user API, so each of them gets the same
// timeout, retry and Retry-After handling; discovery, page parsing and answers have files of their own.
import type { HostSystem } from '../../shared/api/company.ts';
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import { capabilitiesFrom, type DirectoryCapabilities, type DiscoveryCache } from './scim-capabilities.ts';
import { PageBuffers } from './page-buffers.ts';
import { parseListPage } from './scim-list-page.ts';
import {
  scimFromUser,
  userFromScim,
  recordFromScim,
  type ScimPatchOperation,
  type ScimUser,
  type NewScimUser,
} from './scim-user-mapping.ts';
import {
  NON_ASCII_ESCAPE,
  UpstreamError,
  asIs,
  latin1Texts,
  parseJson,
  retryAfterOf,
} from './scim-answers.ts';

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
/** A Bulk operation already encoded as JSON (the import sizes its batches by it, then sends it as it is). */
export interface EncodedBulkOperation {
  bulkId: string;
  json: string;
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
 * Users asked for per page (the stand-in allows 5000). Each page is parsed resource by resource from its bytes
 * (scim-list-page.ts), so a page's size does not decide what stays in the heap: 1,000-user pages read 100,000 users
 * with a tenth of the requests of 100-user ones and ~half the CPU (1.1–1.3 s against 1.9–2.7 s on the 2-core
 * machine), and 5,000-user pages were no faster. A server that caps lower simply sends fewer and paging goes on.
 */
export const SCIM_PAGE_SIZE = 1000;

/**
 * Users handed on at a time by readers that hold much else meanwhile (the export's workbook, the planner's rows):
 * a hundred users' objects die young, where a parsed page of a thousand outlived minor collections and filled
 * old space.
 */
export const SCIM_USER_BATCH = 100;

const ESCAPE_START = Buffer.from('\\u', 'latin1');

/** Whether JSON bytes hold a \u escape of a non-ASCII character (see requestListPage). */
function hasNonAsciiEscape(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(ESCAPE_START); at !== -1; at = bytes.indexOf(ESCAPE_START, at + 2)) {
    if (NON_ASCII_ESCAPE.test(bytes.toString('latin1', at, at + 6))) return true;
  }
  return false;
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
   * A page of GET /Users, parsed from its bytes resource by resource (scim-list-page.ts) and read as Latin-1
   * (see latin1Texts): a user's JSON is a one-byte string even when a name has a "ł", and no text of the whole
   * page is ever made. `latin1` says whether the strings still need latin1Texts.
   */
  private async requestListPage(
    url: string,
    buffers: PageBuffers,
    signal?: AbortSignal,
  ): Promise<{
    totalResults: number;
    count: number;
    resource: (index: number) => ScimUser;
    latin1: boolean;
    /** To give back to `buffers` once no resource is read any more. */
    buffer: Buffer;
  }> {
    const response = await this.send(url, { signal });
    if (!response.ok) {
      parseJson(response, await response.text());
      throw new UpstreamError(response.status, `The user API answered ${response.status}.`);
    }
    const { bytes, buffer } = await buffers.read(response);
    // A \u escape of a non-ASCII character would parse to the very character the bytes are not: read it as UTF-8.
    const latin1 = !hasNonAsciiEscape(bytes);
    let page: ReturnType<typeof parseListPage<ScimUser>>;
    try {
      page = parseListPage<ScimUser>(bytes, latin1);
    } catch {
      throw new UpstreamError(502, 'The user API answered with something that is not JSON.');
    }
    const total = page.envelope.totalResults;
    // Without a total (RFC 7644 requires one) paging stops after this page, as it always did.
    const totalResults = typeof total === 'number' ? total : 0;
    const { resource } = page;
    return {
      totalResults,
      count: page.count,
      resource: (index) => {
        try {
          return resource(index);
        } catch {
          throw new UpstreamError(502, 'The user API answered with something that is not JSON.');
        }
      },
      latin1,
      buffer,
    };
  }

  private async send(
    url: string,
    init: {
      method?: string;
      body?: unknown;
      /** The body as JSON text already: sent as it is. */
      json?: string;
      signal?: AbortSignal;
      headers?: Record<string, string>;
    },
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
          ...(init.body !== undefined || init.json !== undefined
            ? { 'content-type': 'application/scim+json' }
            : {}),
          ...init.headers,
        },
        // As bytes: fetch checks a string body character by character (toUSVString) before encoding it.
        body:
          init.json !== undefined
            ? Buffer.from(init.json)
            : init.body !== undefined
              ? Buffer.from(JSON.stringify(init.body))
              : undefined,
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
   * reading early (the caller no longer needs the users); `pageSize`: users asked per page; `batchSize`: users
   * handed on at a time, each batch parsed only when it is asked for (scim-list-page.ts); `versions`: whether each
   * user's version is kept for a later write (versionOf), which a reader that writes nothing (an export) does not
   * need: a WeakMap entry per user cost 40–80 ms of 100,000 users' read, and the collector more.
   */
  async *userPages(
    filter?: string,
    signal?: AbortSignal,
    requestedPageSize = SCIM_PAGE_SIZE,
    batchSize = requestedPageSize,
    versions = true,
  ): AsyncGenerator<UserRecord[]> {
    const fromScim = versions ? userFromScim : recordFromScim;
    // A server's filter.maxResults caps a page; asking for more only makes some servers refuse (tooMany).
    const capabilities = await this.capabilities().catch(() => undefined);
    const pageSize = capabilities ? this.pageSize(capabilities, requestedPageSize) : requestedPageSize;
    // startIndex paging is not a snapshot: a user written meanwhile can shift the next page by one, so a user
    // already handed on is not handed on again.
    const seen = new Set<string>();
    let firstTotal: number | undefined;
    // The pages' bytes go into buffers used again: the page handed on, the next and the one after that.
    const buffers = new PageBuffers();
    const pageAt = (startIndex: number) => {
      const params = new URLSearchParams({ startIndex: String(startIndex), count: String(pageSize) });
      if (filter) params.set('filter', filter);
      const page = this.requestListPage(`${this.scimBase}/Users?${params}`, buffers, signal);
      // A page asked for ahead may never be awaited (the caller stopped, a guess was wrong): no unhandled failure.
      page.catch(() => {});
      return { startIndex, page };
    };
    // One decoder for the whole read: it keeps the strings it decoded (names and cities repeat).
    const latin1Text = latin1Texts();
    let startIndex = 1;
    let pending = pageAt(startIndex);
    let ahead: ReturnType<typeof pageAt> | undefined;
    for (;;) {
      const { totalResults, count, resource, latin1, buffer } = await pending.page;
      firstTotal ??= totalResults;
      if (totalResults !== firstTotal)
        this.notices.add(
          'The user list changed while it was read page by page; users were counted once each by their id.',
        );
      startIndex += count;
      const more = count > 0 && startIndex <= totalResults;
      if (more) {
        pending = ahead?.startIndex === startIndex ? ahead : pageAt(startIndex);
        // The page after that starts where the server's page size says (a server may send fewer than asked).
        const following = startIndex + count;
        ahead = following <= totalResults ? pageAt(following) : undefined;
      }
      for (let first = 0; first < count; first += batchSize) {
        const batch: UserRecord[] = [];
        for (let index = first; index < Math.min(count, first + batchSize); index++) {
          const scim = resource(index);
          if (seen.has(scim.id)) continue;
          seen.add(scim.id);
          batch.push(fromScim(scim, latin1 ? latin1Text : asIs));
        }
        if (batch.length) yield batch;
      }
      buffers.giveBack(buffer);
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

  /**
   * RFC 7644 §3.7; the answer per operation, in the order sent. Operations given as JSON text are put into the
   * request as they are: each of an import's operations is encoded once.
   */
  async bulk(operations: (BulkOperation | EncodedBulkOperation)[]): Promise<BulkOperationResult[]> {
    let json = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":${operations.length + 1},"Operations":[`;
    operations.forEach((operation, index) => {
      json += (index ? ',' : '') + ('json' in operation ? operation.json : JSON.stringify(operation));
    });
    json += ']}';
    const answered = await this.send(`${this.scimBase}/Bulk`, { method: 'POST', json });
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
