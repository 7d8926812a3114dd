// Starting the proxy on a port that is already taken fails at once with the listener's error, so that a second
// `npm start` (or a test wanting the default port) says why instead of waiting forever.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy } from '../../proxy/server.ts';

const taken = createServer();

beforeAll(() => new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

describe('starting on a taken port', () => {
  it('rejects with EADDRINUSE', async () => {
    const { port } = taken.address() as AddressInfo;
    await expect(startProxy({ port, userApiUrl: 'http://127.0.0.1:9' })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
