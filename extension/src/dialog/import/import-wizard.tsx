// The "Import users" wizard (docs/administrators.md#the-import-wizard), loaded only when the Import dialog opens. It wires the
// steps to the proxy: the state lives in wizard-state.ts, every call in import-api.ts, and each step component
// gets its data and callbacks, nothing else (docs/).
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { proxyEndpoint, tenantPath } from '../../common/proxy-request.ts';
import { DialogFrame } from '../dialog-frame.tsx';
import { importSettingsFile } from '../import-settings-file.ts';
import { downloadFromProxy } from '../proxy-download.ts';
import { useProxyDownload } from '../use-proxy-download.ts';
import type { ViewProps } from '../view-props.ts';
import { CHANGES_PAGE_SIZE } from './change-pages.ts';
import { ColumnsStep } from './columns-step.tsx';
import { DoneStep, type AccessLinkStatus } from './done-step.tsx';
import { HomeStep } from './home-step.tsx';
import { MAX_UPLOAD_BYTES, createImportApi, formatFileSize, type Upload } from './import-api.ts';
import { isFinished, type CellCorrection } from './import-types.ts';
import { ReviewStep, canStartImport, changesNothing } from './review-step.tsx';
import { RunningStep } from './running-step.tsx';
import { keepSamples, secondsLeft, type ProgressSample } from './time-left.ts';
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
import { fileKey, headerMapping, readSavedDraft, writeSavedDraft } from './saved-draft.ts';
import { ConfirmBox } from '../confirm-box.tsx';
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

