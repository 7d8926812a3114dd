// Starts test/hardening/support/proxy-child.ts and reads its memory from /proc/{pid}/status (Linux).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ProxyOptions } from '../../../proxy/server.ts';
import type { LoopBlocks } from '../../support/event-loop-watch.ts';

const script = fileURLToPath(new URL('./proxy-child.ts', import.meta.url));

export interface ChildProxy {
  url: string;
  pid: number;
  /** VmRSS and VmHWM (peak) of the proxy process, in bytes. */
  memory(): { rss: number; peak: number };
  /** Starts a new peak: VmHWM is set back to the current RSS (Linux, clear_refs 5). */
  resetPeak(): void;
  /** CPU time the proxy process used so far (user + system, all threads), in seconds. */
  cpuSeconds(): number;
  /** The longest the proxy's event loop was held in one piece since it started (ms of CPU and of wall time). */
  loopBlocks(): Promise<LoopBlocks>;
  close(): Promise<void>;
}

function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`${field} missing in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** utime + stime of /proc/{pid}/stat, in seconds (the kernel counts in clock ticks, 100 a second on Linux). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: the fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function startChildProxy(
  options: Omit<ProxyOptions, 'log' | 'runner'>,
  nodeFlags: string[] = [],
): Promise<ChildProxy> {
  const args = [...nodeFlags, '--import', 'tsx', script, JSON.stringify(options)];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`proxy process exited with ${code}`)));
  });
  const { url, pid } = JSON.parse(line) as { url: string; pid: number };
  return {
    url,
    pid,
    memory: () => ({ rss: statusBytes(pid, 'VmRSS'), peak: statusBytes(pid, 'VmHWM') }),
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    cpuSeconds: () => cpuSecondsOf(pid),
    loopBlocks: () => {
      const answer = new Promise<LoopBlocks>((resolve) =>
        lines.once('line', (text) => resolve(JSON.parse(text) as LoopBlocks)),
      );
      child.kill('SIGUSR2');
      return answer;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
