// The proxy's own multipart/form-data reader (the upload held once, not three times): what browsers
// and scripts send is read exactly, and every malformed body is a 400 invalid-request, never a crash.
import { describe, expect, it } from 'vitest';
import { readMultipartForm } from '../../proxy/import/multipart-form.ts';
import { ProblemError } from '../../proxy/problem.ts';

const tooLarge = () => new ProblemError('file-too-large', 'too large');

function rawRequest(body: string, contentType: string, chunked = false): Request {
  const bytes = new TextEncoder().encode(body);
  if (!chunked)
    return new Request('http://proxy/', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': contentType },
    });
  // A body without Content-Length, in small pieces, as `curl -H 'Transfer-Encoding: chunked'` sends it.
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 7) controller.enqueue(bytes.subarray(at, at + 7));
      controller.close();
    },
  });
  return new Request('http://proxy/', {
    method: 'POST',
    body: stream,
    headers: { 'content-type': contentType },
    duplex: 'half',
  } as RequestInit);
}

async function problemOf(promise: Promise<unknown>): Promise<ProblemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

describe('reading multipart/form-data', () => {
  it('reads what the platform FormData sends: the file bytes exactly, and text fields', async () => {
    const file = new Uint8Array([
      0xef, 0xbb, 0xbf, 0x45, 0x6d, 0x61, 0x69, 0x6c, 0x0d, 0x0a, 0x00, 0xff, 0x2d, 0x2d,
    ]);
    const form = new FormData();
    form.set('settings', '{"version":1}');
    form.set('file', new Blob([file]), 'Benutzer "Süd".csv');
    const request = new Request('http://proxy/', { method: 'POST', body: form });
    const read = await readMultipartForm(request, 1e6, tooLarge);
    expect(read.fields.get('settings')).toBe('{"version":1}');
    expect(read.files.get('file')?.name).toBe('Benutzer "Süd".csv');
    expect([...(read.files.get('file')?.bytes ?? [])]).toEqual([...file]);
  });

  it('reads a chunked body without Content-Length, a preamble and a quoted boundary', async () => {
    const body =
      'preamble to be ignored\r\n--b"x\r\n' +
      'Content-Disposition: form-data; name="file"; filename="users.csv"\r\nContent-Type: text/csv\r\n\r\n' +
      'Email\r\nanna@example.com\r\n--b"x\r\n' +
      'Content-Disposition: form-data; name=corrections\r\n\r\n[]\r\n--b"x--\r\n';
    const read = await readMultipartForm(
      rawRequest(body.replaceAll('b"x', 'bx'), 'multipart/form-data; boundary="bx"', true),
      1e6,
      tooLarge,
    );
    expect(new TextDecoder().decode(read.files.get('file')?.bytes)).toBe('Email\r\nanna@example.com');
    expect(read.fields.get('corrections')).toBe('[]');
  });

  it('reads a chunked body of several megabytes byte for byte, up to exactly the limit', async () => {
    // Bigger than the buffer's growth step (1 MB), in network-sized pieces, with every byte value in the file.
    const file = Buffer.alloc(3 * 1024 * 1024 + 12_345);
    for (let at = 0; at < file.length; at++) file[at] = (at * 7 + (at >> 11)) & 0xff;
    const head = Buffer.from(
      '--b\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n',
    );
    const body = Buffer.concat([head, file, Buffer.from('\r\n--b--\r\n')]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < body.length; at += 65_536) controller.enqueue(body.subarray(at, at + 65_536));
        controller.close();
      },
    });
    const request = new Request('http://proxy/', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      duplex: 'half',
    } as RequestInit);
    const read = await readMultipartForm(request, body.length, tooLarge);
    const bytes = read.files.get('file')?.bytes;
    expect(bytes?.length).toBe(file.length);
    expect(Buffer.compare(Buffer.from(bytes!), file)).toBe(0);
  });

  it('keeps the first of two fields with the same name, as FormData.get does', async () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="settings"\r\n\r\nfirst\r\n' +
      '--b\r\nContent-Disposition: form-data; name="settings"\r\n\r\nsecond\r\n--b--';
    const read = await readMultipartForm(rawRequest(body, 'multipart/form-data; boundary=b'), 1e6, tooLarge);
    expect(read.fields.get('settings')).toBe('first');
  });

  it.each([
    ['not multipart', 'a=1', 'application/x-www-form-urlencoded'],
    ['no boundary', '--b--', 'multipart/form-data'],
    ['no delimiter at all', 'just text', 'multipart/form-data; boundary=b'],
    [
      'a part that never ends',
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nEmail',
      'multipart/form-data; boundary=b',
    ],
    [
      'headers that never end',
      '--b\r\nContent-Disposition: form-data; name="file"',
      'multipart/form-data; boundary=b',
    ],
    ['garbage after a delimiter', '--bxyz\r\n\r\n\r\n--b--', 'multipart/form-data; boundary=b'],
  ])('refuses %s with invalid-request', async (_what, body, contentType) => {
    const problem = await problemOf(readMultipartForm(rawRequest(body, contentType), 1e6, tooLarge));
    expect(problem.problem.type).toMatch(/invalid-request$/);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n' +
      'x'.repeat(500) +
      '\r\n--b--';
    const problem = await problemOf(
      readMultipartForm(rawRequest(body, 'multipart/form-data; boundary=b', true), 100, tooLarge),
    );
    expect(problem.problem.type).toMatch(/file-too-large$/);
  });
});
