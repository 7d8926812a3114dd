// The bytes of a read's user pages, in buffers the read uses again page after page. Each page of 1,000 users is
// ~1.2 MB: a new buffer for it (response.arrayBuffer()) cost ~3 ms of CPU in page faults and in collecting the
// one before, more than copying the bytes; reading 100,000 users took 5.8 instead of 12.3 ms of CPU per page
// with the body's chunks copied into a kept buffer (scripts/bench: the bare client's stand-in, 1,000-user pages).

/** Room for a body that says nothing of its length; a larger body doubles it. */
const FIRST_SIZE = 64 * 1024;

export interface PageBytes {
  /** The body's bytes: valid until `buffer` is given back. */
  bytes: Buffer;
  /** What to give back (PageBuffers.giveBack) once nothing reads `bytes` any more. */
  buffer: Buffer;
}

/** The buffers of one read (userPages); a page's buffer is given back once all of its users were handed on. */
export class PageBuffers {
  private readonly free: Buffer[] = [];

  /** The whole body of the response; it fails as response.arrayBuffer() would (abort, timeout, reset). */
  async read(response: Response): Promise<PageBytes> {
    // A length only as a guess: a compressed body arrives longer than its Content-Length.
    let buffer = this.take(Number(response.headers.get('content-length')) || 0);
    let length = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (length + value.length > buffer.length) {
          const larger = Buffer.allocUnsafe(Math.max(2 * buffer.length, length + value.length));
          buffer.copy(larger, 0, 0, length);
          buffer = larger;
        }
        buffer.set(value, length);
        length += value.length;
      }
    }
    return { bytes: buffer.subarray(0, length), buffer };
  }

  giveBack(buffer: Buffer): void {
    this.free.push(buffer);
  }

  private take(size: number): Buffer {
    const kept = this.free.pop();
    return kept && kept.length >= size ? kept : Buffer.allocUnsafe(Math.max(size, FIRST_SIZE));
  }
}
