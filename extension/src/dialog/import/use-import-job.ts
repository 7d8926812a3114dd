// The wizard and the company's import job on the proxy: the latest job when the wizard opens, and in step 5 the
// running job's progress, asked for every ~500 ms until it has finished, with the time left estimated from it.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImportApi } from './import-api.ts';
import { isFinished, type ImportJob } from './import-types.ts';
import { keepSamples, secondsLeft, type ProgressSample } from './time-left.ts';

/** How often the running job is asked for its progress (~500 ms). */
export const POLL_INTERVAL_MS = 500;

/**
 * Polls `runningJob` (null: nothing runs) and hands each answer to `dispatch`; a failed request is tried again
 * after the same pause. The seconds left, or null while they cannot be estimated.
 */
export function useJobPolling(
  api: ImportApi,
  runningJob: ImportJob | null,
  dispatch: (action: { type: 'job'; job: ImportJob }) => void,
): number | null {
  const [timeLeft, setTimeLeft] = useState<number | null>(null);
  const [pollRetry, setPollRetry] = useState(0);
  const samples = useRef<{ jobId: string; kept: ProgressSample[] }>({ jobId: '', kept: [] });
  useEffect(() => {
    if (!runningJob) return;
    const sample = { at: Date.now(), processed: runningJob.progress.done + runningJob.progress.failed };
    const before = samples.current.jobId === runningJob.id ? samples.current.kept : [];
    samples.current = { jobId: runningJob.id, kept: keepSamples(before, sample) };
    setTimeLeft(secondsLeft(samples.current.kept, runningJob.progress.total));
    const timer = setTimeout(() => {
      void api.job(runningJob.id).then((result) => {
        if (result.ok) dispatch({ type: 'job', job: result.value });
        else setPollRetry((n) => n + 1);
      });
    }, POLL_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [runningJob, api, pollRetry, dispatch]);
  return timeLeft;
}

/**
 * Reopened while an import runs, or after one: the company's latest job is shown (closing the dialog never stops
 * a job). True once the proxy has answered; step 1 waits for it, so a running import appears at once instead of
 * after a glimpse of step 1.
 */
export function useLatestJob(
  api: ImportApi,
  dispatch: (action: { type: 'job' | 'last-job'; job: ImportJob }) => void,
): boolean {
  const [latestKnown, setLatestKnown] = useState(false);
  useEffect(() => {
    void api.latest().then((result) => {
      if (result.ok && result.value)
        dispatch({ type: isFinished(result.value) ? 'last-job' : 'job', job: result.value });
      setLatestKnown(true);
    });
  }, [api]);
  return latestKnown;
}
