// Wizard step 5: the job's progress — rows done and failed, an estimate of the time left. Closing
// the dialog does not stop the import; reopening the wizard comes back here. After Cancel it says "Cancelling…"
// until the writes in flight have ended.
import { countSentence, type Language, type Translate } from '../../common/translate.ts';
import { formatCount } from './format-count.ts';
import type { ImportJob } from './import-types.ts';
import { roundedTimeLeft } from './time-left.ts';

export interface RunningStepProps {
  t: Translate;
  language: Language;
  job: ImportJob;
  /** Seconds left, null while unknown. */
  secondsLeft: number | null;
  cancelling: boolean;
}

function timeLeftText(seconds: number | null, t: Translate, language: Language): string {
  if (seconds === null) return t('estimatingTime');
  const rounded = roundedTimeLeft(seconds);
  const value = formatCount(rounded.value, language);
  return rounded.unit === 'minutes'
    ? countSentence(t, language, rounded.value, 'minutesLeftOne', 'minutesLeft', value)
    : countSentence(t, language, rounded.value, 'secondsLeftOne', 'secondsLeft', value);
}

export function RunningStep({ t, language, job, secondsLeft, cancelling }: RunningStepProps) {
  const { total, done, failed } = job.progress;
  const processed = done + failed;
  const percent = total ? Math.round((processed / total) * 100) : 0;
  const count = (value: number) => formatCount(value, language);
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
        aria-valuetext={countSentence(
          t,
          language,
          total,
          'rowsProcessedOne',
          'rowsProcessed',
          count(processed),
          count(total),
        )}
      >
        <span class="progress-done" style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
        <span class="progress-failed" style={{ width: `${total ? (failed / total) * 100 : 0}%` }} />
      </div>
      <div class="progress-facts">
        <span>
          <strong>{percent}%</strong> ·{' '}
          {countSentence(
            t,
            language,
            total,
            'rowsDoneFailedOne',
            'rowsDoneFailed',
            count(done),
            count(total),
            count(failed),
          )}
        </span>
        <span class="muted" role="status">
          {cancelling ? t('cancellingImport') : timeLeftText(secondsLeft, t, language)}
        </span>
      </div>
      <p class="hint">{t('runningCloseHint')}</p>
    </>
  );
}
