// Work is not lost (docs/administrators.md#the-import-wizard): the wizard's choices are kept in the session while
// the administrator may come back to them, and leaving with choices made asks first.
import { useEffect, useState } from 'preact/hooks';
import { fileKey, headerMapping, writeSavedDraft, type SessionStore } from './saved-draft.ts';
import type { WizardState } from './wizard-state.ts';

/** The work so far is kept while the administrator may come back to it, and dropped once the import started. */
export function useSavedDraft(state: WizardState, session: SessionStore | undefined): void {
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
}

/**
 * Closing the wizard: with choices made it asks first (they are kept for this file either way); a second close
 * while it asks takes the question back. `leave` closes the dialog.
 */
export function useLeaveQuestion(state: WizardState, leave: () => void) {
  const [askingLeave, setAskingLeave] = useState(false);
  const hasChoices =
    state.step === 'columns' ||
    state.step === 'home' ||
    state.step === 'review' ||
    (state.step === 'upload' && state.draft.preview !== null);
  const close = (): void => {
    if (hasChoices && !askingLeave) setAskingLeave(true);
    else if (askingLeave) setAskingLeave(false);
    else leave();
  };
  /** The answer to "Leave the import?". */
  const answer = (yes: boolean): void => (yes ? leave() : setAskingLeave(false));
  return { askingLeave, close, answer };
}
