// Reads the ZIP container of XLSX/XLSM/ODS files without trusting it: the central directory is checked
// before anything is inflated (entry count and declared sizes, a zip bomb guard), and each entry is
// inflated in slices with its declared size enforced, so a lying header cannot make us inflate more.
import { Inflate } from 'fflate';
import { concatBytes } from './concat-bytes.ts';
import { NativeInflate } from './native-inflate.ts';
import { damagedFile } from './spreadsheet-error.ts';
import { runToEnd, type Steps } from '../../shared/time-slices.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxTotalUncompressedBytes: number;
  maxEntries: number;
  /**
   * The declared sizes may add up to at most this many times the file's own size (plus `ratioAllowanceBytes`):
   * spreadsheets pack 5–30×, a bomb 1,000×, so a 200 KB file cannot unpack to 200 MB even when both limits
   * above would allow it.
   */
  maxRatio?: number;
  ratioAllowanceBytes?: number;
}

// 600 MB total ("20× the upload limit or > 600 MB total"); a real 100k-row workbook is ~100 MB.
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalUncompressedBytes: 600 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 200,
  ratioAllowanceBytes: 16 * 1024 * 1024,
};

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_EOCD_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
// Inflating 16 KB at a time bounds one output chunk to ~16 MB even for a maximally compressed entry.
const INFLATE_SLICE = 16 * 1024;
/** Smaller entries are inflated by fflate at once: a thread-pool round trip costs more than they do. */
const NATIVE_INFLATE_FROM = 64 * 1024;

const incomplete = (): Error =>
  damagedFile('The file is damaged or incomplete (its ZIP directory cannot be read).');
