// A ZIP entry deflated by Node's own zlib instead of fflate's JavaScript deflate, which took ~1.8 s of a
// 100,000-user export (issue #5: export-xlsx-100k is CPU-bound in the proxy). fflate still writes the ZIP
// container; each pushed chunk is deflated on its own and ends with a sync flush, the last one with the final
// block, so the pieces join into one valid raw DEFLATE stream (RFC 1951). A chunk is up to 1 MB of XML, so
// restarting the compressor per chunk costs next to nothing in size.
import { ZipPassThrough } from 'fflate';
import { constants, deflateRawSync } from 'node:zlib';

/** Level 1 deflates ~3× faster than the default 6 for ~15% larger files; exports are generated per request. */
const LEVEL = 1;
/** General purpose flag bits 1–2 of a deflated ZIP entry: 3 means "super fast" (APPNOTE 4.4.4). */
const SUPER_FAST = 3;

export class NativeZipDeflate extends ZipPassThrough {
  readonly flag = SUPER_FAST;

  constructor(filename: string) {
    super(filename);
    this.compression = 8;
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    let deflated: Buffer<ArrayBuffer>;
    try {
      deflated = deflateRawSync(chunk, {
        level: LEVEL,
        finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      }) as Buffer<ArrayBuffer>;
    } catch (error) {
      const failure = Object.assign(new Error(`deflate failed: ${String(error)}`), { code: 0 });
      this.ondata(failure, null as unknown as Uint8Array<ArrayBuffer>, final);
      return;
    }
    this.ondata(null, deflated, final);
  }
}
