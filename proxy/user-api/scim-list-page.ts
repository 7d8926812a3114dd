// A SCIM ListResponse (RFC 7644 section 3.4.2) read from its bytes one resource at a time. The bytes stay outside
// the JS heap; each resource is parsed from its own ~1 KB text, and only when it is asked for. A reader that takes
// a hundred at a time holds a hundred users' objects instead of a parsed page of a thousand, so few survive a
// minor collection: a 100,000-user export ran 32 full collections instead of 46 and its proxy 4.4-4.6 s of CPU
// instead of 5.2-5.3 s (JSON.parse of whole pages handed on a hundred at a time). The planner, which holds a
// whole file's index meanwhile, had read 100-user pages for the same reason: a thousand requests.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** The key this reader splits; anything else of the envelope is parsed as a whole. */
const RESOURCES_KEY = Buffer.from('"Resources"', 'latin1');

export interface ListPage<T> {
  /** The envelope's members except Resources (totalResults, startIndex, itemsPerPage…). */
  envelope: Record<string, unknown>;
  /** How many resources the page holds. */
  count: number;
  /** The i-th resource, parsed now (each call parses it again). */
  resource(index: number): T;
}

/**
 * Parses a ListResponse whose bytes are read as Latin-1 (`latin1`) or UTF-8 text. Throws SyntaxError for
 * anything that is not JSON, as JSON.parse would.
 */
export function parseListPage<T>(bytes: Buffer, latin1: boolean): ListPage<T> {
  const encoding = latin1 ? 'latin1' : 'utf8';
  const shift = (4 - (bytes.byteOffset & 3)) & 3;
  const words = wordsOf(bytes, shift);
  const open = resourcesArrayStart(bytes, words, shift);
  if (open === -1) {
    const whole = JSON.parse(bytes.toString(encoding)) as Record<string, unknown>;
    const listed: T[] = Array.isArray(whole.Resources) ? (whole.Resources as T[]) : [];
    delete whole.Resources;
    return { envelope: whole, count: listed.length, resource: (index) => listed[index]! };
  }
  // Where each element starts and ends: [start0, end0, start1, end1, …].
  const bounds: number[] = [];
  // Each element of the array: depth 0 is inside the array, between elements; -1 is past its end.
  let depth = 0;
  let start = -1;
  let close = -1;
  for (let at = open + 1; at < bytes.length; at++) {
    const byte = bytes[at]!;
    if (byte === QUOTE) {
      if (start === -1) start = at;
      at = stringEnd(bytes, words, shift, at);
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (start === -1) start = at;
      depth++;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (--depth < 0) {
        close = at;
        break;
      }
    } else if (byte === COMMA && depth === 0) {
      if (start === -1) throw new SyntaxError('An empty element in the Resources array');
      bounds.push(start, at);
      start = -1;
    } else if (start === -1 && byte > 0x20) {
      start = at;
    }
  }
  if (close === -1) throw new SyntaxError('The Resources array does not end');
  if (start !== -1) bounds.push(start, close);
  else if (bounds.length > 0) throw new SyntaxError('A trailing comma in the Resources array');
  // The envelope without the resources: the members around the array, with an empty array in its place.
  const envelope = JSON.parse(
    bytes.toString(encoding, 0, open) + '[]' + bytes.toString(encoding, close + 1),
  ) as Record<string, unknown>;
  delete envelope.Resources;
  return {
    envelope,
    count: bounds.length / 2,
    resource: (index) => JSON.parse(bytes.toString(encoding, bounds[2 * index], bounds[2 * index + 1])) as T,
  };
}

/**
 * The bytes as 32-bit words, from the first byte whose address is a multiple of 4 (`shift`: 0–3) on, for
 * stringEnd to skip strings, most of a page, a word at a time.
 */
function wordsOf(bytes: Buffer, shift: number): Int32Array {
  const count = (bytes.length - shift) >> 2;
  return count > 0 ? new Int32Array(bytes.buffer, bytes.byteOffset + shift, count) : new Int32Array(0);
}

const QUOTES = 0x22222222;
const BACKSLASHES = 0x5c5c5c5c;
const ONES = 0x01010101;
const HIGH_BITS = 0x80808080 | 0;

/**
 * The index of the quote that ends the string starting at `at`. The words between the first and the last few
 * bytes are skipped with one test each while they hold neither a quote nor a backslash (w has a zero byte exactly
 * when (w - 0x01010101) & ~w & 0x80808080 is not 0; w is XORed with the byte looked for first); the bytes around
 * them are looked at one by one. A backslash skips the byte after it, as in JSON.
 */
function stringEnd(bytes: Buffer, words: Int32Array, shift: number, at: number): number {
  const length = bytes.length;
  let i = at + 1;
  while (i < length) {
    // Byte by byte up to a word's start.
    if (i < shift || ((i - shift) & 3) !== 0) {
      const byte = bytes[i];
      if (byte === QUOTE) return i;
      i += byte === BACKSLASH ? 2 : 1;
      continue;
    }
    let word = (i - shift) >> 2;
    for (; word < words.length; word++) {
      const value = words[word]!;
      const quotes = value ^ QUOTES;
      const backslashes = value ^ BACKSLASHES;
      if ((((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes)) & HIGH_BITS) break;
    }
    // The word with a quote or a backslash, or the bytes after the last whole word: one by one.
    i = shift + (word << 2);
    let end = i + 4;
    if (end > length) end = length;
    while (i < end) {
      const byte = bytes[i];
      if (byte === QUOTE) return i;
      i += byte === BACKSLASH ? 2 : 1;
    }
  }
  throw new SyntaxError('An unterminated string in the JSON');
}

/**
 * Where the top-level object's Resources array opens (its `[`), or -1 when it has none or it is not an array:
 * then the page is parsed whole.
 */
function resourcesArrayStart(bytes: Buffer, words: Int32Array, shift: number): number {
  let depth = 0;
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at]!;
    if (byte === QUOTE) {
      const end = stringEnd(bytes, words, shift, at);
      if (
        depth === 1 &&
        end - at + 1 === RESOURCES_KEY.length &&
        bytes.compare(RESOURCES_KEY, 0, RESOURCES_KEY.length, at, end + 1) === 0
      ) {
        // The key's value: past the colon and white space.
        let value = end + 1;
        while (value < bytes.length && (bytes[value] === 0x3a || bytes[value]! <= 0x20)) value++;
        return bytes[value] === OPEN_BRACKET ? value : -1;
      }
      at = end;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return -1;
}
