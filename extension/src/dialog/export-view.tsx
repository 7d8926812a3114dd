// The "Export users" dialog: XLSX, ODS or CSV (with `;` or `,`), then Download (docs/api-guide.md#endpoints
// `GET /api/v1/tenants/{t}/users/export`). The file gets the server's name; a refusal is one sentence. Once the
// file is downloaded there is nothing to cancel: the dismiss button says Close.
import { useState } from 'preact/hooks';
import { tenantPath } from '../common/proxy-request.ts';
import { DownloadDialog } from './download-dialog.tsx';
import { useProxyDownload } from './use-proxy-download.ts';
import type { ViewProps } from './view-props.ts';

type ExportFormat = 'xlsx' | 'ods' | 'csv';

const FORMATS = [
  { value: 'xlsx', label: 'formatXlsx' },
  { value: 'ods', label: 'formatOds' },
  { value: 'csv', label: 'formatCsv' },
] as const satisfies readonly { value: ExportFormat; label: string }[];
type CsvDelimiter = ';' | ',';

/** The query of the export request: German headers and values for a German page (docs/api-guide.md#endpoints `lang`). */
export function exportQuery(
  format: ExportFormat,
  delimiter: CsvDelimiter,
  language: string,
): Record<string, string> {
  return {
    format,
    ...(format === 'csv' ? { delimiter } : {}),
    ...(language === 'de' ? { lang: 'de' } : {}),
  };
}

export default function ExportView({ t, language, access, save, onClose }: ViewProps) {
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  // Excel reads `;` in German locales and `,` in English ones.
  const [delimiter, setDelimiter] = useState<CsvDelimiter>(language === 'de' ? ';' : ',');
  const [status, startDownload] = useProxyDownload(access, t, save);
  const download = () =>
    startDownload(
      tenantPath(access.tenantId, '/users/export'),
      exportQuery(format, delimiter, language),
      `users.${format}`,
    );

  return (
    <DownloadDialog
      title={t('exportDialogTitle')}
      dismissLabel={status.state === 'done' ? t('close') : t('cancel')}
      t={t}
      status={status}
      onDownload={() => void download()}
      onClose={() => onClose(false)}
    >
      <p class="intro">{t('exportIntro')}</p>
      <fieldset>
        <legend>{t('fileFormat')}</legend>
        {FORMATS.map(({ value, label }) => (
          <label class="choice" key={value}>
            <input
              type="radio"
              name="format"
              value={value}
              checked={format === value}
              onChange={() => setFormat(value)}
              data-autofocus={value === 'xlsx' ? true : undefined}
            />
            {t(label)}
          </label>
        ))}
      </fieldset>
      {format === 'csv' && (
        <label class="field">
          <span>{t('csvDelimiter')}</span>
          <select
            value={delimiter}
            onChange={(event) => setDelimiter(event.currentTarget.value === ',' ? ',' : ';')}
          >
            <option value=";">{t('delimiterSemicolon')}</option>
            <option value=",">{t('delimiterComma')}</option>
          </select>
        </label>
      )}
    </DownloadDialog>
  );
}
