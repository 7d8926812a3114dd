// The texts of an XLSX's cells that are not in the sheet itself: the shared strings table, and rich text (also
// of inline strings), each bounded by the cell limit before it is decoded.
import { MAX_CELLS, type RowLimits } from './sheet-rows.ts';
import { damagedFile } from './spreadsheet-error.ts';
import { streamXml } from './xlsx-package.ts';
import { decodeXmlText, type XmlScanner } from './xml-scanner.ts';
import type { ZipArchive, ZipEntry } from './zip-archive.ts';

/**
 * A cell's raw (escaped) text longer than this many characters per allowed character is over the cell limit
 * whatever its escapes decode to (`&#x1F600;` is the longest real one); a hostile run of zero-padded references
 * is cut off too, rather than collected.
 */
export const RAW_CHARS_PER_CHAR = 10;

/** The text of a cell over the limit: one string for all of them, longer than the limit, never decoded. */
export function overLimitText(maxChars: number): string {
  let text = OVER_LIMIT.get(maxChars);
  if (text === undefined) OVER_LIMIT.set(maxChars, (text = 'x'.repeat(maxChars + 1)));
  return text;
}
const OVER_LIMIT = new Map<number, string>();

/**
 * Collects the text of `<t>` elements of rich text (`<si>`/`<is>`), joining runs and skipping phonetic
 * guides (`<rPh>`, furigana), which are not part of what the cell shows.
 */
export class RichTextCollector {
  private inText = false;
  private inPhonetic = false;
  raw = '';
  hasEscapes = false;
  /** The raw text grew past its bound; further text is dropped and take() answers the over-limit text. */
  private overLimit = false;

  constructor(private readonly maxChars: number) {}

  reset(): void {
    this.raw = '';
    this.overLimit = false;
  }

  open(name: string): void {
    if (name === 't') this.inText = !this.inPhonetic;
    else if (name === 'rPh') this.inPhonetic = true;
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.inPhonetic = false;
  }

  text(scanner: XmlScanner, start: number, end: number, cdata: boolean): void {
    if (!this.inText || this.overLimit) return;
    // Bounded before the piece is even decoded: a 200 MB cell never becomes a string.
    if (this.raw.length + (end - start) > this.maxChars * RAW_CHARS_PER_CHAR) {
      this.overLimit = true;
      this.raw = '';
      return;
    }
    const piece = scanner.slice(start, end);
    this.raw += cdata ? piece.replace(/&/g, '&amp;').replace(/</g, '&lt;') : piece;
  }

  take(): string {
    const raw = this.raw;
    const overLimit = this.overLimit;
    this.reset();
    this.inText = false;
    this.inPhonetic = false;
    return overLimit ? overLimitText(this.maxChars) : decodeXmlText(raw, true);
  }
}

/**
 * Shared strings allowed: as many as the allowed rows can use with a user list's columns, twice over. Each costs
 * memory even when empty, so a small file of millions of `<si/>` would otherwise fill it.
 */
export function maxSharedStrings(limits: RowLimits): number {
  return Math.min(MAX_CELLS, (limits.maxRows + limits.headerRows) * SHARED_STRINGS_PER_ROW);
}
const SHARED_STRINGS_PER_ROW = 40;

export function readSharedStrings(
  zip: ZipArchive,
  entry: ZipEntry,
  maxChars: number,
  maxCount: number,
): string[] {
  const strings: string[] = [];
  const collector = new RichTextCollector(maxChars);
  let inItem = false;
  streamXml(
    zip,
    entry,
    {
      open(name, _attributes, selfClosing) {
        if (name === 'si') {
          if (strings.length >= maxCount)
            throw damagedFile(
              `The file has more than ${maxCount.toLocaleString('en')} shared texts, more than its rows can use.`,
            );
          inItem = true;
          if (selfClosing) inItem = false;
          collector.reset();
        } else if (inItem) {
          collector.open(name);
        }
      },
      close(name) {
        if (name === 'si') {
          strings.push(collector.take());
          inItem = false;
        } else if (inItem) {
          collector.close(name);
        }
      },
      text(scanner, start, end, cdata) {
        if (inItem) collector.text(scanner, start, end, cdata);
      },
    },
    'shared strings',
  );
  return strings;
}
