// Wizard step 5: the job's progress — rows done and failed, an estimate of the time left. Closing
// the dialog does not stop the import; reopening the wizard comes back here.
import type { Translate } from '../../common/translate.ts';
import type { ImportJob } from './import-types.ts';
import { roundedTimeLeft } from './time-left.ts';

export interface RunningStepProps {
  t: Translate;
  job: ImportJob;
  /** Seconds left, null while unknown. */
  secondsLeft: number | null;
  cancelling: boolean;
}

function timeLeftText(seconds: number | null, t: Translate): string {
  if (seconds === null) return t('estimatingTime');
  const rounded = roundedTimeLeft(seconds);
  return rounded.unit === 'minutes'
    ? t('minutesLeft', String(rounded.value))
    : t('secondsLeft', String(rounded.value));
}

export function RunningStep({ t, job, secondsLeft, cancelling }: RunningStepProps) {
  const { total, done, failed } = job.progress;
  const processed = done + failed;
  const percent = total ? Math.round((processed / total) * 100) : 0;
  return (
    <>
      <p class="intro">{t('runningIntro', job.fileName)}</p>
      <div
        class="progress"
        role="progressbar"
        aria-label={t('importProgress')}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={processed}
        aria-valuetext={t('rowsProcessed', String(processed), String(total))}
      >
        <span class="progress-done" style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
        <span class="progress-failed" style={{ width: `${total ? (failed / total) * 100 : 0}%` }} />
      </div>
      <div class="progress-facts">
        <span>
          <strong>{percent}%</strong> · {t('rowsDoneFailed', String(done), String(total), String(failed))}
        </span>
        <span class="muted" role="status">
          {cancelling ? t('cancellingImport') : timeLeftText(secondsLeft, t)}
        </span>
      </div>
      <p class="hint">{t('runningCloseHint')}</p>
    </>
  );
}
