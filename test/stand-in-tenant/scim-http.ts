import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { StandInEnv } from './app-env.ts';
import type { JsonValue } from './json.ts';
import { ScimError } from './scim-error.ts';

/** RFC 7644 §3.1: SCIM messages are application/scim+json. */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export function scimJson(
  c: Context<StandInEnv>,
  body: unknown,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': SCIM_CONTENT_TYPE, ...headers });
}

export function scimErrorResponse(c: Context<StandInEnv>, error: ScimError): Response {
  return scimJson(c, error.toBody(), error.status as ContentfulStatusCode, error.headers);
}

/** The request body as JSON (application/json and application/scim+json alike); 400 invalidSyntax else. */
export async function readJsonBody(c: Context<StandInEnv>): Promise<JsonValue> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new ScimError(400, 'the request body is not valid JSON', 'invalidSyntax');
  }
}

/** `http://host:port/t/{tenant}/scim/v2`, the base of meta.location and the discovery documents. */
export function scimBaseUrl(c: Context<StandInEnv>): string {
  return `${new URL(c.req.url).origin}/t/${encodeURIComponent(c.var.tenant.id)}/scim/v2`;
}
