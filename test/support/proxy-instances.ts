// Test support (not a test): proxy instances as real child processes on one PostgreSQL database, the way they
// run behind a load balancer, so that a test can SIGKILL one mid-import (a crash: nothing cleaned up) or
// SIGTERM it (a graceful stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./proxy-process.ts', import.meta.url));

export interface ProxyInstance {
  url: string;
  process: ChildProcess;
  /** Resolves to the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

export async function startProxyInstance(options: {
  userApiUrl: string;
  databaseUrl: string;
  dataDir: string;
  bulkBatchSize: number;
  leaseMs: number;
}): Promise<ProxyInstance> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      script,
      options.userApiUrl,
      options.dataDir,
      String(options.bulkBatchSize),
      String(options.leaseMs),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: options.databaseUrl } },
  );
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then((code) => reject(new Error(`proxy process exited with ${code} before it was ready`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, process: child, exited };
}
