// Test support (not a test): a loopback relay between the proxy and the stand-in tenant that makes ONE chosen
// write slow — the stand-in's own `hangWritesMs` slows every write, but asks for a slow answer at the
// first, a middle and the last write. A "write" is what the stand-in counts: POST/PUT/PATCH of /Users, /Bulk.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SlowMode =
  /** The write reaches the user API at once and is applied; only its answer comes late. */
  | 'answer-late'
  /** The write is held back and reaches the user API late (after the caller gave up on it). */
  | 'apply-late';

export interface SlowWrite {
  /** 1-based among the writes since `slowWrite()` was called. */
  nth: number;
  delayMs: number;
  mode: SlowMode;
}

export interface SlowRelay {
  url: string;
  /** Makes the nth write from now slow; `undefined` makes none slow. */
  slowWrite(settings: SlowWrite | undefined): void;
  /** Writes seen since the last `slowWrite()`. */
  readonly writes: number;
  /** Writes made slow since the last `slowWrite()` (0 or 1). */
  readonly slowed: number;
  /** Resolves when every request the relay holds has been forwarded and answered (late writes have landed). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

function isWrite(request: IncomingMessage): boolean {
  return (
    ['POST', 'PUT', 'PATCH'].includes(request.method ?? '') &&
    /\/scim\/v2\/(Users|Bulk)(\/|$|\?)/.test(request.url ?? '')
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startSlowRelay(targetUrl: string): Promise<SlowRelay> {
  const target = new URL(targetUrl);
  let settings: SlowWrite | undefined;
  let writes = 0;
  let slowed = 0;
  const pending = new Set<Promise<unknown>>();

  const server: Server = createServer((incoming, outgoing) => {
    const delay = isWrite(incoming) && ++writes === settings?.nth ? settings : undefined;
    if (delay) slowed++;
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const forward = async () => {
        if (delay?.mode === 'apply-late') await sleep(delay.delayMs);
        const answer = await new Promise<{
          status: number;
          headers: IncomingMessage['headers'];
          body: Buffer;
        }>((resolve, reject) => {
          const upstream = request(
            {
              host: target.hostname,
              port: target.port,
              method: incoming.method,
              path: incoming.url,
              headers: { ...incoming.headers, host: target.host },
            },
            (response) => {
              const parts: Buffer[] = [];
              response.on('data', (part: Buffer) => parts.push(part));
              response.on('end', () =>
                resolve({
                  status: response.statusCode ?? 502,
                  headers: response.headers,
                  body: Buffer.concat(parts),
                }),
              );
              response.on('error', reject);
            },
          );
          upstream.on('error', reject);
          upstream.end(Buffer.concat(chunks));
        });
        if (delay?.mode === 'answer-late') await sleep(delay.delayMs);
        if (outgoing.destroyed) return; // the caller gave up; the write happened all the same
        outgoing.writeHead(answer.status, answer.headers);
        outgoing.end(answer.body);
      };
      const running = forward().catch(() => outgoing.destroy());
      pending.add(running);
      void running.finally(() => pending.delete(running));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    slowWrite(next) {
      settings = next;
      writes = 0;
      slowed = 0;
    },
    get writes() {
      return writes;
    },
    get slowed() {
      return slowed;
    },
    settled: async () => {
      await Promise.allSettled([...pending]);
    },
    close: async () => {
      await Promise.allSettled([...pending]); // late writes land before the tenant closes
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
