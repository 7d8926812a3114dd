// The running step's "about N minutes left", from the rows processed since the wizard first saw the
// job. Pure: it takes the clock readings as parameters.

export interface ProgressSample {
  /** Milliseconds (any clock, the same for every sample). */
  at: number;
  /** Rows processed: done + failed. */
  processed: number;
}

/** Seconds left, or null while there is no rate to go by yet. */
export function secondsLeft(first: ProgressSample, latest: ProgressSample, total: number): number | null {
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
