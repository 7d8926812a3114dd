// Per-caller limit on the expensive requests (uploads and imports): a sliding window per credential fingerprint
// (the normalised credential, so Basic with another user name or `bearer` in lower case is the same caller), answered 429 with Retry-After. In memory: a proxy restart forgets it, which errs on the side of
// the administrator.
import { createMiddleware } from 'hono/factory';
import { ProblemError } from './problem.ts';
import type { Fingerprints } from './token-fingerprint.ts';

export interface RateLimit {
  requests: number;
  windowMs: number;
}

export const DEFAULT_UPLOAD_RATE_LIMIT: RateLimit = { requests: 60, windowMs: 60_000 };

export function rateLimit(limit: RateLimit, fingerprints: Fingerprints, now: () => number = Date.now) {
  const hits = new Map<string, number[]>();
  return createMiddleware(async (c, next) => {
    const authorization = c.req.header('authorization');
    if (!authorization) return next(); // the tenant check answers 401
    const caller = fingerprints.of(authorization);
    const time = now();
    const recent = (hits.get(caller) ?? []).filter((at) => at > time - limit.windowMs);
    if (recent.length >= limit.requests) {
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + limit.windowMs - time) / 1000));
      throw new ProblemError('rate-limited', `Too many uploads; try again in ${retryAfter} s.`, {
        headers: { 'retry-after': String(retryAfter) },
      });
    }
    recent.push(time);
    hits.set(caller, recent);
    // Forget idle callers so the map does not grow with every token ever seen.
    if (hits.size > 10_000)
      for (const [key, times] of hits) if (!times.some((at) => at > time - limit.windowMs)) hits.delete(key);
    await next();
  });
}
