// Raw DEFLATE inflated by Node's zlib on its thread pool, fed one compressed slice at a time, so an XLSX sheet is
// inflated on another core while the reader scans the slices before it (fflate took ~1.2 s of the event loop
// for a 100,000-row sheet). The reader keeps a small, fixed number of slices in flight (zip-archive.ts), which
// bounds what is inflated ahead of it.
import { createInflateRaw, type InflateRaw } from 'node:zlib';

// Output chunks of up to what one compressed slice of XML usually inflates to: each chunk costs the reader's
// thread a callback (with 32 KB chunks, ~180 ms of a 100,000-row sheet).
const CHUNK_BYTES = 128 * 1024;

export class NativeInflate {
  private readonly stream: InflateRaw;
  private failure: unknown;
  /** Who waits for a slice to be inflated, in the order the slices were pushed. */
  private readonly waiting = new Set<() => void>();

  /** `onData` gets the output in order; what it throws ends the inflating and is thrown by `check`. */
  constructor(onData: (chunk: Uint8Array) => void) {
    this.stream = createInflateRaw({ chunkSize: CHUNK_BYTES });
    this.stream.on('data', (chunk: Buffer) => {
      if (this.failure !== undefined) return;
      try {
        onData(chunk);
      } catch (error) {
        this.fail(error);
      }
    });
    this.stream.on('error', (error) => this.fail(error));
    this.stream.on('close', () => this.wakeAll());
  }

  /**
   * Hands the next compressed slice to the thread pool (after those pushed before it); the promise settles
   * (never rejects) once it is inflated and its output given to `onData`, or inflating failed: call `check` then.
   */
  push(slice: Uint8Array, final: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.failure !== undefined || this.stream.destroyed) {
        resolve();
        return;
      }
      const wake = () => {
        this.waiting.delete(wake);
        resolve();
      };
      this.waiting.add(wake);
      if (final) {
        this.stream.once('end', wake);
        this.stream.end(slice);
      } else this.stream.write(slice, () => wake());
    });
  }

  /** Throws what went wrong so far. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Frees the zlib handle (also when the reader stops early). */
  close(): void {
    this.stream.destroy();
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.stream.destroy();
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }
}
