// Long computations on the proxy's one event loop (reading a 100,000-row sheet, planning it) are cut into slices
// of a few milliseconds: between two slices the loop answers whatever waits (other companies' requests, /healthz).
// A computation that can pause is written as a generator whose `yield`s mark where it may; `runToEnd` runs it in
// one piece (libraries, workers, tests), `runInSlices` gives the loop a turn whenever a slice is used up. Steps
// run in slices may also yield a promise (work handed to another thread, such as native inflate): they go on
// when it settles (such a promise never rejects: the steps look for the outcome themselves), and the loop runs
// meanwhile.

/** How long one slice runs before the event loop gets a turn. */
export const DEFAULT_SLICE_MS = 10;

/** A computation that may pause at each `yield` (or wait for the promise it yields) and returns T. */
export type Steps<T> = Generator<void | Promise<void>, T, void>;

/** Runs the steps in one piece; they must not wait for anything. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (step.value) {
      void step.value.catch(() => {});
      steps.return(undefined as T);
      throw new Error('these steps wait for other threads: run them in slices');
    }
  }
}

/** The clock of one computation's slices. */
export class TimeSlices {
  private ends: number;

  /** `sliceMs` 0 pauses at every step (tests). */
  constructor(private readonly sliceMs = DEFAULT_SLICE_MS) {
    this.ends = performance.now() + sliceMs;
  }

  /** Whether this slice is used up. */
  get due(): boolean {
    return performance.now() >= this.ends;
  }

  /** Lets the event loop run what waits (I/O, timers, other requests), then starts a new slice. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => nextTurn(resolve));
    this.restart();
  }

  /** Starts a new slice (the loop has just had a turn). */
  restart(): void {
    this.ends = performance.now() + this.sliceMs;
  }
}

/** Runs the steps, giving the event loop a turn whenever a slice is used up or the steps wait for a promise. */
export async function runInSlices<T>(steps: Steps<T>, slices = new TimeSlices()): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (step.value) {
      await step.value;
      slices.restart();
    } else if (slices.due) await slices.pause();
  }
}

// setImmediate runs after the loop has polled for I/O, so requests that arrived meanwhile are read first; the
// browser (this module is shared) has only timers.
const nextTurn: (callback: () => void) => void =
  typeof setImmediate === 'function'
    ? (callback) => setImmediate(callback)
    : (callback) => setTimeout(callback, 0);