export default function ImportWizard({ t, language, access, save, onClose, session }: ViewProps) {
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);
  const api = useMemo(() => createImportApi(access, t, language), [access, t, language]);
  const [check, setCheck] = useState<FileCheck>({ state: 'idle' });
  const [busy, setBusy] = useState(false);
  const [stepError, setStepError] = useState<string | null>(null);
  const [download, startDownload, setDownload] = useProxyDownload(access, t, save);
  const [accessLink, setAccessLink] = useState<AccessLinkStatus>({ state: 'idle' });
  /** New users of the shown job whose access link was sent from this wizard. */
  const [notified, setNotified] = useState<{ jobId: string; ids: readonly string[] }>({ jobId: '', ids: [] });
  const [cancelAsked, setCancelAsked] = useState(false);
  const [timeLeft, setTimeLeft] = useState<number | null>(null);
  const [pollRetry, setPollRetry] = useState(0);
  const readCount = useRef(0);
  const samples = useRef<{ jobId: string; kept: ProgressSample[] }>({ jobId: '', kept: [] });
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(state.step);

  // Reopened while an import runs, or after one: show it (closing the dialog never stops a job). Step 1 waits
  // for this answer, so a running import appears at once instead of after a glimpse of step 1.
  const [latestKnown, setLatestKnown] = useState(false);
  useEffect(() => {
    void api.latest().then((result) => {
      if (result.ok && result.value)
        dispatch({ type: isFinished(result.value) ? 'last-job' : 'job', job: result.value });
      setLatestKnown(true);
    });
  }, [api]);
  // Step 1 was hidden when the frame gave the first focus: the file input gets it once step 1 shows.
  useEffect(() => {
    if (latestKnown && shownStep.current === 'upload') document.getElementById('import-file')?.focus();
  }, [latestKnown]);

  // Keyboard users land on the new step's title, not on a button that just disappeared.
  useEffect(() => {
    if (shownStep.current === state.step) return;
    shownStep.current = state.step;
    setStepError(null);
    setCancelAsked(false);
    stepHeading.current?.focus();
  }, [state.step]);

  // Step 5: ask for the job's progress every ~500 ms until it has finished.
  const runningJob = state.step === 'running' ? state.job : null;
  useEffect(() => {
    if (!runningJob) return;
    const sample = { at: Date.now(), processed: runningJob.progress.done + runningJob.progress.failed };
    const before = samples.current.jobId === runningJob.id ? samples.current.kept : [];
    samples.current = { jobId: runningJob.id, kept: keepSamples(before, sample) };
    setTimeLeft(secondsLeft(samples.current.kept, runningJob.progress.total));
    const timer = setTimeout(() => {
      void api.job(runningJob.id).then((result) => {
        if (result.ok) dispatch({ type: 'job', job: result.value });
        else setPollRetry((n) => n + 1);
      });
    }, POLL_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [runningJob, api, pollRetry]);

  // The work so far is kept while the administrator may come back to it, and dropped once the import started.
  useEffect(() => {
    if (state.step === 'running' && state.draft) writeSavedDraft(session, null);
    if (state.step !== 'columns' && state.step !== 'home' && state.step !== 'review') return;
    const { file, choices, corrections, preview } = state.draft;
    writeSavedDraft(session, {
      fileKey: fileKey(file),
      step: state.step,
      choices,
      corrections,
      headers: headerMapping(choices, preview.columns),
    });
  }, [state, session]);

  const usersChanged = state.step === 'running' || state.step === 'done';
  // Leaving with choices made asks first; they are kept for this file either way.
  const [askingLeave, setAskingLeave] = useState(false);
  const hasChoices =
    state.step === 'columns' ||
    state.step === 'home' ||
    state.step === 'review' ||
    (state.step === 'upload' && state.draft.preview !== null);
  const close = (): void => {
    if (hasChoices && !askingLeave) setAskingLeave(true);
    else if (askingLeave) setAskingLeave(false);
    else onClose(usersChanged);
  };

  const readFile = async (
    file: File,
    choices: Pick<WizardChoices, 'sheet' | 'headerRow'>,
    continueSaved = false,
  ): Promise<void> => {
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
    if (!result.ok) {
      setCheck({ state: 'failed', sentence: result.sentence });
      return;
    }
    dispatch({ type: 'file-read', file, preview: result.value });
    setCheck({ state: 'idle' });
    const saved = continueSaved ? await readSavedDraft(session) : null;
    if (!saved || attempt !== readCount.current) return;
    if (saved.fileKey !== fileKey(file)) {
      dispatch({ type: 'carry', headers: saved.headers });
      return;
    }
    // The same file as before the dialog was closed: continue where the administrator left off.
    dispatch({ type: 'restore', file, saved });
    if (saved.step === 'review')
      void plan({ file, preview: result.value, choices: saved.choices, corrections: saved.corrections });
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

  const startImport = async (draft: ReadyDraft, previewId: string): Promise<void> => {
    setBusy(true);
    setStepError(null);
    const result = await api.start({ ...uploadOf(draft, true), previewId });
    setBusy(false);
    if (result.ok) dispatch({ type: 'job', job: result.value });
    else setStepError(result.sentence);
  };

  // "Cancelling…" stays until the job has ended: the proxy finishes the writes in flight first.
  const cancelImport = async (id: string): Promise<void> => {
    setCancelAsked(true);
    const result = await api.cancel(id);
    if (result.ok) dispatch({ type: 'job', job: result.value });
    else {
      setCancelAsked(false);
      setStepError(result.sentence);
    }
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
      const fileName = 'import-settings.json';
      save(importSettingsFile(uploadOf(draft, true).settings, access.proxyUrl), fileName);
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

  const sendAccessLink = async (jobId: string, ids: readonly string[]): Promise<void> => {
    setAccessLink({ state: 'sending' });
    const result = await api.sendAccessLink(ids);
    if (!result.ok) {
      setAccessLink({ state: 'failed', sentence: result.sentence });
      return;
    }
    const missed = new Set(result.value.failed.map((failure) => failure.id));
    const reached = ids.filter((id) => !missed.has(id));
    setNotified((before) => ({
      jobId,
      ids: before.jobId === jobId ? [...before.ids, ...reached] : reached,
    }));
    setAccessLink({ state: 'sent', sent: result.value.sent, failed: missed.size });
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
            void readFile(file, { sheet: undefined, headerRow: undefined }, true);
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
      footer = latestKnown
        ? stepFooter(false, t('next'), !canGoNext(state) || check.state !== 'idle', () =>
            dispatch({ type: 'next' }),
          )
        : cancel;
      body = (
        <>
          {!latestKnown && (
            <p class="status" role="status">
              {t('lookingForImport')}
            </p>
          )}
          <div hidden={!latestKnown}>{body}</div>
        </>
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
        () => void startImport(draft, preview.previewId),
      );
      break;
    }
    case 'running': {
      const { job } = state;
      const cancelling = cancelAsked || job.cancelling;
      body = (
        <RunningStep t={t} language={language} job={job} secondsLeft={timeLeft} cancelling={cancelling} />
      );
      footer = (
        <button type="button" disabled={cancelling} onClick={() => void cancelImport(job.id)}>
          {cancelling ? t('cancellingButton') : t('cancel')}
        </button>
      );
      break;
    }
    case 'done': {
      const { job, draft } = state;
      const sentTo = new Set(notified.jobId === job.id ? notified.ids : []);
      const notNotified = job.createdUserIds.filter((id) => !sentTo.has(id));
      body = (
        <DoneStep
          t={t}
          language={language}
          job={job}
          download={download}
          accessLink={accessLink}
          notNotified={notNotified}
          onAskAccessLink={() => setAccessLink({ state: 'confirming' })}
          onConfirmAccessLink={(confirmed) =>
            confirmed ? void sendAccessLink(job.id, notNotified) : setAccessLink({ state: 'idle' })
          }
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
      {askingLeave && (
        <ConfirmBox
          id="leave-question"
          question={t('leaveQuestion')}
          yes={t('leaveYes')}
          no={t('leaveNo')}
          onAnswer={(leave) => (leave ? onClose(usersChanged) : setAskingLeave(false))}
        />
      )}
      {body}
      {stepError && (
        <p class="status error" role="alert">
          {stepError}
        </p>
      )}
      {state.step === 'review' && !busy && changesNothing(state.plan) && (
        <p class="status" role="status">
          {t('nothingToImport')}
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
