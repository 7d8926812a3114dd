// Reading the user API's answers: the JSON of a success, the UpstreamError of a failure (with its Retry-After),
// and the strings of a page read as Latin-1 text to keep it small in memory.
import type { UserRecord } from '../../shared/fields/user-fields.ts';

/** A failed call to the user API; `status` 0 means it could not be reached or did not answer in time. */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
  /** Repeating the request cannot do harm or the server asked for it later. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 503;
  }
}

/** Seconds of a Retry-After header given in seconds (RFC 9110 §10.2.3), or undefined. */
export function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  const seconds = Number(header);
  return header !== null && header.trim() !== '' && Number.isFinite(seconds) && seconds >= 0
    ? seconds
    : undefined;
}

/** The answer's JSON, or the UpstreamError its status means. */
export function parseJson<T>(response: Response, text: string): T {
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    if (response.ok) throw new UpstreamError(502, 'The user API answered with something that is not JSON.');
  }
  if (!response.ok) {
    const error = (body ?? {}) as { detail?: string; scimType?: string };
    throw new UpstreamError(
      response.status,
      error.detail ?? `The user API answered ${response.status}.`,
      error.scimType,
      retryAfterOf(response),
    );
  }
  return body as T;
}

export const NON_ASCII_ESCAPE = /\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])/;
const HIGH_LATIN1 = /[\x80-\xff]/;

function fromLatin1(text: string): string {
  return HIGH_LATIN1.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

/**
 * A user read from JSON decoded as Latin-1: each string's characters are its UTF-8 bytes, so a string with any
 * byte above 0x7F is decoded again as UTF-8, which gives exactly the text (JSON's own syntax is ASCII, and
 * requestLatin1 refused \u escapes of non-ASCII characters). Invalid UTF-8 becomes U+FFFD, as text() does.
 */
export function latin1Strings(user: UserRecord): UserRecord {
  const record = user as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string') record[key] = fromLatin1(value);
    else if (Array.isArray(value))
      record[key] = value.map((item) => (typeof item === 'string' ? fromLatin1(item) : item));
  }
  return user;
}
