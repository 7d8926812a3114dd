// Chrome/Firefox match patterns (`https://*.portatour.net/*`, `http://127.0.0.1/*`), as the manifest
// uses them for the content script: the background checks a sender's page against the same list, so
// the build's manifest stays the one place that says where the extension works.

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `url` matches `pattern` (`scheme://host/path`, `*.` host wildcard, `*` in the path; any port). */
export function matchesPattern(url: string, pattern: string): boolean {
  const parts = /^(https?|\*):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!parts) return false;
  const [, scheme, host, path] = parts as unknown as [string, string, string, string];
  const protocol = parsed.protocol.replace(/:$/, '');
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  if (host !== '*') {
    if (host.startsWith('*.')) {
      const domain = host.slice(2);
      if (parsed.hostname !== domain && !parsed.hostname.endsWith(`.${domain}`)) return false;
    } else if (parsed.hostname !== host) {
      return false;
    }
  }
  const pathPattern = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`);
  return pathPattern.test(parsed.pathname + parsed.search);
}

export function matchesAnyPattern(url: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesPattern(url, pattern));
}
