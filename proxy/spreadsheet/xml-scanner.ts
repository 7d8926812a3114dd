// A small streaming XML tokenizer for the parts of an XLSX file (no DOM, no SheetJS workbook).
// It understands exactly what OOXML parts contain: elements (with namespace prefixes, which are
// dropped), attributes in ' or " quotes (values may contain '>'), text, CDATA, comments, processing
// instructions and a DOCTYPE (skipped, never expanded — no entity tricks). Text and attribute values are
// handed over raw; `decodeXmlText` turns them into strings when a handler keeps them.
//
// It works on bytes: each piece is viewed as a Latin-1 string (one char per byte, so positions are byte
// offsets and the markup, which is ASCII, reads right), while the texts a handler keeps are decoded as
// UTF-8 from the bytes. So kept texts are small flat strings — not slices that would keep every decoded
// piece of a 100 MB sheet alive — and one-byte strings whenever they can be (peak RSS ≤ 250 MB).

export interface XmlHandler {
  open(name: string, attributes: XmlAttributes, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data at bytes `start`–`end`, raw (still escaped) unless `cdata`; read it with `scanner.slice`. */
  text(scanner: XmlScanner, start: number, end: number, cdata: boolean): void;
  /**
   * Offered each start tag (at `lt` of `source`, the Latin-1 view of the piece) before it is tokenized: a handler
   * that reads the whole element itself, as `open`, `text` and `close` would have seen it, returns the position
   * after it; -1 leaves it to the tokenizer (any element it does not know, or one not complete in this piece).
   */
  element?(scanner: XmlScanner, source: string, lt: number): number;
}

/** Attributes of the element just opened; valid only during the `open` call. */
export class XmlAttributes {
  source = '';
  bytes: Buffer = EMPTY;
  count = 0;
  // [nameStart, nameEnd, valueStart, valueEnd] per attribute; the name is the local name (no prefix).
  bounds: number[] = [];

  /** The raw value of the attribute with this local name, or undefined. */
  get(localName: string): string | undefined {
    const at = this.find(localName);
    return at === -1
      ? undefined
      : rawValue(this.source, this.bytes, this.bounds[at + 2]!, this.bounds[at + 3]!);
  }

  /**
   * Where the attribute with this local name is in `bounds` (its value is `source` from `bounds[at + 2]` to
   * `bounds[at + 3]`), or -1: a value read in place makes no string (a sheet has three attributes a cell).
   */
  find(localName: string): number {
    const { bounds, source } = this;
    for (let i = 0; i < this.count * 4; i += 4) {
      const start = bounds[i] as number;
      const end = bounds[i + 1] as number;
      if (end - start === localName.length && source.startsWith(localName, start)) return i;
    }
    return -1;
  }
}

/**
 * A short ASCII value (a cell's `r="AB12"`, `t="s"`, `s="3"`: three per cell, millions per sheet) is cut from the
 * Latin-1 view: decoding each from the bytes was ~1.5 s of a 100,000-row preview's profile. Longer ones are decoded:
 * V8 makes a cut of 13 characters or more a view that would keep the whole 32 KB slice alive.
 */
function rawValue(source: string, bytes: Buffer, start: number, end: number): string {
  if (end - start >= SHORT_CUT) return bytes.toString('utf8', start, end);
  for (let i = start; i < end; i++)
    if (source.charCodeAt(i) > 0x7f) return bytes.toString('utf8', start, end);
  return source.slice(start, end);
}
const SHORT_CUT = 13;

const EMPTY = Buffer.alloc(0);
const MAX_TAG_BYTES = 16 * 1024 * 1024;
const SCAN_SLICE = 32 * 1024;
export const GT = 62; // >
export const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const COLON = 58;
export const EQUALS = 61;

export function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

export class XmlScanner {
  private carry: Buffer = EMPTY;
  private bytes: Buffer = EMPTY;
  private readonly attributes = new XmlAttributes();

  constructor(private readonly handler: XmlHandler) {}

  /** The UTF-8 text of bytes `start`–`end` of the piece being scanned. */
  slice(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end);
  }

  /** Feeds the next piece of the document; tokens cut by the piece's end wait for the next one. */
  write(piece: Uint8Array): void {
    // Scanned in slices: the Latin-1 view of each is then a small string that dies young, where a view of a whole
    // inflated chunk (~150 KB) is a "large object" that only a full collection frees, 130 MB of them for a
    // 100,000-row sheet (peak memory).
    for (let at = 0; at < piece.length; at += SCAN_SLICE) this.scanSlice(piece.subarray(at, at + SCAN_SLICE));
  }

