// Test support (not a test): uploads as an attacker sends them — a multipart body trickled a few bytes at a time
// with a Content-Length, or streamed chunked (no Content-Length) — and a watch on /healthz that records how long
// the proxy's event loop kept it waiting.
import { request } from 'node:http';
import { Worker } from 'node:worker_threads';

export const BOUNDARY = 'hardening-boundary-7f3a';

/** The multipart framing around one file field. */
export function multipartParts(fileName: string): { head: Buffer; tail: Buffer } {
  return {
    head: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`,
    ),
    tail: Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  };
}

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface SlowUpload {
  /** Settles when the proxy answers or drops the connection (status 0). */
  answer: Promise<Answer>;
  /** Bytes sent so far. */
  readonly sent: number;
  stop(): void;
}

/**
 * POSTs a body of `totalBytes` (declared in Content-Length) `bytesPerTick` bytes every `tickMs`, after sending
 * `firstBytes` at once. `stallAfter`: stop sending (but keep the connection open) after this many bytes.
 */
export function slowUpload(
  baseUrl: string,
  path: string,
  options: {
    token: string;
    totalBytes: number;
    bytesPerTick?: number;
    tickMs?: number;
    firstBytes?: number;
    stallAfter?: number;
  },
): SlowUpload {
  const { head, tail } = multipartParts('slow.csv');
  const url = new URL(path, baseUrl);
  let sent = 0;
  const timers: NodeJS.Timeout[] = [];
  const stop = () => timers.forEach((timer) => clearInterval(timer));
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': String(options.totalBytes),
    },
  });
  const body = Buffer.alloc(options.totalBytes, 0x61);
  head.copy(body, 0);
  tail.copy(body, body.length - tail.length);
  const answer = new Promise<Answer>((resolve) => {
    req.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        stop();
        req.destroy();
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(parts).toString(),
          headers: response.headers,
        });
      });
      response.on('error', () => resolve({ status: 0, body: '', headers: {} }));
    });
    req.on('error', () => {
      stop();
      resolve({ status: 0, body: '', headers: {} });
    });
    req.on('close', () => {
      stop();
      resolve({ status: 0, body: '', headers: {} });
    });
  });
  const send = (count: number) => {
    const end = Math.min(sent + count, options.stallAfter ?? body.length, body.length);
    if (end <= sent || req.destroyed) return;
    req.write(body.subarray(sent, end));
    sent = end;
    if (sent === body.length) {
      req.end();
      stop();
    }
  };
  send(options.firstBytes ?? head.length);
  timers.push(setInterval(() => send(options.bytesPerTick ?? 1), options.tickMs ?? 1000));
  return {
    answer,
    get sent() {
      return sent;
    },
    stop: () => {
      stop();
      req.destroy();
    },
  };
}

/**
 * POSTs `size` bytes of `line` repeated as a multipart file, chunked (no Content-Length). With node:http, as curl
 * does: an answer the proxy gives before the body is complete (400, 413, 503) is read and the upload stops, where
 * fetch rejects the whole request once the proxy stops reading (status 0). Writes wait for the socket to drain, so
 * twenty such clients do not hold this process's event loop.
 */
export function chunkedUpload(
  baseUrl: string,
  path: string,
  options: { token: string; size: number; header?: string; line?: string },
): Promise<Answer> {
  const { head, tail } = multipartParts('chunked.csv');
  const block = Buffer.from((options.line ?? 'hello,world\r\n').repeat(5000));
  const url = new URL(path, baseUrl);
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const settle = (answer: Answer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'transfer-encoding': 'chunked',
      },
    });
    let answered = false;
    req.on('response', (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        req.destroy();
        settle({
          status: response.statusCode ?? 0,
          body: Buffer.concat(parts).toString(),
          headers: response.headers,
        });
      });
      response.on('error', () =>
        settle({ status: response.statusCode ?? 0, body: '', headers: response.headers }),
      );
    });
    req.on('error', () => {
      if (!answered) settle({ status: 0, body: '', headers: {} });
    });
    req.on('close', () => {
      if (!answered) settle({ status: 0, body: '', headers: {} });
    });
    let left = options.size;
    const pump = () => {
      while (!answered && !req.destroyed) {
        if (left <= 0) {
          req.end(tail);
          return;
        }
        const piece = block.subarray(0, Math.min(block.length, left));
        left -= piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.write(Buffer.concat([head, Buffer.from(options.header ?? '')]));
    pump();
  });
}

export interface HealthWatch {
  /** The longest /healthz round trip seen, in ms. */
  readonly worstMs: number;
  readonly count: number;
  stop(): Promise<void>;
}

/** Asks /healthz one request after the other (each with `timeoutMs`), recording the slowest answer. */
export function watchHealth(baseUrl: string, timeoutMs = 10_000): HealthWatch {
  let worstMs = 0;
  let count = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        await (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })).text();
      } catch {
        // a time-out counts as its full length
      }
      worstMs = Math.max(worstMs, performance.now() - started);
      count++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    get worstMs() {
      return worstMs;
    },
    get count() {
      return count;
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

// The same watch as plain JavaScript for a worker thread (no TypeScript loader there).
const HEALTH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let worstMs = 0;
let count = 0;
let running = true;
parentPort.once('message', () => (running = false));
(async () => {
  while (running) {
    const started = performance.now();
    try {
      await (await fetch(workerData.url, { signal: AbortSignal.timeout(workerData.timeoutMs) })).text();
    } catch {}
    worstMs = Math.max(worstMs, performance.now() - started);
    count++;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  parentPort.postMessage({ worstMs, count });
})();
`;

/**
 * watchHealth from a worker thread of its own: what it measures is the proxy's answer, not also the time the
 * caller's own event loop was busy (the load test's process also runs the clients that load the proxy).
 */
export function watchHealthOffThread(baseUrl: string, timeoutMs = 10_000): HealthWatch {
  const worker = new Worker(HEALTH_WORKER, {
    eval: true,
    workerData: { url: `${baseUrl}/healthz`, timeoutMs },
  });
  let result = { worstMs: 0, count: 0 };
  const done = new Promise<void>((resolve) =>
    worker.once('message', (answer: typeof result) => {
      result = answer;
      void worker.terminate().then(() => resolve());
    }),
  );
  return {
    get worstMs() {
      return result.worstMs;
    },
    get count() {
      return result.count;
    },
    stop: async () => {
      worker.postMessage('stop');
      await done;
    },
  };
}
