// The running step's "about N minutes left", from the rate observed over the last few polls, so the
// estimate follows an import that speeds up or slows down (it once stayed at "about 5 seconds" for a
// whole 20,000-row import). Pure: it takes the clock readings as parameters.

export interface ProgressSample {
  /** Milliseconds (any clock, the same for every sample). */
  at: number;
  /** Rows processed: done + failed. */
  processed: number;
}

/** How far back the rate looks: long enough to smooth /Bulk batches that land at once, short enough to follow. */
export const RATE_WINDOW_MS = 10_000;

/** The samples worth keeping after `latest`: those inside the window, and the one just before it. */
export function keepSamples(samples: readonly ProgressSample[], latest: ProgressSample): ProgressSample[] {
  const all = [...samples, latest];
  const inside = all.findIndex((sample) => latest.at - sample.at <= RATE_WINDOW_MS);
  return all.slice(Math.max(0, inside - 1));
}

/** Seconds left from the rate between the oldest kept sample and the latest, or null while there is none. */
export function secondsLeft(samples: readonly ProgressSample[], total: number): number | null {
  const first = samples[0];
  const latest = samples[samples.length - 1];
  if (!first || !latest) return null;
  const rows = latest.processed - first.processed;
  const elapsed = (latest.at - first.at) / 1000;
  if (rows <= 0 || elapsed <= 0) return null;
  return Math.max(0, Math.ceil((total - latest.processed) / (rows / elapsed)));
}

/** Whole minutes above 90 seconds, else seconds, rounded up to 5: calm numbers that do not flicker. */
export function roundedTimeLeft(seconds: number): { unit: 'seconds' | 'minutes'; value: number } {
  if (seconds > 90) return { unit: 'minutes', value: Math.ceil(seconds / 60) };
  return { unit: 'seconds', value: Math.max(5, Math.ceil(seconds / 5) * 5) };
}
