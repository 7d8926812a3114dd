import { afterAll, beforeAll } from 'vitest';
import { startStandInTenant, type StandInTenant, type StandInTenantOptions } from './server.ts';
import {
  ENTERPRISE_USER_SCHEMA,
  PORTATOUR_USER_SCHEMA,
  PATCH_OP_MESSAGE,
  CORE_USER_SCHEMA,
} from './scim-uris.ts';

/** Test support (not a test): a real stand-in tenant on a random port and a small HTTP client for it. */

export const DEMO_ADMIN = 'demo-admin-token';

export interface ScimUserJson {
  id: string;
  userName: string;
  externalId?: string;
  name: { givenName: string; familyName: string };
  emails: { value: string; type: string; primary: boolean }[];
  phoneNumbers?: { value: string; type: string }[];
  preferredLanguage: string;
  active: boolean;
  addresses?: {
    type: string;
    streetAddress?: string;
    postalCode?: string;
    locality?: string;
    country?: string;
  }[];
  [ENTERPRISE_USER_SCHEMA]: { employeeNumber?: string };
  [PORTATOUR_USER_SCHEMA]: {
    authorizationLevel: string;
    hasOwnSchedule: boolean;
    userGroups: string[];
    note?: string;
    accessLinkSentAt: string | null;
    lastLoginAt: string | null;
  };
  meta: { resourceType: string; created: string; lastModified: string; location: string; version: string };
}

export interface ScimListJson<T = ScimUserJson> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

export interface ScimErrorJson {
  schemas: string[];
  status: string;
  scimType?: string;
  detail: string;
}

export interface TestResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  /** Default the demo administrator; `null` sends no Authorization header. */
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestTenant {
  tenant: StandInTenant;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  /** `/t/{tenant}/scim/v2` + path. */
  scim<T = unknown>(
    method: string,
    path: string,
    options?: RequestOptions & { tenant?: string },
  ): Promise<TestResponse<T>>;
}

export async function startTestTenant(options: StandInTenantOptions = {}): Promise<TestTenant> {
  const tenant = await startStandInTenant({ port: 0, ...options });
  const request = async <T>(method: string, path: string, requestOptions: RequestOptions = {}) => {
    const token = requestOptions.token === undefined ? DEMO_ADMIN : requestOptions.token;
    const response = await fetch(`${tenant.url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...(requestOptions.body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
        ...requestOptions.headers,
      },
      body: requestOptions.body === undefined ? undefined : JSON.stringify(requestOptions.body),
    });
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson ? JSON.parse(text) : text) as T,
    };
  };
  return {
    tenant,
    request,
    scim: (method, path, { tenant: tenantId = 'demo', ...rest } = {}) =>
      request(method, `/t/${tenantId}/scim/v2${path}`, rest),
  };
}

/** A valid POST /Users body; `overrides` replace top-level attributes. */
export function newUserBody(email: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA],
    name: { givenName: 'Clara', familyName: 'Neumann' },
    emails: [{ value: email, type: 'work', primary: true }],
    ...overrides,
  };
}

export function patchBody(...operations: { op: string; path?: string; value?: unknown }[]) {
  return { schemas: [PATCH_OP_MESSAGE], Operations: operations };
}

/**
 * The stand-in of one test file: started before its tests and closed after them. The object returned is filled in
 * when the file's tests start.
 */
export function useTestTenant(options: StandInTenantOptions = {}): TestTenant {
  const shared = {} as TestTenant;
  let started: TestTenant | undefined;
  beforeAll(async () => {
    started = await startTestTenant(options);
    Object.assign(shared, started);
  });
  afterAll(() => started?.tenant.close());
  return shared;
}
