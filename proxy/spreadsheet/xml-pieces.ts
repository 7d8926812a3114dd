// The sheet XML of a workbook, written as UTF-8 bytes straight into the ~1 MB piece that is deflated next. A row's
// cells are copied byte by byte from cached markup and from their texts: no row string is built, so there is no
// rope for the garbage collector and no second copy by a string encoder (~11 KB of garbage per exported user
// before). Deflated pieces come back through `recycle`, so an export of 100,000 users reuses a few buffers instead
// of allocating ~100 MB of new ones.

/** Bytes a text's UTF-16 unit can take here at most: `_xFFFE_`, `&amp;` or half a 4-byte surrogate pair. */
const MAX_UNIT_BYTES = 7;
/** Pieces kept for reuse: a streamed sheet has at most three pushed and not yet deflated (xlsx-writer.ts). */
const SPARE_PIECES = 4;

const EMPTY = new Uint8Array(0);
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70];

export class XmlPieces {
  private bytes: Buffer;
  private at = 0;
  private readonly spare: Buffer[] = [];
  /** The digits of the row being written. */
  private readonly rowDigits = new Uint8Array(24);
  private rowDigitCount = 0;
  /** Set when a piece was pushed; the writer clears it per row. */
  pushed = false;

  constructor(
    private readonly push: (bytes: Uint8Array, final: boolean) => void,
    private readonly size: number,
  ) {
    this.bytes = Buffer.allocUnsafe(size);
  }

