// Who did something, without keeping the token: an HMAC-SHA256 of the caller's credential, keyed with a secret of
// the deployment (FINGERPRINT_SECRET), identifies the same caller across audit records and rate limits. Without
// the key, a fingerprint cannot confirm a guessed token (a bare hash could: hash the guess and compare). When no
// secret is configured, each process draws its own: fingerprints then differ between restarts and between proxies.
//
// The credential is normalised first, so one token counts as one caller however it is written: the scheme's case,
// extra spaces, and for Basic the user name (portatour accepts any user name with the token as password).
import { createHmac, randomBytes } from 'node:crypto';

/** The secret part of an Authorization header: the Bearer token, or the password of Basic credentials. */
export function normalisedCredential(authorization: string): string {
  const match = /^\s*(\S+)\s+(.*)$/s.exec(authorization);
  if (!match) return authorization.trim();
  const scheme = match[1]!.toLowerCase();
  const value = match[2]!.trim();
  if (scheme !== 'basic') return value;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return (colon >= 0 ? decoded.slice(colon + 1) : decoded).trim();
}

export class Fingerprints {
  private readonly key: Buffer;

  constructor(secret?: string) {
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  /** 16 hex digits of the HMAC of the normalised credential. */
  of(authorization: string): string {
    return createHmac('sha256', this.key)
      .update(normalisedCredential(authorization))
      .digest('hex')
      .slice(0, 16);
  }
}
