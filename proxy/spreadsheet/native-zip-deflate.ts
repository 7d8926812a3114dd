// ZIP entries deflated by Node's own zlib instead of fflate's JavaScript deflate, which took ~1.8 s of a
// 100,000-user export (the export is CPU-bound in the proxy). fflate still writes the ZIP container; each
// pushed chunk is deflated on its own and ends with a sync flush, the last one with the final block, so the
// pieces join into one valid raw DEFLATE stream (RFC 1951). A chunk is up to 1 MB of XML, so restarting the
// compressor per chunk costs next to nothing in size.
import { ZipPassThrough, type FlateError } from 'fflate';
import { constants, crc32, deflateRaw, deflateRawSync, type ZlibOptions } from 'node:zlib';

/** Level 1 deflates ~3× faster than the default 6 for ~15% larger files; exports are generated per request. */
const LEVEL = 1;
/** General purpose flag bits 1–2 of a deflated ZIP entry: 3 means "super fast" (APPNOTE 4.4.4). */
const SUPER_FAST = 3;

/** fflate's running CRC (its field `c`), computed by zlib: fflate's JavaScript CRC took ~1 s of an export. */
interface RunningCrc {
  p(data: Uint8Array): void;
  d(): number;
}

function nativeCrc(): RunningCrc {
  let value = 0;
  return {
    p: (data) => {
      value = crc32(data, value);
    },
    d: () => value,
  };
}

/**
 * Deflated bytes handed back at a time: a 1 MB piece deflates to ~150 KB, which zlib's default of 16 KB returned
 * in ten round trips between the thread pool and the main thread, each with a buffer and a callback.
 */
const OUTPUT_CHUNK = 256 * 1024;

function options(final: boolean): ZlibOptions {
  return {
    level: LEVEL,
    finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    chunkSize: OUTPUT_CHUNK,
  };
}

function deflateFailure(error: unknown): FlateError {
  return Object.assign(new Error(`deflate failed: ${String(error)}`), { code: 0 });
}

/** Deflates each chunk on the calling thread, before push returns: for workbooks written in one go. */
export class NativeZipDeflate extends ZipPassThrough {
  readonly flag = SUPER_FAST;
  /** Told each pushed chunk once zlib is done with it, so its buffer can be written again. */
  released: (chunk: Uint8Array) => void = () => {};

  constructor(filename: string) {
    super(filename);
    this.compression = 8;
    (this as unknown as { c: RunningCrc }).c = nativeCrc();
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    let deflated: Buffer<ArrayBuffer>;
    try {
      deflated = deflateRawSync(chunk, options(final)) as Buffer<ArrayBuffer>;
    } catch (error) {
      this.ondata(deflateFailure(error), null as unknown as Uint8Array<ArrayBuffer>, final);
      return;
    }
    this.released(chunk);
    this.ondata(null, deflated, final);
  }
}

/**
 * Deflates each chunk on libuv's thread pool, so a streamed export's compression (~1.2 s of 100,000 users)
 * runs beside the main thread's reading and XML writing. Chunks are deflated in parallel and handed to the
 * ZIP in order. The pushed chunk must not be changed afterwards; `settle` lets the writer wait when it is
 * ahead of the compressor, so at most a few pieces are held.
 */
export class ThreadedZipDeflate extends NativeZipDeflate {
  private delivered: Promise<void> = Promise.resolve();
  /** One promise per chunk not yet handed to the ZIP, oldest first. */
  private readonly pending: Promise<void>[] = [];

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    const deflated = new Promise<Buffer>((resolve, reject) =>
      deflateRaw(chunk, options(final), (error, result) => {
        this.released(chunk);
        if (error) reject(error);
        else resolve(result);
      }),
    );
    const handedOver = this.delivered.then(async () => {
      try {
        this.ondata(null, (await deflated) as Buffer<ArrayBuffer>, final);
      } catch (error) {
        this.ondata(deflateFailure(error), null as unknown as Uint8Array<ArrayBuffer>, final);
      } finally {
        this.pending.shift();
      }
    });
    this.pending.push(handedOver);
    this.delivered = handedOver;
  }

  /** Resolves once at most `limit` chunks are still being deflated. */
  async settle(limit: number): Promise<void> {
    while (this.pending.length > limit) await this.pending[0];
  }
}
