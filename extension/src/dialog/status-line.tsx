// The one line under a download: progress, success, or the problem as one sentence.
import type { Translate } from '../common/translate.ts';

export type DownloadStatus =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; fileName: string }
  | { state: 'failed'; sentence: string };

export function StatusLine({ status, t }: { status: DownloadStatus; t: Translate }) {
  switch (status.state) {
    case 'idle':
      return <p class="status" role="status" />;
    case 'busy':
      return (
        <p class="status" role="status">
          {t('preparingFile')}
        </p>
      );
    case 'done':
      return (
        <p class="status success" role="status">
          {t('downloadedFile', status.fileName)}
        </p>
      );
    case 'failed':
      return (
        <p class="status error" role="alert">
          {status.sentence}
        </p>
      );
  }
}
