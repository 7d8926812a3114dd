// The bytes of user pages are read into buffers used again: each body must come out whole whatever its length
// says, and a buffer is used again only once it was given back.
import { describe, expect, it } from 'vitest';
import { PageBuffers } from '../../proxy/user-api/page-buffers.ts';

/** A response whose body arrives in the given chunks, with the Content-Length given (or none). */
function responseOf(chunks: string[], contentLength?: number): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(Buffer.from(chunk));
      controller.close();
    },
  });
  return new Response(body, {
    headers: contentLength === undefined ? {} : { 'content-length': String(contentLength) },
  });
}

describe('PageBuffers', () => {
  it('reads a body of many chunks that says nothing of its length', async () => {
    const chunks = Array.from({ length: 50 }, (_, index) => `${index}:${'x'.repeat(5000)};`);
    const { bytes } = await new PageBuffers().read(responseOf(chunks));
    expect(bytes.toString()).toBe(chunks.join(''));
  });

  it('reads a body longer than its Content-Length (a compressed answer) and a shorter one', async () => {
    const buffers = new PageBuffers();
    const long = 'ł'.repeat(100_000);
    expect((await buffers.read(responseOf([long], 1000))).bytes.toString()).toBe(long);
    expect((await buffers.read(responseOf(['{}'], 200_000))).bytes.toString()).toBe('{}');
  });

  it('reads an empty body', async () => {
    expect((await new PageBuffers().read(new Response(null))).bytes.length).toBe(0);
    expect((await new PageBuffers().read(responseOf([]))).bytes.length).toBe(0);
  });

  it('uses a buffer again only after it was given back, and a larger one when it is too small', async () => {
    const buffers = new PageBuffers();
    const first = await buffers.read(responseOf(['a'.repeat(70_000)], 70_000));
    const second = await buffers.read(responseOf(['b'.repeat(70_000)], 70_000));
    expect(second.buffer).not.toBe(first.buffer);
    expect(first.bytes.toString()).toBe('a'.repeat(70_000));
    buffers.giveBack(first.buffer);
    const third = await buffers.read(responseOf(['c'.repeat(100)], 100));
    expect(third.buffer).toBe(first.buffer);
    expect(third.bytes.toString()).toBe('c'.repeat(100));
    buffers.giveBack(third.buffer);
    const larger = await buffers.read(responseOf(['d'.repeat(200_000)], 200_000));
    expect(larger.buffer).not.toBe(first.buffer);
    expect(larger.bytes.toString()).toBe('d'.repeat(200_000));
  });

  it('fails as the body fails', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from('{"Resources":['));
        controller.error(new TypeError('terminated'));
      },
    });
    await expect(new PageBuffers().read(new Response(body))).rejects.toThrow('terminated');
  });
});