  private scanSlice(piece: Uint8Array): void {
    const view = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    this.bytes = this.carry.length === 0 ? view : Buffer.concat([this.carry, view]);
    const consumed = this.scan(this.bytes.toString('latin1'), false);
    // Copied, so that the big piece can be collected. Only an unfinished tag is carried; no tag of a
    // spreadsheet comes near the bound, which stops a hostile one from being carried (and copied) forever.
    if (this.bytes.length - consumed > MAX_TAG_BYTES) throw new SyntaxError('XML tag too long');
    this.carry = consumed === this.bytes.length ? EMPTY : Buffer.from(this.bytes.subarray(consumed));
    this.bytes = EMPTY;
  }

  end(): void {
    this.bytes = this.carry;
    const source = this.bytes.toString('latin1');
    const consumed = this.scan(source, true);
    if (consumed < source.length && source.slice(consumed).trim() !== '') {
      throw new SyntaxError('XML ends inside a tag');
    }
    this.carry = EMPTY;
    this.bytes = EMPTY;
  }

  /** Tokenizes `source` and returns how far it got (the start of an incomplete token). */
  private scan(source: string, final: boolean): number {
    const handler = this.handler;
    const length = source.length;
    let pos = 0;
    while (pos < length) {
      const lt = source.indexOf('<', pos);
      if (lt === -1) {
        // Text running past the piece is handed over now (handlers join raw pieces), up to the last whole
        // UTF-8 character, so a long text never makes the carried rest grow piece by piece.
        const end = final ? length : utf8Boundary(this.bytes, length);
        if (end > pos) handler.text(this, pos, end, false);
        return end;
      }
      if (lt > pos) handler.text(this, pos, lt, false);
      pos = lt;
      if (lt + 1 >= length) return pos;
      const next = source.charCodeAt(lt + 1);
      if (next === BANG || next === QUESTION) {
        const end = this.skipSpecial(source, lt, next);
        if (end === -1) return pos;
        pos = end;
        continue;
      }
      if (next === SLASH) {
        const gt = source.indexOf('>', lt + 2);
        if (gt === -1) return pos;
        handler.close(localName(source, lt + 2, trimEnd(source, lt + 2, gt)));
        pos = gt + 1;
        continue;
      }
      if (handler.element !== undefined) {
        const end = handler.element(this, source, lt);
        if (end !== -1) {
          pos = end;
          continue;
        }
      }
      const end = this.readStartTag(source, lt);
      if (end === -1) return pos;
      pos = end;
    }
    return pos;
  }

  /** Comments, CDATA, processing instructions, DOCTYPE. Returns the position after it, or -1. */
  private skipSpecial(source: string, lt: number, kind: number): number {
    if (kind === QUESTION) {
      const end = source.indexOf('?>', lt + 2);
      return end === -1 ? -1 : end + 2;
    }
    if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      return end === -1 ? -1 : end + 3;
    }
    if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      if (end === -1) return -1;
      this.handler.text(this, lt + 9, end, true);
      return end + 3;
    }
    if (source.length - lt < 9) return -1;
    // <!DOCTYPE …> possibly with an internal subset in [ ]; skipped without expanding anything.
    const bracket = source.indexOf('[', lt);
    const gt = source.indexOf('>', lt);
    if (gt === -1) return -1;
    if (bracket !== -1 && bracket < gt) {
      const close = source.indexOf(']', bracket);
      if (close === -1) return -1;
      const end = source.indexOf('>', close);
      return end === -1 ? -1 : end + 1;
    }
    return gt + 1;
  }

  /** Reads `<name attr="v" …>` or `<name …/>`; returns the position after it, or -1 if incomplete. */
  private readStartTag(source: string, lt: number): number {
    const length = source.length;
    let pos = lt + 1;
    while (pos < length) {
      const code = source.charCodeAt(pos);
      if (isSpace(code) || code === GT || code === SLASH) break;
      pos++;
    }
    if (pos >= length) return -1;
    const name = localName(source, lt + 1, pos);
    const attributes = this.attributes;
    const bounds = attributes.bounds;
    let count = 0;
    for (;;) {
      while (pos < length && isSpace(source.charCodeAt(pos))) pos++;
      if (pos >= length) return -1;
      const code = source.charCodeAt(pos);
      if (code === GT || code === SLASH) {
        const selfClosing = code === SLASH;
        const gt = selfClosing ? pos + 1 : pos;
        if (gt >= length) return -1;
        attributes.source = source;
        attributes.bytes = this.bytes;
        attributes.count = count;
        this.handler.open(name, attributes, selfClosing);
        if (selfClosing) this.handler.close(name);
        return gt + 1;
      }
      const eq = source.indexOf('=', pos);
      if (eq === -1) return -1;
      let nameStart = pos;
      const nameEnd = trimEnd(source, pos, eq);
      for (let i = nameStart; i < nameEnd; i++) if (source.charCodeAt(i) === COLON) nameStart = i + 1;
      let quotePos = eq + 1;
      while (quotePos < length && isSpace(source.charCodeAt(quotePos))) quotePos++;
      if (quotePos >= length) return -1;
      const quote = source[quotePos] as string;
      if (quote !== '"' && quote !== "'") throw new SyntaxError('XML attribute without quotes');
      const valueEnd = source.indexOf(quote, quotePos + 1);
      if (valueEnd === -1) return -1;
      bounds[count * 4] = nameStart;
      bounds[count * 4 + 1] = nameEnd;
      bounds[count * 4 + 2] = quotePos + 1;
      bounds[count * 4 + 3] = valueEnd;
      count++;
      pos = valueEnd + 1;
      if (pos < length && source.charCodeAt(pos) === EQUALS) throw new SyntaxError('malformed XML attribute');
    }
  }
}

