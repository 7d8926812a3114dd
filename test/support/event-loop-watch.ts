// Test support (not a test): how long this process's event loop was held in one piece. Two measures: the wall time
// between two turns (monitorEventLoopDelay), and the CPU time the process spent between two turns. The wall time
// also counts the time other processes had the CPU, which on a busy machine is most of it (a 10 ms slice of work
// was measured taking 300 ms wall at a load average of 14 on 2 cores); the CPU time counts the work that held the
// loop, plus whatever the process's other threads (garbage collection helpers) did meanwhile — an upper bound of
// the block that does not depend on the machine's load.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopBlocks {
  worstCpuMs: number;
  worstWallMs: number;
}

export interface EventLoopWatch {
  /** The longest block so far, in ms. */
  read(): LoopBlocks;
  /** Stops watching (again: harmless); the longest block, in ms. */
  stop(): LoopBlocks;
}

export function watchEventLoop(): EventLoopWatch {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let worstCpuUs = 0;
  let last = process.cpuUsage();
  let stopped: LoopBlocks | undefined;
  // A timer, not a chain of setImmediate: the loop may sleep between turns as it would without the watch.
  const timer = setInterval(() => {
    const now = process.cpuUsage();
    worstCpuUs = Math.max(worstCpuUs, now.user - last.user + (now.system - last.system));
    last = now;
  }, 1);
  const read = (): LoopBlocks =>
    stopped ?? { worstCpuMs: Math.round(worstCpuUs / 1000), worstWallMs: Math.round(delay.max / 1e6) };
  timer.unref();
  return {
    read,
    stop() {
      if (!stopped) {
        clearInterval(timer);
        stopped = read();
        delay.disable();
      }
      return stopped;
    },
  };
}

/** Counts the turns other callbacks get until `done` settles: work done in slices lets them run in between. */
export async function turnsDuring<T>(done: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await done;
  running = false;
  return { value, turns };
}
