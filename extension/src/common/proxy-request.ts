// The one way extension code talks to the proxy: base URL from the options, the token forwarded as
// `Authorization: Bearer` (docs/api-guide.md#endpoints: the proxy holds no credentials of its own).

export function proxyEndpoint(proxyUrl: string, path: string, query: Record<string, string> = {}): string {
  const url = new URL(`${proxyUrl}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

export function tenantPath(tenantId: string, rest = ''): string {
  return `/api/v1/tenants/${encodeURIComponent(tenantId)}${rest}`;
}

export function authorizationHeaders(token: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
