// Raw DEFLATE inflated by Node's zlib on its thread pool, fed one compressed slice at a time, so an XLSX sheet is
// inflated on another core while the event loop scans the slice before it (fflate took ~1.2 s of the event loop
// for a 100,000-row sheet). Only one slice is ever in flight, which bounds what is inflated ahead of the reader
// (two in flight were measured: the reader waited no less).
import { createInflateRaw, type InflateRaw } from 'node:zlib';

// Output handed back at a time. Each chunk is a round trip from the thread pool that waits for the event loop's next
// turn: a 16 KB slice of sheet XML inflates to ~160 KB, which in chunks of 32 KB kept the reader of a 100,000-row
// sheet waiting ~0.3 s in all, in chunks of 256 KB ~0.1 s. The scanner cuts them into its own slices.
const CHUNK_BYTES = 256 * 1024;

export class NativeInflate {
  private readonly stream: InflateRaw;
  private failure: unknown;
  private wake: (() => void) | undefined;

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
    this.stream.on('close', () => this.wakeUp());
  }

  /**
   * Hands the next compressed slice to the thread pool; the promise settles (never rejects) once it is inflated
   * and its output given to `onData`, or inflating failed: call `check` then.
   */
  push(slice: Uint8Array, final: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      if (this.failure !== undefined || this.stream.destroyed) {
        this.wakeUp();
        return;
      }
      if (final) {
        this.stream.once('end', () => this.wakeUp());
        this.stream.end(slice);
      } else this.stream.write(slice, () => this.wakeUp());
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
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