/** The largest position ≤ `end` that does not split a UTF-8 sequence. */
function utf8Boundary(bytes: Buffer, end: number): number {
  let at = end;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last sequence…
  while (at > 0 && end - at < 4 && ((bytes[at - 1] as number) & 0xc0) === 0x80) at--;
  if (at === 0) return end;
  const lead = bytes[at - 1] as number;
  if (lead < 0x80) return end; // the piece ends with ASCII
  // …and keep the sequence only if it is complete.
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return end - (at - 1) >= needed ? end : at - 1;
}

function trimEnd(source: string, start: number, end: number): number {
  while (end > start && isSpace(source.charCodeAt(end - 1))) end--;
  return end;
}

/** The element name without its namespace prefix (`x:row` → `row`). */
function localName(source: string, start: number, end: number): string {
  // Searched within the name only: `indexOf(':', start)` ran on to the next colon, for a sheet without prefixes
  // through the rest of the 32 KB slice at every tag (~2.4 s of a 100,000-row preview's profile).
  for (let i = start; i < end; i++) if (source.charCodeAt(i) === COLON) start = i + 1;
  return commonName(source, start, end) ?? source.slice(start, end);
}

// The names of a sheet's millions of cells, as constants: no string is made per tag.
const ONE_LETTER_NAMES = new Map(['c', 'v', 't', 'r', 'f'].map((name) => [name.charCodeAt(0), name]));

function commonName(source: string, start: number, end: number): string | undefined {
  const length = end - start;
  if (length === 1) return ONE_LETTER_NAMES.get(source.charCodeAt(start));
  if (length === 2) {
    if (source.startsWith('is', start)) return 'is';
    if (source.startsWith('si', start)) return 'si';
  } else if (length === 3) {
    if (source.startsWith('row', start)) return 'row';
    if (source.startsWith('rPh', start)) return 'rPh';
  }
  return undefined;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
// OOXML's own escape for characters XML cannot hold (ECMA-376 §22.9.2.19 ST_Xstring): _x000D_ etc.
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML character references (and, with `ooxml`, `_xHHHH_` escapes) in raw text. */
export function decodeXmlText(raw: string, ooxml: boolean): string {
  // Line ends in XML text are normalized to \n (XML 1.0 §2.11) before references are expanded, so a
  // real CR written as &#13; (or _x000D_) survives.
  let text = raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
  if (text.indexOf('&') !== -1) {
    text = text.replace(
      ENTITY,
      (_match, hex: string | undefined, dec: string | undefined, named?: string) => {
        if (named) return NAMED[named] ?? '';
        const code = hex ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      },
    );
  }
  if (ooxml && text.indexOf('_x') !== -1) {
    text = text.replace(OOXML_ESCAPE, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return text;
}