const bomb = (): Error =>
  damagedFile('The file unpacks to far more data than a spreadsheet of this size can hold (a ZIP bomb?).');

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private readonly view: DataView;

  /**
   * With `nativeInflate`, streamSteps inflates large entries on Node's zlib thread pool, one slice ahead of the
   * caller, and waits for it (its steps must then run in slices); the synchronous reads keep fflate.
   */
  constructor(
    private readonly bytes: Uint8Array,
    limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    private readonly nativeInflate = false,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.readCentralDirectory(limits);
  }

  /** Finds an entry by name, case-insensitively as a fallback (some writers vary the case). */
  find(name: string): ZipEntry | undefined {
    const exact = this.entries.get(name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    for (const [key, entry] of this.entries) if (key.toLowerCase() === lower) return entry;
    return undefined;
  }

  /** Inflates an entry chunk by chunk; `onChunk` sees every byte in order. */
  stream(entry: ZipEntry, onChunk: (chunk: Uint8Array) => void): void {
    runToEnd(this.streamSteps(entry, onChunk, Number.POSITIVE_INFINITY, false));
  }

  /**
   * stream as steps (shared/time-slices.ts): `onChunk` is given at most `stepBytes` of the output at a time, each a
   * step of its own, so the work it does per chunk stays small however well the entry was compressed (16 KB of
   * repetitive XML inflates to megabytes).
   */
  *streamSteps(
    entry: ZipEntry,
    onChunk: (chunk: Uint8Array) => void,
    stepBytes = Number.POSITIVE_INFINITY,
    native = this.nativeInflate,
  ): Steps<void> {
    const data = this.compressedData(entry);
    let produced = 0;
    const pending: Uint8Array[] = [];
    const accept = (chunk: Uint8Array): void => {
      produced += chunk.length;
      // The declared size was checked against the limits; more output means the header lied.
      if (produced > entry.uncompressedSize) throw bomb();
      if (chunk.length > 0) pending.push(chunk);
    };
    function* handOn(): Steps<void> {
      for (const chunk of pending.splice(0)) {
        if (chunk.length <= stepBytes) {
          onChunk(chunk);
          yield;
        } else
          for (let at = 0; at < chunk.length; at += stepBytes) {
            onChunk(chunk.subarray(at, at + stepBytes));
            yield;
          }
      }
    }
    if (entry.method === 0) {
      accept(data);
      yield* handOn();
      return;
    }
    if (entry.method !== 8)
      throw damagedFile(`The file uses an unsupported ZIP compression (method ${entry.method}).`);
    if (native && data.length >= NATIVE_INFLATE_FROM) {
      // The thread pool inflates the next slice while the caller works through this one's output.
      const inflater = new NativeInflate(accept);
      try {
        for (let offset = 0; offset < data.length; offset += INFLATE_SLICE) {
          const end = Math.min(offset + INFLATE_SLICE, data.length);
          const inflated = inflater.push(data.subarray(offset, end), end === data.length);
          yield* handOn();
          yield inflated;
          inflater.check();
        }
        yield* handOn();
      } catch (error) {
        if (error instanceof Error && error.name === 'SpreadsheetError') throw error;
        throw damagedFile('The file is damaged (a part of it cannot be unpacked).');
      } finally {
        inflater.close();
      }
      return;
    }
    const inflater = new Inflate(accept);
    try {
      for (let offset = 0; offset < data.length; offset += INFLATE_SLICE) {
        const end = Math.min(offset + INFLATE_SLICE, data.length);
        inflater.push(data.subarray(offset, end), end === data.length);
        yield* handOn();
      }
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
      yield* handOn();
    } catch (error) {
      if (error instanceof Error && error.name === 'SpreadsheetError') throw error;
      throw damagedFile('The file is damaged (a part of it cannot be unpacked).');
    }
  }

  /** Inflates a whole (small) entry. */
  read(entry: ZipEntry): Uint8Array {
    const chunks: Uint8Array[] = [];
    this.stream(entry, (chunk) => chunks.push(chunk));
    return chunks.length === 1 && chunks[0] ? chunks[0] : concatBytes(chunks);
  }

  /**
   * Inflates every entry and throws away what comes out: a check for readers that unpack the file themselves
   * (SheetJS) that no entry unpacks to more than its header declares — a lie is caught within one slice.
   */
  verifyDeclaredSizes(): void {
    for (const entry of this.entries.values()) this.stream(entry, () => {});
  }

  readText(entry: ZipEntry): string {
    return new TextDecoder().decode(this.read(entry));
  }

  private compressedData(entry: ZipEntry): Uint8Array {
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.length || this.view.getUint32(at, true) !== LOCAL_HEADER_SIGNATURE)
      throw incomplete();
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw incomplete();
    return this.bytes.subarray(start, end);
  }

  private readCentralDirectory(limits: ZipLimits): void {
    const eocd = this.findEndOfCentralDirectory();
    let count = this.view.getUint16(eocd + 10, true);
    let offset = this.view.getUint32(eocd + 16, true);
    if (count === 0xffff || offset === 0xffffffff) ({ count, offset } = this.readZip64End(eocd));
    if (count > limits.maxEntries) throw bomb();
    const maxTotal = Math.min(
      limits.maxTotalUncompressedBytes,
      limits.maxRatio === undefined
        ? Infinity
        : this.bytes.length * limits.maxRatio + (limits.ratioAllowanceBytes ?? 0),
    );
    let total = 0;
    let at = offset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > this.bytes.length || this.view.getUint32(at, true) !== CENTRAL_ENTRY_SIGNATURE)
        throw incomplete();
      const nameLength = this.view.getUint16(at + 28, true);
      const extraLength = this.view.getUint16(at + 30, true);
      const commentLength = this.view.getUint16(at + 32, true);
      const entry: ZipEntry = {
        name: new TextDecoder().decode(this.bytes.subarray(at + 46, at + 46 + nameLength)),
        method: this.view.getUint16(at + 10, true),
        compressedSize: this.view.getUint32(at + 20, true),
        uncompressedSize: this.view.getUint32(at + 24, true),
        localHeaderOffset: this.view.getUint32(at + 42, true),
      };
      this.applyZip64Extra(entry, at + 46 + nameLength, extraLength);
      total += entry.uncompressedSize;
      if (total > maxTotal) throw bomb();
      this.entries.set(entry.name, entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
  }

  private findEndOfCentralDirectory(): number {
    // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
    const lowest = Math.max(0, this.bytes.length - 22 - 0xffff);
    for (let at = this.bytes.length - 22; at >= lowest; at--) {
      if (this.view.getUint32(at, true) === EOCD_SIGNATURE) return at;
    }
    throw incomplete();
  }

  private readZip64End(eocd: number): { count: number; offset: number } {
    const locator = eocd - 20;
    if (locator < 0 || this.view.getUint32(locator, true) !== ZIP64_EOCD_LOCATOR_SIGNATURE)
      throw incomplete();
    const record = Number(this.view.getBigUint64(locator + 8, true));
    if (record + 56 > this.bytes.length || this.view.getUint32(record, true) !== ZIP64_EOCD_SIGNATURE)
      throw incomplete();
    return {
      count: Number(this.view.getBigUint64(record + 32, true)),
      offset: Number(this.view.getBigUint64(record + 48, true)),
    };
  }

  /** ZIP64 extra field (id 1): the 64-bit values of the fields that are 0xFFFFFFFF, in this order. */
  private applyZip64Extra(entry: ZipEntry, start: number, length: number): void {
    const end = Math.min(start + length, this.bytes.length);
    for (let at = start; at + 4 <= end;) {
      const id = this.view.getUint16(at, true);
      const size = this.view.getUint16(at + 2, true);
      if (id === 1) {
        let field = at + 4;
        const next = (): number => {
          if (field + 8 > at + 4 + size) throw incomplete();
          const value = Number(this.view.getBigUint64(field, true));
          field += 8;
          return value;
        };
        if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
        return;
      }
      at += 4 + size;
    }
  }
}
