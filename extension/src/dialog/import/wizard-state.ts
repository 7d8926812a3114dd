// The import wizard's state as a discriminated union (style.md, after react-spreadsheet-import):
// each step holds exactly the data it needs, and Back always works. This issue ("walking skeleton")
// builds the first step; the later steps of contract §8 (mapping, home addresses, review, running,
// done) join the union as they are built:
//   | { step: 'home'; … } | { step: 'review'; plan } | { step: 'running'; job } | { step: 'done'; report }

export type WizardState =
  /** Choosing the spreadsheet; `file` stays set when the user comes back from a later step. */
  | { step: 'upload'; file: File | null }
  /** Assigning the file's columns to user fields (next issue). */
  | { step: 'map'; file: File };

export type WizardAction = { type: 'choose-file'; file: File } | { type: 'next' } | { type: 'back' };

export const initialWizardState: WizardState = { step: 'upload', file: null };

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'choose-file':
      return state.step === 'upload' ? { step: 'upload', file: action.file } : state;
    case 'next':
      return state.step === 'upload' && state.file ? { step: 'map', file: state.file } : state;
    case 'back':
      return state.step === 'map' ? { step: 'upload', file: state.file } : state;
  }
}

/** Next is offered only when the current step is complete. */
export function canGoNext(state: WizardState): boolean {
  return state.step === 'upload' && state.file !== null;
}
