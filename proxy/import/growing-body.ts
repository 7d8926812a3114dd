// A body of unknown length (sent chunked, without Content-Length) written into one buffer as it arrives. The
// buffer is a resizable ArrayBuffer: its largest size is reserved as address space, and growing it only makes
// more of that space usable, in place, so nothing is copied and memory is taken only for the bytes received.
// Kept as a list of chunks and joined at the end, a body cost twice its size for a moment (20 chunked 29 MB
// uploads at once: 368–391 MB peak); and a buffer grown by copying costs as much while it grows.

/** How much the buffer grows at once: fewer resizes than one per network chunk (~64 KB). */
const GROWTH_BYTES = 1024 * 1024;

/** The ES2024 resizable ArrayBuffer, which Node 20 has and the project's ES2023 library does not type. */
interface ResizableArrayBuffer extends ArrayBuffer {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}

const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableArrayBuffer;

export class GrowingBody {
  private readonly memory: ResizableArrayBuffer;
  private used = 0;

  /** `maxBytes` is the most it can hold: address space, not memory. */
  constructor(maxBytes: number) {
    this.memory = new ResizableArrayBuffer(0, { maxByteLength: maxBytes });
  }

  get length(): number {
    return this.used;
  }

  /** Appends a chunk; the caller keeps the total within `maxBytes`. */
  append(chunk: Uint8Array): void {
    const end = this.used + chunk.length;
    if (end > this.memory.byteLength)
      this.memory.resize(
        Math.min(this.memory.maxByteLength, Math.max(end, this.memory.byteLength + GROWTH_BYTES)),
      );
    new Uint8Array(this.memory, this.used, chunk.length).set(chunk);
    this.used = end;
  }

  /** The bytes received, in place (the unused end of the last growth is given back). */
  bytes(): Buffer {
    this.memory.resize(this.used);
    return Buffer.from(this.memory, 0, this.used);
  }
}
