// The multipart/form-data body of preview and import (docs/api-guide.md#endpoints: file, settings, corrections), read into ONE
// buffer. The platform's Request.formData() holds the body three times over before the sheet is even parsed
// (the body, the File's copy, the ArrayBuffer asked of it) and Hono keeps it cached for the whole request:
// ~80 MB for a 26 MB CSV (peak memory). Here the file is a view into the body, never copied.
import { ProblemError } from '../problem.ts';
import { GrowingBody } from './growing-body.ts';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface MultipartForm {
  /** Text fields, the first of each name. */
  fields: Map<string, string>;
  /** File fields, the first of each name. */
  files: Map<string, UploadedFile>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const NOT_MULTIPART = 'Send the file as multipart/form-data with the field "file".';

function malformed(): ProblemError {
  return new ProblemError('invalid-request', `The multipart body is malformed. ${NOT_MULTIPART}`);
}

function boundaryOf(contentType: string | null): string {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType))
    throw new ProblemError('invalid-request', NOT_MULTIPART);
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s"]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new ProblemError('invalid-request', NOT_MULTIPART);
  return boundary;
}

/** Deadlines for reading a body: a client that stops sending, or sends too slowly, holds an upload slot. */
export interface BodyDeadlines {
  /** No byte for this long ends the upload. */
  idleMs: number;
  /** Below this average rate (after `rateGraceMs`) the upload is ended. 0: no minimum. */
  minBytesPerSecond: number;
  rateGraceMs: number;
}

/**
 * A client that stalls or trickles is answered and its connection closed, so the rest is never waited for. (A
 * body over the size limit is not: an ordinary client sends it whole before it reads the answer, and would see a
 * broken connection instead of the 413; Node reads and drops the rest.)
 */
const CLOSE_CONNECTION = { connection: 'close' };

function stalled(idleMs: number): ProblemError {
  return new ProblemError(
    'upload-timeout',
    `The upload stopped sending for ${Math.round(idleMs / 1000)} s; send the file again.`,
    { headers: CLOSE_CONNECTION },
  );
}

function tooSlow(minBytesPerSecond: number): ProblemError {
  return new ProblemError(
    'upload-timeout',
    `The upload arrived too slowly (less than ${minBytesPerSecond} bytes a second); send the file again.`,
    { headers: CLOSE_CONNECTION },
  );
}

/** The next chunk, or the idle deadline's problem when none comes in time. */
async function nextChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleMs: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(stalled(idleMs)), idleMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The whole body in one buffer: sized by Content-Length when given, else grown in place as the chunks arrive
 * (growing-body.ts), so a chunked body is never held twice. The size limit holds while the body streams in (a
 * chunked body is refused as soon as it passes the limit, never buffered whole first), and so do the deadlines.
 */
async function readBody(
  request: Request,
  maxBytes: number,
  tooLarge: () => ProblemError,
  deadlines: BodyDeadlines,
): Promise<Buffer> {
  if (!request.body) throw new ProblemError('invalid-request', NOT_MULTIPART);
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const sized = Number.isInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  const growing = sized ? undefined : new GrowingBody(maxBytes);
  let length = 0;
  const started = performance.now();
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value: chunk } = await nextChunk(reader, deadlines.idleMs);
      if (done) break;
      if (length + chunk.length > maxBytes) throw tooLarge();
      if (sized) {
        if (length + chunk.length > sized.length) throw malformed();
        sized.set(chunk, length);
      } else growing!.append(chunk);
      length += chunk.length;
      const elapsedMs = performance.now() - started;
      if (
        deadlines.minBytesPerSecond > 0 &&
        elapsedMs > deadlines.rateGraceMs &&
        length < (deadlines.minBytesPerSecond * elapsedMs) / 1000
      )
        throw tooSlow(deadlines.minBytesPerSecond);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  if (sized) {
    if (length !== sized.length) throw malformed();
    return sized;
  }
  return growing!.bytes();
}

/** A quoted or bare parameter of Content-Disposition; browsers escape `"` and line breaks as %22, %0D, %0A. */
function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(header);
  const value = match?.[1] ?? match?.[2];
  return value?.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

export async function readMultipartForm(
  request: Request,
  maxBytes: number,
  tooLarge: () => ProblemError,
  deadlines: BodyDeadlines = { idleMs: 30_000, minBytesPerSecond: 0, rateGraceMs: 0 },
): Promise<MultipartForm> {
  const boundary = boundaryOf(request.headers.get('content-type'));
  const body = await readBody(request, maxBytes, tooLarge, deadlines);
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const form: MultipartForm = { fields: new Map(), files: new Map() };
  // RFC 2046 §5.1.1: a preamble may precede the first delimiter.
  let at = body.indexOf(delimiter);
  if (at === -1) throw malformed();
  at += delimiter.length;
  for (;;) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return form; // "--": the close delimiter
    // Transport padding (spaces, tabs) may follow a delimiter before its line break.
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body.compare(CRLF, 0, 2, at, at + 2) !== 0) throw malformed();
    const headersEnd = body.indexOf(HEADER_END, at);
    if (headersEnd === -1) throw malformed();
    // An empty header block ends right after the delimiter's line break.
    const headers = body.toString('utf8', at + 2, headersEnd).split('\r\n');
    const end = body.indexOf(nextDelimiter, headersEnd + 4);
    if (end === -1) throw malformed();
    const disposition = headers.find((line) => /^content-disposition\s*:/i.test(line)) ?? '';
    const name = parameter(disposition, 'name');
    if (name !== undefined) {
      const content = body.subarray(headersEnd + 4, end);
      const fileName = parameter(disposition, 'filename');
      if (fileName !== undefined) {
        if (!form.files.has(name) && !form.fields.has(name))
          form.files.set(name, { name: fileName, bytes: content });
      } else if (!form.fields.has(name) && !form.files.has(name))
        form.fields.set(name, content.toString('utf8'));
    }
    at = end + nextDelimiter.length;
  }
}