  /** A pushed piece that has been deflated: its buffer can take the next piece. */
  recycle(chunk: Uint8Array): void {
    const buffer = chunk.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength === this.size && this.spare.length < SPARE_PIECES)
      this.spare.push(Buffer.from(buffer));
  }

  /** Pushes what is written as the last piece. */
  finish(): void {
    this.push(this.bytes.subarray(0, this.at), true);
    this.at = 0;
  }

  /** Markup text (XML declaration, columns, tail): encoded by Buffer.write, or pushed on its own when it is huge. */
  markup(xml: string): void {
    const worstCase = xml.length * 3;
    if (this.at + worstCase > this.bytes.length) {
      this.next();
      if (worstCase > this.bytes.length) {
        this.push(Buffer.from(xml, 'utf8'), false);
        this.pushed = true;
        return;
      }
    }
    this.at += this.bytes.write(xml, this.at, 'utf8');
  }

  /** Cached ASCII markup such as `<c r="B`. */
  ascii(source: Uint8Array): void {
    const length = source.length;
    if (this.at + length > this.bytes.length) this.next();
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < length; i++) bytes[at++] = source[i]!;
    this.at = at;
  }

  /**
   * `<row r="N">`; each cell of the row then repeats N (`cell`). Its digits are kept, not turned into text again
   * for every cell.
   */
  row(open: Uint8Array, rowNumber: number, close: Uint8Array): void {
    let count = 0;
    for (let rest = rowNumber; ; rest = Math.floor(rest / 10)) {
      this.rowDigits[count++] = 48 + (rest % 10);
      if (rest < 10) break;
    }
    this.rowDigits.subarray(0, count).reverse();
    this.rowDigitCount = count;
    this.ascii(open);
    this.cell(EMPTY, close);
  }

  /** A cell's markup up to its value: `opening` (`<c r="B`), the row's number, `middle` (`" s="1"…><t>`). */
  cell(opening: Uint8Array, middle: Uint8Array): void {
    const openingLength = opening.length;
    const digitCount = this.rowDigitCount;
    const middleLength = middle.length;
    if (this.at + openingLength + digitCount + middleLength > this.bytes.length) this.next();
    const bytes = this.bytes;
    const digits = this.rowDigits;
    let at = this.at;
    for (let i = 0; i < openingLength; i++) bytes[at++] = opening[i]!;
    for (let i = 0; i < digitCount; i++) bytes[at++] = digits[i]!;
    for (let i = 0; i < middleLength; i++) bytes[at++] = middle[i]!;
    this.at = at;
  }

  /** A non-negative integer in decimal digits, at least `width` of them (zeros in front). */
  digits(value: number, width = 1): void {
    let count = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++;
    if (count < width) count = width;
    if (this.at + count > this.bytes.length) this.next();
    const bytes = this.bytes;
    let position = this.at + count;
    this.at = position;
    for (let i = 0; i < count; i++) {
      bytes[--position] = 48 + (value % 10);
      value = Math.floor(value / 10);
    }
  }

  /**
   * A cell text, escaped (`& < >`; `_xHHHH_`, OOXML's escape (ECMA-376 part 1, 22.9.2.19) that Excel, LibreOffice
   * and our reader decode, for C0 controls but TAB and LF, for CR, which XML parsers turn into LF, for U+FFFE/U+FFFF
   * and for text that looks like that escape; U+FFFD for lone surrogates) and encoded as UTF-8. Any length: a text
   * longer than the piece continues in the next one.
   */
  text(text: string): void {
    const length = text.length;
    let bytes = this.bytes;
    let at = this.at;
    let limit = bytes.length - MAX_UNIT_BYTES;
    for (let i = 0; i < length; i++) {
      if (at > limit) {
        this.at = at;
        this.next();
        bytes = this.bytes;
        at = this.at;
        limit = bytes.length - MAX_UNIT_BYTES;
      }
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        if (code >= 0x20) {
          if (code === 0x26) {
            bytes[at++] = 0x26; // &amp;
            bytes[at++] = 0x61;
            bytes[at++] = 0x6d;
            bytes[at++] = 0x70;
            bytes[at++] = 0x3b;
          } else if (code === 0x3c || code === 0x3e) {
            bytes[at++] = 0x26; // &lt; &gt;
            bytes[at++] = code === 0x3c ? 0x6c : 0x67;
            bytes[at++] = 0x74;
            bytes[at++] = 0x3b;
          } else if (code === 0x5f && looksLikeEscape(text, i)) {
            at = hexEscape(bytes, at, code);
          } else {
            bytes[at++] = code;
          }
        } else if (code === 0x09 || code === 0x0a) {
          bytes[at++] = code;
        } else {
          at = hexEscape(bytes, at, code);
        }
      } else if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6);
        bytes[at++] = 0x80 | (code & 0x3f);
      } else if (code >= 0xd800 && code <= 0xdfff) {
        const low = text.charCodeAt(i + 1);
        if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          const point = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          bytes[at++] = 0xf0 | (point >> 18);
          bytes[at++] = 0x80 | ((point >> 12) & 0x3f);
          bytes[at++] = 0x80 | ((point >> 6) & 0x3f);
          bytes[at++] = 0x80 | (point & 0x3f);
          i++;
        } else {
          bytes[at++] = 0xef; // U+FFFD
          bytes[at++] = 0xbf;
          bytes[at++] = 0xbd;
        }
      } else if (code >= 0xfffe) {
        at = hexEscape(bytes, at, code);
      } else {
        bytes[at++] = 0xe0 | (code >> 12);
        bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
        bytes[at++] = 0x80 | (code & 0x3f);
      }
    }
    this.at = at;
  }

  /** Pushes the piece written so far and continues in a fresh (or recycled) one. */
  private next(): void {
    if (this.at === 0) return;
    this.push(this.bytes.subarray(0, this.at), false);
    this.pushed = true;
    this.bytes = this.spare.pop() ?? Buffer.allocUnsafe(this.size);
    this.at = 0;
  }
}

/** `_x` + four hex digits + `_` at `i`: OOXML's escape, so the underscore itself is escaped. */
function looksLikeEscape(text: string, i: number): boolean {
  if (text.charCodeAt(i + 1) !== 0x78 || text.charCodeAt(i + 6) !== 0x5f) return false;
  for (let j = i + 2; j < i + 6; j++) {
    const code = text.charCodeAt(j);
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102)))
      return false;
  }
  return true;
}

/** `_xHHHH_` (upper-case hex): OOXML's escape of a character in cell text. */
function hexEscape(bytes: Uint8Array, at: number, code: number): number {
  bytes[at++] = 0x5f;
  bytes[at++] = 0x78;
  bytes[at++] = HEX[(code >> 12) & 15]!;
  bytes[at++] = HEX[(code >> 8) & 15]!;
  bytes[at++] = HEX[(code >> 4) & 15]!;
  bytes[at++] = HEX[code & 15]!;
  bytes[at++] = 0x5f;
  return at;
}

/** The bytes of ASCII markup. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
