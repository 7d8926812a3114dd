// Reading the user API's answers: the JSON of a success, the UpstreamError of a failure (with its Retry-After),
// and the strings of a page read as Latin-1 text to keep it small in memory.

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

/** The text of a value of a user read from JSON: strings as they are, or decoded (latin1Texts). */
export type TextOf = <T>(value: T) => T;

/** Values of JSON read as UTF-8 text are the text already. */
export const asIs: TextOf = (value) => value;

/** Decoded strings kept per read (names, cities and streets repeat) up to this many, then forgotten. */
const DECODED_KEPT = 4096;
/** Decoding goes through one buffer instead of a new one per string. */
const scratch = Buffer.allocUnsafe(1024);

/**
 * Strings of users read from JSON decoded as Latin-1 (scim-client.ts requestListPage): each string's characters
 * are its UTF-8 bytes, so a string with any byte above 0x7F is decoded again as UTF-8, which gives exactly the
 * text (JSON's own syntax is ASCII, and requestListPage refused \u escapes of non-ASCII characters). Invalid UTF-8
 * becomes U+FFFD, as text() does. One decoder per read: a string seen before is decoded once.
 */
export function latin1Texts(): TextOf {
  const decoded = new Map<string, string>();
  const textOf = (value: string): string => {
    if (!HIGH_LATIN1.test(value)) return value;
    let text = decoded.get(value);
    if (text === undefined) {
      text =
        value.length <= scratch.length
          ? scratch.toString('utf8', 0, scratch.write(value, 'latin1'))
          : Buffer.from(value, 'latin1').toString('utf8');
      if (decoded.size === DECODED_KEPT) decoded.clear();
      decoded.set(value, text);
    }
    return text;
  };
  // A list's strings are decoded too (userGroups).
  return <T>(value: T): T =>
    typeof value === 'string'
      ? (textOf(value) as T)
      : Array.isArray(value)
        ? (value.map((item: unknown) => (typeof item === 'string' ? textOf(item) : item)) as T)
        : value;
}
