import { describe, expect, it } from 'vitest';
import {
  canGoNext,
  initialWizardState,
  wizardReducer,
} from '../../extension/src/dialog/import/wizard-state.ts';

const file = new File(['a'], 'users.xlsx');

describe('wizard state', () => {
  it('starts at the upload step without a file, and Next is not possible yet', () => {
    expect(initialWizardState).toEqual({ step: 'upload', file: null });
    expect(canGoNext(initialWizardState)).toBe(false);
    expect(wizardReducer(initialWizardState, { type: 'next' })).toBe(initialWizardState);
  });

  it('moves to the mapping step with the chosen file and back again, keeping the file', () => {
    const chosen = wizardReducer(initialWizardState, { type: 'choose-file', file });
    expect(canGoNext(chosen)).toBe(true);
    const mapping = wizardReducer(chosen, { type: 'next' });
    expect(mapping).toEqual({ step: 'map', file });
    expect(wizardReducer(mapping, { type: 'back' })).toEqual({ step: 'upload', file });
  });

  it('ignores a file chosen outside the upload step and Back on the first step', () => {
    const mapping = wizardReducer(wizardReducer(initialWizardState, { type: 'choose-file', file }), {
      type: 'next',
    });
    expect(wizardReducer(mapping, { type: 'choose-file', file: new File(['b'], 'other.csv') })).toBe(mapping);
    expect(wizardReducer(initialWizardState, { type: 'back' })).toBe(initialWizardState);
  });
});
