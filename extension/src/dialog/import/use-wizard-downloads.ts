// The wizard's downloads: the template (step 1), the import report and the import settings (Done). One status
// line for the report and the settings; the template's failure is told in step 1's file check.
import { proxyEndpoint, tenantPath } from '../../common/proxy-request.ts';
import type { Language, Translate } from '../../common/translate.ts';
import { importSettingsFile } from '../import-settings-file.ts';
import { downloadFromProxy, type ProxyAccess } from '../proxy-download.ts';
import { useProxyDownload } from '../use-proxy-download.ts';

export function useWizardDownloads(
  access: ProxyAccess,
  t: Translate,
  language: Language,
  save: (blob: Blob, fileName: string) => void,
) {
  const [download, startDownload, setDownload] = useProxyDownload(access, t, save);

  const templateQuery: Record<string, string> = {
    format: 'xlsx',
    ...(language === 'de' ? { lang: 'de' } : {}),
  };
  const templateHref = proxyEndpoint(
    access.proxyUrl,
    tenantPath(access.tenantId, '/template'),
    templateQuery,
  );
  /** The template; its outcome goes to step 1 (one sentence why not). */
  const downloadTemplate = () =>
    downloadFromProxy(
      access,
      tenantPath(access.tenantId, '/template'),
      templateQuery,
      'template.xlsx',
      t,
      save,
    );

  const reportDownload = (id: string): Promise<void> =>
    startDownload(
      tenantPath(access.tenantId, `/imports/${encodeURIComponent(id)}/report`),
      // Sheet name, headers and outcomes in the page's language.
      language === 'de' ? { format: 'xlsx', lang: 'de' } : { format: 'xlsx' },
      'import-report.xlsx',
    );

  /** `settings`: what this import sent; null when reopened on an earlier job. */
  const saveSettings = async (settings: object | null): Promise<void> => {
    if (settings) {
      // Exactly what this import sent (docs/api-guide.md#the-settings-file), so a script can repeat it with POST …/imports.
      const fileName = 'import-settings.json';
      save(importSettingsFile(settings, access.proxyUrl), fileName);
      setDownload({ state: 'done', fileName });
      return;
    }
    // Reopened on an earlier job: the proxy keeps the settings of the company's most recent import.
    await startDownload(
      tenantPath(access.tenantId, '/import-settings'),
      {},
      'import-settings.json',
      async (r) => importSettingsFile((await r.json()) as object, access.proxyUrl),
    );
  };

  return { download, templateHref, downloadTemplate, reportDownload, saveSettings };
}
