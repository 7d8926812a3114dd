// The "Import settings" dialog: downloads the tenant's most recent import settings, or the defaults
// (docs/api-guide.md#endpoints `GET /api/v1/tenants/{t}/import-settings`, docs/api-guide.md#the-settings-file). A button rather than an automatic
// download: browsers may block downloads that no click started.
import { tenantPath } from '../common/proxy-request.ts';
import { DownloadDialog } from './download-dialog.tsx';
import { importSettingsFile } from './import-settings-file.ts';
import { useProxyDownload } from './use-proxy-download.ts';
import type { ViewProps } from './view-props.ts';

export default function ImportSettingsView({ t, access, save, onClose }: ViewProps) {
  const [status, startDownload] = useProxyDownload(access, t, save);
  const download = () =>
    startDownload(
      tenantPath(access.tenantId, '/import-settings'),
      {},
      `import-settings-${access.tenantId}.json`,
      async (response) => importSettingsFile((await response.json()) as object, access.proxyUrl),
    );

  return (
    <DownloadDialog
      title={t('importSettingsDialogTitle')}
      dismissLabel={t('close')}
      t={t}
      status={status}
      onDownload={() => void download()}
      onClose={() => onClose(false)}
      focusDownload
    >
      <p class="intro">{t('importSettingsIntro')}</p>
    </DownloadDialog>
  );
}
