// Wizard step 1: a drop zone around a real `<input type="file">` (contract §8).
import { useState } from 'preact/hooks';
import type { Translate } from '../../common/translate.ts';

/** What the proxy reads (contract §4: XLSX, XLS, ODS, CSV or TSV). */
export const ACCEPTED_FILES = '.xlsx,.xls,.ods,.csv,.tsv,.txt';

export interface UploadStepProps {
  t: Translate;
  file: File | null;
  onChooseFile: (file: File) => void;
}

export function UploadStep({ t, file, onChooseFile }: UploadStepProps) {
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer?.files[0];
    if (dropped) onChooseFile(dropped);
  };

  return (
    <>
      <p class="intro">{t('uploadIntro')}</p>
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
          }}
        />
        <label for="import-file" class="file-button">
          {t('chooseFile')}
        </label>
        <p class="drop-hint">{t('acceptedFiles')}</p>
      </div>
      <p class="status" role="status">
        {file ? t('selectedFile', file.name) : ''}
      </p>
    </>
  );
}
