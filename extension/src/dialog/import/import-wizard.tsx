// The "Import users" wizard (docs/administrators.md#the-import-wizard), loaded only when the Import dialog opens. It wires the
// steps to the proxy: the state lives in wizard-state.ts, every call in import-api.ts, and each step component
// gets its data and callbacks, nothing else (docs/). Hooks hold what is not the wizard's own state: the job on
// the proxy and its polling (use-import-job.ts), downloads (use-wizard-downloads.ts), the access link
// (use-access-link.ts), the kept work and the leave question (use-kept-work.ts).
// About 400 lines on purpose: the one place where the six steps' bodies and footers are wired together.
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { DialogFrame } from '../dialog-frame.tsx';
import type { ViewProps } from '../view-props.ts';
import { CHANGES_PAGE_SIZE } from './change-pages.ts';
import { ColumnsStep } from './columns-step.tsx';
import { DoneStep } from './done-step.tsx';
import { HomeStep } from './home-step.tsx';
import { MAX_UPLOAD_BYTES, createImportApi, formatFileSize, type Upload } from './import-api.ts';
import type { CellCorrection } from './import-types.ts';
import { ReviewStep, canStartImport, changesNothing } from './review-step.tsx';
import { RunningStep } from './running-step.tsx';
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
import { fileKey, readSavedDraft } from './saved-draft.ts';
import { ConfirmBox } from '../confirm-box.tsx';
import { canGoNext, initialWizardState, wizardReducer, type ReadyDraft } from './wizard-state.ts';
import { useAccessLink } from './use-access-link.ts';
import { useJobPolling, useLatestJob } from './use-import-job.ts';
import { useLeaveQuestion, useSavedDraft } from './use-kept-work.ts';
import { useWizardDownloads } from './use-wizard-downloads.ts';
import { parseCell } from '../../../../shared/fields/parse-cell.ts';
import type { FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import './import-wizard.css';

export { POLL_INTERVAL_MS } from './use-import-job.ts';

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
  const downloads = useWizardDownloads(access, t, language, save);
  const { download } = downloads;
  const accessLink = useAccessLink(api);
  const [cancelAsked, setCancelAsked] = useState(false);
  const readCount = useRef(0);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(state.step);

  const latestKnown = useLatestJob(api, dispatch);
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

  const timeLeft = useJobPolling(api, state.step === 'running' ? state.job : null, dispatch);

  useSavedDraft(state, session);
  const usersChanged = state.step === 'running' || state.step === 'done';
  const leaving = useLeaveQuestion(state, () => onClose(usersChanged));
  const { close } = leaving;

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
          templateHref={downloads.templateHref}
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
            void downloads
              .downloadTemplate()
              .then((outcome) =>
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
      const notNotified = accessLink.notNotifiedOf(job);
      body = (
        <DoneStep
          t={t}
          language={language}
          job={job}
          download={download}
          accessLink={accessLink.accessLink}
          notNotified={notNotified}
          onAskAccessLink={accessLink.ask}
          onConfirmAccessLink={(confirmed) => accessLink.answer(confirmed, job.id, notNotified)}
        />
      );
      footer = (
        <>
          <button
            type="button"
            class="footer-start"
            disabled={download.state === 'busy'}
            onClick={() => void downloads.reportDownload(job.id)}
          >
            {t('downloadReport')}
          </button>
          <button
            type="button"
            disabled={download.state === 'busy'}
            onClick={() => void downloads.saveSettings(draft && uploadOf(draft, true).settings)}
          >
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
      {leaving.askingLeave && (
        <ConfirmBox
          id="leave-question"
          question={t('leaveQuestion')}
          yes={t('leaveYes')}
          no={t('leaveNo')}
          onAnswer={leaving.answer}
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
