// A dialog whose one action is downloading a file from the proxy (export, import settings): its frame, a
// dismiss button, the Download button (off while a download runs) and the status line below the content.
import type { ComponentChildren } from 'preact';
import type { Translate } from '../common/translate.ts';
import { DialogFrame } from './dialog-frame.tsx';
import { StatusLine, type DownloadStatus } from './status-line.tsx';

export interface DownloadDialogProps {
  title: string;
  /** The label of the button that closes the dialog without downloading. */
  dismissLabel: string;
  t: Translate;
  status: DownloadStatus;
  onDownload: () => void;
  onClose: () => void;
  /** Focus goes to Download when the dialog opens (it has nothing else to choose). */
  focusDownload?: boolean;
  children: ComponentChildren;
}

export function DownloadDialog(props: DownloadDialogProps) {
  const { t, status } = props;
  return (
    <DialogFrame
      title={props.title}
      closeLabel={t('close')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {props.dismissLabel}
          </button>
          <button
            type="button"
            class="primary"
            disabled={status.state === 'busy'}
            onClick={props.onDownload}
            data-autofocus={props.focusDownload || undefined}
          >
            {t('download')}
          </button>
        </>
      }
    >
      {props.children}
      <StatusLine status={status} t={t} />
    </DialogFrame>
  );
}
