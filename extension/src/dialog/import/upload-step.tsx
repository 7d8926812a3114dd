// Wizard step 1: a drop zone around a real `<input type="file">` (docs/administrators.md#the-import-wizard), the file's name and
// size, what the proxy detected in it (sheet, delimiter, encoding), a sheet choice for workbooks with several
// sheets, the template download, and the running or last import.
import { useRef, useState } from 'preact/hooks';
import type { Language, Translate } from '../../common/translate.ts';
import { formatFileSize } from './import-api.ts';
import type { ImportJob, ImportPreview } from './import-types.ts';

/** What the proxy reads (docs/api-guide.md#endpoints: XLSX, XLS, ODS, CSV or TSV). */
export const ACCEPTED_FILES = '.xlsx,.xls,.ods,.csv,.tsv,.txt';

export type FileCheck = { state: 'idle' } | { state: 'reading' } | { state: 'failed'; sentence: string };

export interface UploadStepProps {
  t: Translate;
  language: Language;
  file: File | null;
  preview: ImportPreview | null;
  check: FileCheck;
  sheet: string | undefined;
  headerRow: number | undefined;
  lastJob: ImportJob | null;
  templateHref: string;
  onChooseFile: (file: File) => void;
  onChooseSheet: (sheet: string) => void;
  onChooseHeaderRow: (row: number | undefined) => void;
  onDownloadTemplate: () => void;
  onShowLastJob: () => void;
}

function delimiterName(delimiter: string, t: Translate): string {
  if (delimiter === ';') return t('detectedSemicolon');
  if (delimiter === ',') return t('detectedComma');
  if (delimiter === '\t') return t('delimiterTab');
  return delimiter;
}

function Detected({ preview, t }: { preview: ImportPreview; t: Translate }) {
  const { file } = preview;
  const facts: [string, string][] = [];
  if (file.sheetName) facts.push([t('detectedSheet'), file.sheetName]);
  if (file.delimiter) facts.push([t('detectedDelimiter'), delimiterName(file.delimiter, t)]);
  if (file.encoding) facts.push([t('detectedEncoding'), file.encoding]);
  facts.push([t('detectedHeaderRow'), String(file.headerRow)]);
  facts.push([t('detectedRows'), String(file.dataRows)]);
  return (
    <dl class="detected" aria-label={t('detectedLabel')}>
      {facts.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** For sheets whose column names are not found automatically (e.g. an unknown key column) or title rows. */
function HeaderRowInput({
  t,
  headerRow,
  onChoose,
}: {
  t: Translate;
  headerRow: number | undefined;
  onChoose: (row: number | undefined) => void;
}) {
  const [text, setText] = useState(headerRow ? String(headerRow) : '');
  // Enter fires keydown and then change before the dialog renders the new choice: the file is read once for it.
  const sent = useRef<{ from: number | undefined; chosen: number | undefined } | null>(null);
  const apply = (): void => {
    const row = Number.parseInt(text, 10);
    const chosen = Number.isInteger(row) && row >= 1 ? row : undefined;
    if (chosen === headerRow) return;
    const last = sent.current;
    if (last && last.from === headerRow && last.chosen === chosen) return;
    sent.current = { from: headerRow, chosen };
    onChoose(chosen);
  };
  return (
    <label class="field inline header-row">
      <span>{t('headerRowLabel')}</span>
      <input
        type="number"
        min={1}
        inputMode="numeric"
        value={text}
        placeholder={t('headerRowAuto')}
        onInput={(event) => setText(event.currentTarget.value)}
        onChange={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
        }}
      />
    </label>
  );
}

export function UploadStep(props: UploadStepProps) {
  const { t, language, file, preview, check, onChooseFile } = props;
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer?.files[0];
    if (dropped) onChooseFile(dropped);
  };
  const sheetNames = preview?.file.sheetNames ?? [];

  return (
    <>
      <p class="intro">
        {t('uploadIntro')}{' '}
        <a
          href={props.templateHref}
          onClick={(event) => {
            event.preventDefault();
            props.onDownloadTemplate();
          }}
        >
          {t('downloadTemplate')}
        </a>
      </p>
      {props.lastJob && (
        <div class="last-job">
          <span>
            {t('lastImport', props.lastJob.fileName)}
            {props.lastJob.finishedAt
              ? ` · ${new Date(props.lastJob.finishedAt).toLocaleString(language)}`
              : ''}
          </span>
          <button type="button" class="small" onClick={props.onShowLastJob}>
            {t('showLastImport')}
          </button>
        </div>
      )}
      <div
        class={`drop-zone${dragging ? ' dragging' : ''}${file ? ' has-file' : ''}`}
        data-testid="drop-zone"
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => event.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <svg class="drop-icon" viewBox="0 0 24 24" width="36" height="36" aria-hidden="true">
          <path
            d="M12 16V4m0 0l-4.5 4.5M12 4l4.5 4.5M4 15v3a2 2 0 002 2h12a2 2 0 002-2v-3"
            fill="none"
            stroke="currentColor"
            stroke-width="1.6"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
        </svg>
        <p class="drop-title">{t('dropZoneTitle')}</p>
        <p class="drop-or">{t('dropZoneOr')}</p>
        <input
          id="import-file"
          class="visually-hidden"
          type="file"
          accept={ACCEPTED_FILES}
          data-autofocus
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0];
            if (chosen) onChooseFile(chosen);
            // The same file chosen again (after editing it) must be read again.
            event.currentTarget.value = '';
          }}
        />
        <label for="import-file" class="file-button">
          {t('chooseFile')}
        </label>
        <p class="drop-hint">{t('acceptedFiles')}</p>
      </div>
      <div class="file-facts">
        <p class="status" role="status">
          {file ? `${t('selectedFile', file.name)} · ${formatFileSize(file.size, language)}` : ''}
          {check.state === 'reading' ? ` · ${t('readingFile')}` : ''}
        </p>
        {check.state === 'failed' && (
          <p class="status error" role="alert">
            {check.sentence}
          </p>
        )}
        {preview && check.state !== 'failed' && <Detected preview={preview} t={t} />}
        {file && (
          <HeaderRowInput
            key={props.headerRow ?? 0}
            t={t}
            headerRow={props.headerRow}
            onChoose={props.onChooseHeaderRow}
          />
        )}
        {sheetNames.length > 1 && (
          <label class="field inline">
            <span>{t('chooseSheet')}</span>
            <select
              value={props.sheet ?? preview?.file.sheetName ?? ''}
              onChange={(event) => props.onChooseSheet(event.currentTarget.value)}
            >
              {sheetNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </>
  );
}
