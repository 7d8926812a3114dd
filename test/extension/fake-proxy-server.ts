// A real HTTP server on 127.0.0.1 that answers like the proxy for the few paths an extension unit
// test needs, so the extension's fetch code runs against real HTTP (the real proxy is used by the
// end-to-end tests in test/e2e).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface FakeProxy {
  url: string;
  requests: { method: string; url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startFakeProxy(handle: Handler): Promise<FakeProxy> {
  const requests: FakeProxy['requests'] = [];
  const server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
    });
    // happy-dom's fetch follows CORS like a page would; the real extension page does not need this.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Allow-Headers', 'Authorization, Accept');
    response.setHeader('Access-Control-Expose-Headers', 'Content-Disposition');
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function sendProblem(response: ServerResponse, status: number, type: string, detail: string): void {
  response.writeHead(status, { 'Content-Type': 'application/problem+json' });
  response.end(
    JSON.stringify({ type: `https://portatour.net/problems/${type}`, title: type, status, detail }),
  );
}
