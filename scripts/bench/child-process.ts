// Runs one part of a benchmark (proxy, stand-in tenant, baseline) in its own Node process, so the peak memory
// the benchmark reports is that process's own (README.md#benchmarks): `VmHWM` of /proc/<pid>/status, which cannot be
// reset — hence one fresh process per measurement.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface BenchChild {
  pid: number;
  /** The JSON object the child printed as its first stdout line (e.g. `{url}`). */
  ready: Record<string, unknown>;
  /** Peak resident memory so far in MB (VmHWM). */
  peakRssMB(): number;
  /** Next JSON line the child prints after `ready`. */
  nextLine(): Promise<Record<string, unknown>>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * `node [nodeArgs] [--import tsx] entry args…`: the pid is the Node process itself, not an npx wrapper. A built
 * `.mjs` entry (the bundled proxy) runs on plain Node, as in production.
 */
export async function startChild(
  entry: string,
  args: string[],
  options: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<BenchChild> {
  const loader = entry.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, entry, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  lines.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => {
    for (const waiter of waiting.splice(0)) waiter(null);
  });
  const nextLine = async (): Promise<Record<string, unknown>> => {
    for (;;) {
      const line =
        queue.shift() ??
        (child.exitCode !== null
          ? null
          : await new Promise<string | null>((resolve) => waiting.push(resolve)));
      if (line === null) throw new Error(`${entry} ended (exit ${child.exitCode}) before answering`);
      // Only JSON lines are answers; anything else (a warning of a library) is passed on.
      if (line.startsWith('{')) return JSON.parse(line) as Record<string, unknown>;
      console.error(line);
    }
  };
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const ready = await Promise.race([
    nextLine(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${entry} did not start within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const pid = child.pid!;
  return {
    pid,
    ready,
    peakRssMB: () => peakRssOf(pid),
    nextLine,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

/** VmHWM ("high water mark" of the resident set) in MB. */
export function peakRssOf(pid: number | 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** CPU seconds (user + system, every thread) the process has used so far: utime + stime of /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name in parentheses; utime and stime are the 14th and 15th of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ of Linux, 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
