// Wizard step 6: how the import went, its report, the access link for the new users (nobody is
// notified before this click, and the click asks first), and the settings file that reproduces this import.
// The counts are what the job really did (its `results`), never what was planned: a cancelled import of
// 20,000 rows that wrote 8,500 says 8,500.
import { countSentence, type Language, type Translate } from '../../common/translate.ts';
import { formatCount } from './format-count.ts';
import type { ImportJob } from './import-types.ts';
import type { DownloadStatus } from '../status-line.tsx';
import { StatusLine } from '../status-line.tsx';
import { ConfirmBox } from '../confirm-box.tsx';

export type AccessLinkStatus =
  | { state: 'idle' }
  /** Asked "Send the access link to N new users?", waiting for the answer. */
  | { state: 'confirming' }
  | { state: 'sending' }
  | { state: 'sent'; sent: number; failed: number }
  | { state: 'failed'; sentence: string };

export interface DoneStepProps {
  t: Translate;
  language: Language;
  job: ImportJob;
  download: DownloadStatus;
  accessLink: AccessLinkStatus;
  /** New users who have not been sent their access link yet (all of them before the first click). */
  notNotified: readonly string[];
  onAskAccessLink: () => void;
  onConfirmAccessLink: (confirmed: boolean) => void;
}

function outcomeTitle(job: ImportJob, t: Translate): string {
  switch (job.status) {
    case 'succeeded':
      return t('importSucceeded');
    case 'partially_failed':
      return t('importPartiallyFailed');
    case 'cancelled':
      return t('importCancelled');
    default:
      return t('importFailed');
  }
}

/** The summary cards: what happened to the rows, the zero ones greyed, "not attempted" only when there are. */
export function doneFacts(job: ImportJob, t: Translate): [string, number][] {
  const r = job.results;
  const facts: [string, number][] = [
    [t('summaryCreated'), r.created],
    [t('summaryUpdated'), r.updated],
    [t('summaryDeactivated'), r.deactivated],
    [t('summaryUnchanged'), r.unchanged],
    [t('summaryFailed'), r.failed],
  ];
  if (r.invalid) facts.push([t('summaryInvalidSkipped'), r.invalid]);
  // Rows left out on purpose, such as those no license was free for.
  if (r.skipped) facts.push([t('summarySkipped'), r.skipped]);
  if (r.notAttempted) facts.push([t('summaryNotAttempted'), r.notAttempted]);
  return facts;
}

/** One plain sentence under the title; a stopped import says that what was done stays done. */
function outcomeSentence(job: ImportJob, t: Translate, language: Language): string {
  const { done, total } = job.progress;
  const count = (value: number) => formatCount(value, language);
  if (job.status === 'cancelled' || job.status === 'failed')
    return countSentence(
      t,
      language,
      total,
      'doneStoppedOne',
      'doneStopped',
      job.fileName,
      count(done),
      count(total),
    );
  return countSentence(
    t,
    language,
    total,
    'doneFactsOne',
    'doneFacts',
    job.fileName,
    count(done),
    count(total),
  );
}

export function DoneStep(props: DoneStepProps) {
  const { t, language, job, download, accessLink, notNotified } = props;
  const created = job.createdUserIds.length;
  const ok = job.status === 'succeeded';
  const count = (value: number) => formatCount(value, language);
  const busy = accessLink.state === 'sending' || accessLink.state === 'confirming';
  return (
    <>
      <div class={`outcome ${ok ? 'success' : 'problem'}`} role="status">
        <p class="outcome-title">{outcomeTitle(job, t)}</p>
        <p>
          {outcomeSentence(job, t, language)}
          {/* The reason of a failure comes from the proxy; a cancel needs none. */}
          {job.message && job.status === 'failed' ? ` ${job.message}` : ''}
        </p>
      </div>
      <ul class="summary-cards compact" aria-label={t('summaryLabel')}>
        {doneFacts(job, t).map(([label, value]) => (
          <li key={label} class={`card${value ? '' : ' zero'}`}>
            <span class="card-count">{count(value)}</span>
            <span class="card-label">{label}</span>
          </li>
        ))}
      </ul>
      <div class="access-link">
        <div class="access-link-row">
          <p id="access-link-text">
            {created ? t('accessLinkPending', count(notNotified.length)) : t('accessLinkNobody')}
          </p>
          <button
            type="button"
            aria-describedby="access-link-text"
            disabled={notNotified.length === 0 || busy}
            onClick={props.onAskAccessLink}
          >
            {t('sendAccessLink')}
          </button>
        </div>
        {accessLink.state === 'confirming' && (
          <ConfirmBox
            id="access-link-question"
            question={countSentence(
              t,
              language,
              notNotified.length,
              'accessLinkConfirmOne',
              'accessLinkConfirm',
              count(notNotified.length),
            )}
            yes={t('accessLinkConfirmYes')}
            no={t('accessLinkConfirmNo')}
            onAnswer={props.onConfirmAccessLink}
          />
        )}
        {accessLink.state === 'sent' && (
          <p class="status success" role="status">
            {countSentence(
              t,
              language,
              accessLink.sent,
              'accessLinkSentOne',
              'accessLinkSent',
              count(accessLink.sent),
            )}
            {accessLink.failed ? ` ${t('accessLinkFailed', count(accessLink.failed))}` : ''}
          </p>
        )}
        {accessLink.state === 'failed' && (
          <p class="status error" role="alert">
            {accessLink.sentence}
          </p>
        )}
      </div>
      <StatusLine status={download} t={t} />
    </>
  );
}
