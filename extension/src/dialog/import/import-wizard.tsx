// The "Import users" wizard (docs/administrators.md#the-import-wizard), loaded only when the Import dialog opens. It wires the
// steps to the proxy: the state lives in wizard-state.ts, every call in import-api.ts, and each step component
// gets its data and callbacks, nothing else (docs/).
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { proxyEndpoint, tenantPath } from '../../common/proxy-request.ts';
import { DialogFrame } from '../dialog-frame.tsx';
import { downloadFromProxy } from '../proxy-download.ts';
import { useProxyDownload } from '../use-proxy-download.ts';
import type { ViewProps } from '../view-props.ts';
import { CHANGES_PAGE_SIZE } from './change-pages.ts';
import { ColumnsStep } from './columns-step.tsx';
import { DoneStep, type AccessLinkStatus } from './done-step.tsx';
import { HomeStep } from './home-step.tsx';
import { MAX_UPLOAD_BYTES, createImportApi, formatFileSize, type Upload } from './import-api.ts';
import { isFinished, type CellCorrection } from './import-types.ts';
import { ReviewStep, canStartImport } from './review-step.tsx';
import { RunningStep } from './running-step.tsx';
import { secondsLeft, type ProgressSample } from './time-left.ts';
import { UploadStep, type FileCheck } from './upload-step.tsx';
import {
  DEFAULT_CHOICES,
  HOME_FIELDS,
  blocksNext,
  mappingIssues,
  settingsFor,
  type WizardChoices,
} from './wizard-choices.ts';
import { WizardSteps } from './wizard-steps.tsx';
import { canGoNext, initialWizardState, wizardReducer, type ReadyDraft } from './wizard-state.ts';
import { parseCell } from '../../../../shared/fields/parse-cell.ts';
import type { FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import './import-wizard.css';

/** How often the running job is asked for its progress (~500 ms). */
export const POLL_INTERVAL_MS = 500;

/** What the proxy gets: the preview never carries the confirmation, so it always lists what needs one. */
function uploadOf(draft: ReadyDraft, forImport: boolean): Upload {
  const choices = forImport ? draft.choices : { ...draft.choices, confirmed: false };
  return {
    file: draft.file,
    settings: settingsFor(choices, draft.preview.columns),
    corrections: draft.corrections,
  };
}

function homeDefaultsValid(choices: WizardChoices): boolean {
  if (!choices.homeLocation.apply) return true;
  return HOME_FIELDS.every((field) => {
    const value = choices.homeLocation.defaults[field]?.trim();
    return !value || parseCell(field, value).ok;
  });
}

export default function ImportWizard({ t, language, access, save, onClose }: ViewProps) {
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);
  const api = useMemo(() => createImportApi(access, t, language), [access, t, language]);
  const [check, setCheck] = useState<FileCheck>({ state: 'idle' });
  const [busy, setBusy] = useState(false);
  const [stepError, setStepError] = useState<string | null>(null);
  const [download, startDownload, setDownload] = useProxyDownload(access, t, save);
  const [accessLink, setAccessLink] = useState<AccessLinkStatus>({ state: 'idle' });
  const [cancelling, setCancelling] = useState(false);
  const [timeLeft, setTimeLeft] = useState<number | null>(null);
  const [pollRetry, setPollRetry] = useState(0);
  const readCount = useRef(0);
  const firstSample = useRef<{ jobId: string; sample: ProgressSample } | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(state.step);

  // Reopened while an import runs, or after one: show it (closing the dialog never stops a job).
  useEffect(() => {
    void api.latest().then((result) => {
      if (!result.ok || !result.value) return;
      dispatch({ type: isFinished(result.value) ? 'last-job' : 'job', job: result.value });
    });
  }, [api]);

  // Keyboard users land on the new step's title, not on a button that just disappeared.
  useEffect(() => {
    if (shownStep.current === state.step) return;
    shownStep.current = state.step;
    setStepError(null);
    stepHeading.current?.focus();
  }, [state.step]);

  // Step 5: ask for the job's progress every ~500 ms until it has finished.
  const runningJob = state.step === 'running' ? state.job : null;
  useEffect(() => {
    if (!runningJob) return;
    const sample = { at: Date.now(), processed: runningJob.progress.done + runningJob.progress.failed };
    if (firstSample.current?.jobId !== runningJob.id) firstSample.current = { jobId: runningJob.id, sample };
    setTimeLeft(secondsLeft(firstSample.current.sample, sample, runningJob.progress.total));
    const timer = setTimeout(() => {
      void api.job(runningJob.id).then((result) => {
        if (result.ok) dispatch({ type: 'job', job: result.value });
        else setPollRetry((n) => n + 1);
      });
    }, POLL_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [runningJob, api, pollRetry]);

  const usersChanged = state.step === 'running' || state.step === 'done';
  const close = (): void => onClose(usersChanged);

  const readFile = async (file: File, choices: Pick<WizardChoices, 'sheet' | 'headerRow'>): Promise<void> => {
    const attempt = ++readCount.current;
    if (file.size > MAX_UPLOAD_BYTES) {
      setCheck({
        state: 'failed',
        sentence: t(
          'fileTooLarge',
          formatFileSize(file.size, language),
          formatFileSize(MAX_UPLOAD_BYTES, language),
        ),
      });
      return;
    }
    setCheck({ state: 'reading' });
    const result = await api.preview(
      { file, settings: settingsFor({ ...DEFAULT_CHOICES, ...choices }, null), corrections: [] },
      { offset: 0, limit: 1 },
    );
    if (attempt !== readCount.current) return;
    if (result.ok) {
      dispatch({ type: 'file-read', file, preview: result.value });
      setCheck({ state: 'idle' });
    } else setCheck({ state: 'failed', sentence: result.sentence });
  };

  // Only the answer to the latest preview counts: a slower earlier one (a correction, then "skip invalid rows")
  // must not replace the plan the administrator is looking at.
  const latestPreview = useRef(0);
  const plan = async (draft: ReadyDraft): Promise<void> => {
    const request = ++latestPreview.current;
    setBusy(true);
    setStepError(null);
    const result = await api.preview(uploadOf(draft, false), { offset: 0, limit: CHANGES_PAGE_SIZE });
    if (request !== latestPreview.current) return;
    setBusy(false);
    if (result.ok) dispatch({ type: 'planned', plan: result.value });
    else setStepError(result.sentence);
  };

  const startImport = async (draft: ReadyDraft): Promise<void> => {
    setBusy(true);
    setStepError(null);
    const result = await api.start(uploadOf(draft, true));
    setBusy(false);
    if (result.ok) dispatch({ type: 'job', job: result.value });
    else setStepError(result.sentence);
  };

  const cancelImport = async (id: string): Promise<void> => {
    setCancelling(true);
    const result = await api.cancel(id);
    setCancelling(false);
    if (result.ok) dispatch({ type: 'job', job: result.value });
    else setStepError(result.sentence);
  };

  const reportDownload = (id: string): Promise<void> =>
    startDownload(
      tenantPath(access.tenantId, `/imports/${encodeURIComponent(id)}/report`),
      // Sheet name, headers and outcomes in the page's language.
      language === 'de' ? { format: 'xlsx', lang: 'de' } : { format: 'xlsx' },
      'import-report.xlsx',
    );

  const saveSettings = async (draft: ReadyDraft | null): Promise<void> => {
    if (draft) {
      // Exactly what this import sent (docs/api-guide.md#the-settings-file), so a script can repeat it with POST …/imports.
      const text = JSON.stringify(uploadOf(draft, true).settings, null, 2);
      const fileName = 'import-settings.json';
      save(new Blob([text + '\n'], { type: 'application/json' }), fileName);
      setDownload({ state: 'done', fileName });
      return;
    }
    // Reopened on an earlier job: the proxy keeps the settings of the company's most recent import.
    await startDownload(tenantPath(access.tenantId, '/import-settings'), {}, 'import-settings.json');
  };

  const sendAccessLink = async (ids: readonly string[]): Promise<void> => {
    setAccessLink({ state: 'sending' });
    const result = await api.sendAccessLink(ids);
    setAccessLink(
      result.ok
        ? { state: 'sent', sent: result.value.sent, failed: result.value.failed.length }
        : { state: 'failed', sentence: result.sentence },
    );
  };

  const templateQuery: Record<string, string> = {
    format: 'xlsx',
    ...(language === 'de' ? { lang: 'de' } : {}),
  };
  const templateHref = proxyEndpoint(
    access.proxyUrl,
    tenantPath(access.tenantId, '/template'),
    templateQuery,
  );

  const back = (
    <button
      key="back"
      type="button"
      class="footer-start"
      disabled={busy}
      onClick={() => dispatch({ type: 'back' })}
    >
      {t('back')}
    </button>
  );
  // Keys keep each button its own element across steps: without them a primary Next would be morphed into
  // the next step's Cancel, and its colour would fade over instead of changing.
  const cancel = (
    <button key="cancel" type="button" onClick={close}>
      {t('cancel')}
    </button>
  );
  /** What the columns step and the home-location step both work on: the file's columns and the choices. */
  const mappingProps = (draft: ReadyDraft) => ({
    t,
    language,
    columns: draft.preview.columns,
    choices: draft.choices,
    onMap: (column: number, field: FieldKey | null) => dispatch({ type: 'map-column', column, field }),
    onChange: (choices: Partial<WizardChoices>) => dispatch({ type: 'change', choices }),
  });

  /** The step's footer: Back (where there is a step before), Cancel, and the step's primary button. */
  const stepFooter = (withBack: boolean, label: string, disabled: boolean, onClick: () => void) => (
    <>
      {withBack && back}
      {cancel}
      <button key="next" type="button" class="primary" disabled={disabled} onClick={onClick}>
        {label}
      </button>
    </>
  );

  let body;
  let footer;
  switch (state.step) {
    case 'upload': {
      const { draft } = state;
      body = (
        <UploadStep
          t={t}
          language={language}
          file={draft.file}
          preview={draft.preview}
          check={check}
          sheet={draft.choices.sheet}
          headerRow={draft.choices.headerRow}
          lastJob={state.lastJob}
          templateHref={templateHref}
          onChooseFile={(file) => {
            dispatch({ type: 'choose-file', file });
            void readFile(file, { sheet: undefined, headerRow: undefined });
          }}
          onChooseSheet={(sheet) => {
            if (!draft.file) return;
            dispatch({ type: 'choose-sheet', sheet });
            void readFile(draft.file, { ...draft.choices, sheet });
          }}
          onChooseHeaderRow={(headerRow) => {
            if (!draft.file) return;
            dispatch({ type: 'choose-header-row', headerRow });
            void readFile(draft.file, { ...draft.choices, headerRow });
          }}
          onDownloadTemplate={() =>
            void downloadFromProxy(
              access,
              tenantPath(access.tenantId, '/template'),
              templateQuery,
              'template.xlsx',
              t,
              save,
            ).then((outcome) =>
              setCheck(outcome.ok ? check : { state: 'failed', sentence: outcome.sentence }),
            )
          }
          onShowLastJob={() => state.lastJob && dispatch({ type: 'job', job: state.lastJob })}
        />
      );
      footer = stepFooter(false, t('next'), !canGoNext(state) || check.state !== 'idle', () =>
        dispatch({ type: 'next' }),
      );
      break;
    }
    case 'columns': {
      const { draft } = state;
      const blocked = mappingIssues(draft.choices, draft.preview.columns).some(blocksNext);
      body = <ColumnsStep {...mappingProps(state.draft)} />;
      footer = stepFooter(true, t('next'), blocked, () => dispatch({ type: 'next' }));
      break;
    }
    case 'home': {
      const { draft } = state;
      body = <HomeStep {...mappingProps(state.draft)} />;
      footer = stepFooter(true, t('next'), busy || !homeDefaultsValid(draft.choices), () => void plan(draft));
      break;
    }
    case 'review': {
      const { draft, plan: preview } = state;
      body = (
        <ReviewStep
          t={t}
          language={language}
          plan={preview}
          choices={draft.choices}
          busy={busy}
          loadPage={async (offset, limit) => {
            const result = await api.preview(uploadOf(draft, false), { offset, limit });
            return result.ok ? result.value.changes : null;
          }}
          onChange={(choices) => dispatch({ type: 'change', choices })}
          onSkipInvalidRows={(skip) => {
            const choices = { ...draft.choices, skipInvalidRows: skip };
            dispatch({ type: 'change', choices: { skipInvalidRows: skip } });
            void plan({ ...draft, choices });
          }}
          onCorrect={(correction: CellCorrection) => {
            dispatch({ type: 'correct', correction });
            const corrections = [
              ...draft.corrections.filter((c) => c.row !== correction.row || c.column !== correction.column),
              correction,
            ];
            void plan({ ...draft, corrections });
          }}
        />
      );
      footer = stepFooter(
        true,
        t('startImport'),
        busy || !canStartImport(preview, draft.choices),
        () => void startImport(draft),
      );
      break;
    }
    case 'running': {
      const { job } = state;
      body = <RunningStep t={t} job={job} secondsLeft={timeLeft} cancelling={cancelling} />;
      footer = (
        <button type="button" disabled={cancelling} onClick={() => void cancelImport(job.id)}>
          {t('cancel')}
        </button>
      );
      break;
    }
    case 'done': {
      const { job, draft } = state;
      body = (
        <DoneStep
          t={t}
          job={job}
          download={download}
          accessLink={accessLink}
          onSendAccessLink={() => void sendAccessLink(job.createdUserIds)}
        />
      );
      footer = (
        <>
          <button
            type="button"
            class="footer-start"
            disabled={download.state === 'busy'}
            onClick={() => void reportDownload(job.id)}
          >
            {t('downloadReport')}
          </button>
          <button type="button" disabled={download.state === 'busy'} onClick={() => void saveSettings(draft)}>
            {t('saveImportSettings')}
          </button>
          <button type="button" class="primary" onClick={close}>
            {t('close')}
          </button>
        </>
      );
      break;
    }
  }

  return (
    <DialogFrame
      title={t('importDialogTitle')}
      closeLabel={t('close')}
      onClose={close}
      hideHeaderClose={state.step === 'done'}
      footer={footer}
    >
      <WizardSteps step={state.step} t={t} headingRef={stepHeading} />
      {body}
      {stepError && (
        <p class="status error" role="alert">
          {stepError}
        </p>
      )}
      {busy && state.step === 'home' && (
        <p class="status" role="status">
          {t('preparingPreview')}
        </p>
      )}
    </DialogFrame>
  );
}
