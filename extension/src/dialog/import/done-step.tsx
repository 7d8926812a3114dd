// Wizard step 6: how the import went, its report, the access link for the new users (nobody is
// notified before this click), and the settings file that reproduces this import from a script.
import type { Translate } from '../../common/translate.ts';
import type { ImportJob } from './import-types.ts';
import type { DownloadStatus } from '../status-line.tsx';
import { StatusLine } from '../status-line.tsx';

export type AccessLinkStatus =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'sent'; sent: number; failed: number }
  | { state: 'failed'; sentence: string };

export interface DoneStepProps {
  t: Translate;
  job: ImportJob;
  download: DownloadStatus;
  accessLink: AccessLinkStatus;
  onSendAccessLink: () => void;
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

export function DoneStep({ t, job, download, accessLink, onSendAccessLink }: DoneStepProps) {
  const created = job.createdUserIds.length;
  const s = job.summary;
  const facts: [string, number][] = [
    [t('summaryCreated'), created],
    [t('summaryUpdated'), s.update ?? 0],
    [t('summaryDeactivated'), s.deactivate ?? 0],
    [t('summaryUnchanged'), s.unchanged ?? 0],
    [t('summaryFailed'), job.progress.failed],
  ];
  if (s.invalid) facts.push([t('summaryInvalidSkipped'), s.invalid]);
  const ok = job.status === 'succeeded';
  return (
    <>
      <div class={`outcome ${ok ? 'success' : 'problem'}`} role="status">
        <p class="outcome-title">{outcomeTitle(job, t)}</p>
        <p>
          {t('doneFacts', job.fileName, String(job.progress.done), String(job.progress.total))}
          {job.message ? ` ${job.message}` : ''}
        </p>
      </div>
      <ul class="summary-cards compact" aria-label={t('summaryLabel')}>
        {facts.map(([label, count]) => (
          <li key={label} class={`card${count ? '' : ' zero'}`}>
            <span class="card-count">{count}</span>
            <span class="card-label">{label}</span>
          </li>
        ))}
      </ul>
      <div class="access-link">
        <div class="access-link-row">
          <p id="access-link-text">
            {created ? t('accessLinkPending', String(created)) : t('accessLinkNobody')}
          </p>
          <button
            type="button"
            aria-describedby="access-link-text"
            disabled={created === 0 || accessLink.state === 'sending' || accessLink.state === 'sent'}
            onClick={onSendAccessLink}
          >
            {t('sendAccessLink')}
          </button>
        </div>
        {accessLink.state === 'sent' && (
          <p class="status success" role="status">
            {t('accessLinkSent', String(accessLink.sent))}
            {accessLink.failed ? ` ${t('accessLinkFailed', String(accessLink.failed))}` : ''}
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
