// Host permission for the proxy's origin. Firefox makes host permissions opt-in, and a proxy on
// another host than the default one needs `optional_host_permissions` granted in Chrome too.

/** Match pattern for a proxy URL's host; match patterns ignore ports, so one pattern covers all. */
export function proxyOriginPattern(proxyUrl: string): string {
  const url = new URL(proxyUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The part of `browser.permissions` the options page uses, so tests can pass a fake. */
export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
}
