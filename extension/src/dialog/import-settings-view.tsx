// The "Import settings" dialog: downloads the tenant's most recent import settings, or the defaults
// (contract §4 `GET /api/v1/tenants/{t}/import-settings`, §5). A button rather than an automatic
// download: browsers may block downloads that no click started.
import { tenantPath } from '../common/proxy-request.ts';
import { DialogFrame } from './dialog-frame.tsx';
import { StatusLine } from './status-line.tsx';
import { useProxyDownload } from './use-proxy-download.ts';
import type { ViewProps } from './view-props.ts';

export default function ImportSettingsView({ t, access, save, onClose }: ViewProps) {
  const [status, startDownload] = useProxyDownload(access, t, save);
  const download = () =>
    startDownload(
      tenantPath(access.tenantId, '/import-settings'),
      {},
      `import-settings-${access.tenantId}.json`,
    );

  return (
    <DialogFrame
      title={t('importSettingsDialogTitle')}
      closeLabel={t('close')}
      onClose={() => onClose(false)}
      footer={
        <>
          <button type="button" onClick={() => onClose(false)}>
            {t('close')}
          </button>
          <button
            type="button"
            class="primary"
            disabled={status.state === 'busy'}
            onClick={() => void download()}
            data-autofocus
          >
            {t('download')}
          </button>
        </>
      }
    >
      <p class="intro">{t('importSettingsIntro')}</p>
      <StatusLine status={status} t={t} />
    </DialogFrame>
  );
}
