// The "Import users" wizard (contract §8), loaded only when the Import dialog opens.
import { useReducer } from 'preact/hooks';
import { DialogFrame } from '../dialog-frame.tsx';
import type { ViewProps } from '../view-props.ts';
import { UploadStep } from './upload-step.tsx';
import { canGoNext, initialWizardState, wizardReducer } from './wizard-state.ts';

export default function ImportWizard({ t, onClose }: ViewProps) {
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState);
  // No step writes anything yet; once the import step exists it reports changed users here.
  const close = (): void => onClose(false);

  return (
    <DialogFrame
      title={t('importDialogTitle')}
      closeLabel={t('close')}
      onClose={close}
      footer={
        <>
          {state.step !== 'upload' && (
            <button type="button" class="footer-start" onClick={() => dispatch({ type: 'back' })}>
              {t('back')}
            </button>
          )}
          <button type="button" onClick={close}>
            {t('cancel')}
          </button>
          {state.step === 'upload' && (
            <button
              type="button"
              class="primary"
              disabled={!canGoNext(state)}
              onClick={() => dispatch({ type: 'next' })}
            >
              {t('next')}
            </button>
          )}
        </>
      }
    >
      {state.step === 'upload' && (
        <UploadStep
          t={t}
          file={state.file}
          onChooseFile={(file) => dispatch({ type: 'choose-file', file })}
        />
      )}
      {state.step === 'map' && <p class="intro">{t('mapStepPending', state.file.name)}</p>}
    </DialogFrame>
  );
}
