import { describe, expect, it } from 'vitest';
import type { ImportJob, ImportPreview } from '../../extension/src/dialog/import/import-types.ts';
import {
  canGoNext,
  initialWizardState,
  withOfficeStaff,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from '../../extension/src/dialog/import/wizard-state.ts';
import { samplePreview, sampleJob } from './wizard-samples.ts';
import { DEFAULT_CHOICES } from '../../extension/src/dialog/import/wizard-choices.ts';

const file = new File(['a'], 'users.xlsx');
const run = (state: WizardState, ...actions: WizardAction[]) => actions.reduce(wizardReducer, state);

function atColumns(preview: ImportPreview = samplePreview()): WizardState {
  return run(
    initialWizardState,
    { type: 'choose-file', file },
    { type: 'file-read', file, preview },
    { type: 'next' },
  );
}

describe('wizard state', () => {
  it('starts at the upload step and offers Next only once the proxy has read the chosen file', () => {
    expect(initialWizardState.step).toBe('upload');
    expect(canGoNext(initialWizardState)).toBe(false);
    const chosen = wizardReducer(initialWizardState, { type: 'choose-file', file });
    expect(canGoNext(chosen)).toBe(false);
    expect(wizardReducer(chosen, { type: 'next' })).toBe(chosen);
    const read = wizardReducer(chosen, { type: 'file-read', file, preview: samplePreview() });
    expect(canGoNext(read)).toBe(true);
  });

  it("ignores the proxy's answer for a file that was replaced meanwhile", () => {
    const other = new File(['b'], 'other.csv');
    const state = run(
      initialWizardState,
      { type: 'choose-file', file },
      { type: 'choose-file', file: other },
      { type: 'file-read', file, preview: samplePreview() },
    );
    expect(state.step === 'upload' && state.draft.preview).toBeNull();
  });

  it("starts the mapping from the proxy's automatic mapping", () => {
    const state = atColumns();
    expect(state.step).toBe('columns');
    if (state.step !== 'columns') return;
    expect(state.draft.choices.mapping).toEqual({ 0: 'email', 1: 'firstName', 2: 'lastName', 3: null });
  });

  it('keeps mapping, choices and corrections on Back from every step, back to the file', () => {
    const plan = samplePreview();
    let state = run(
      atColumns(),
      { type: 'map-column', column: 3, field: 'note' },
      { type: 'change', choices: { matchBy: 'email', updateBehavior: { note: 'keep' } } },
      { type: 'next' },
      { type: 'change', choices: { homeLocation: { apply: true, defaults: { homeCountry: 'DE' } } } },
      { type: 'planned', plan },
      { type: 'correct', correction: { row: 3, column: 0, value: 'x@example.com' } },
    );
    expect(state.step).toBe('review');
    state = run(state, { type: 'back' }, { type: 'back' }, { type: 'back' });
    expect(state.step).toBe('upload');
    if (state.step !== 'upload') return;
    expect(state.draft.file).toBe(file);
    expect(state.draft.choices.mapping?.[3]).toBe('note');
    expect(state.draft.choices.matchBy).toBe('email');
    expect(state.draft.choices.updateBehavior).toEqual({ note: 'keep' });
    expect(state.draft.choices.homeLocation.defaults).toEqual({ homeCountry: 'DE' });
    expect(state.draft.corrections).toEqual([{ row: 3, column: 0, value: 'x@example.com' }]);
    // …and Next again keeps the edited mapping instead of the automatic one.
    const again = wizardReducer(state, { type: 'next' });
    expect(again.step === 'columns' && again.draft.choices.mapping?.[3]).toBe('note');
  });

  it('maps a field from one column only', () => {
    const state = run(atColumns(), { type: 'map-column', column: 3, field: 'email' });
    expect(state.step === 'columns' && state.draft.choices.mapping).toEqual({
      0: null,
      1: 'firstName',
      2: 'lastName',
      3: 'email',
    });
  });

  it('a new file or sheet starts the mapping and corrections over', () => {
    const back = run(atColumns(), { type: 'map-column', column: 3, field: 'note' }, { type: 'back' });
    const sheet = wizardReducer(back, { type: 'choose-sheet', sheet: 'Second' });
    expect(sheet.step === 'upload' && sheet.draft.choices).toMatchObject({ sheet: 'Second', mapping: null });
    expect(sheet.step === 'upload' && sheet.draft.preview).toBeNull();
    const other = wizardReducer(back, { type: 'choose-file', file: new File(['c'], 'c.csv') });
    expect(other.step === 'upload' && other.draft.choices.mapping).toBeNull();
  });

  it('keeps one office-staff choice per row, carries them on Back and restores them for the same file', () => {
    const chosen = withOfficeStaff(withOfficeStaff([], 5, true), 7, true);
    expect(withOfficeStaff(chosen, 5, false)).toEqual([
      { row: 7, field: 'hasOwnSchedule', value: 'No' },
      { row: 5, field: 'hasOwnSchedule', value: 'Yes' },
    ]);
    let state = run(atColumns(), { type: 'next' }, { type: 'planned', plan: samplePreview() });
    state = wizardReducer(state, { type: 'office-staff', overrides: chosen });
    state = run(state, { type: 'back' }, { type: 'back' }, { type: 'back' });
    expect(state.step === 'upload' && state.draft.overrides).toEqual(chosen);
    const restored = wizardReducer(state, {
      type: 'restore',
      file,
      saved: {
        fileKey: '',
        step: 'review',
        choices: DEFAULT_CHOICES,
        corrections: [],
        overrides: chosen,
        headers: {},
      },
    });
    expect(restored.step !== 'running' && restored.step !== 'done' && restored.draft?.overrides).toEqual(
      chosen,
    );
    // Another sheet has other rows: the choices start over.
    const sheet = wizardReducer(state, { type: 'choose-sheet', sheet: 'Second' });
    expect(sheet.step === 'upload' && sheet.draft.overrides).toEqual([]);
  });

  it('asks for the confirmation again when a new plan deletes or deactivates other numbers', () => {
    const deleting = {
      ...samplePreview(),
      scheduleDeletions: [{ row: 2, userId: 'u1', name: 'A', email: 'a@x.de' }],
    };
    let state = run(atColumns(), { type: 'next' }, { type: 'planned', plan: deleting });
    state = wizardReducer(state, { type: 'change', choices: { confirmed: true } });
    // The same numbers (e.g. after correcting an unrelated cell): still confirmed.
    state = wizardReducer(state, { type: 'planned', plan: { ...deleting } });
    expect(state.step === 'review' && state.draft.choices.confirmed).toBe(true);
    const more = { ...deleting, missingDeactivations: 3 };
    state = wizardReducer(state, { type: 'planned', plan: more });
    expect(state.step === 'review' && state.draft.choices.confirmed).toBe(false);
  });

  it('goes from the review to running and to done with the job, and Back does nothing there', () => {
    const review = run(atColumns(), { type: 'next' }, { type: 'planned', plan: samplePreview() });
    const running = wizardReducer(review, { type: 'job', job: sampleJob({ status: 'running' }) });
    expect(running.step).toBe('running');
    expect(wizardReducer(running, { type: 'back' })).toBe(running);
    const done = wizardReducer(running, { type: 'job', job: sampleJob({ status: 'succeeded' }) });
    expect(done.step).toBe('done');
    expect(done.step === 'done' && done.draft?.file).toBe(file);
  });

  it('shows a running job when the wizard is reopened, and offers the last finished one', () => {
    const running = wizardReducer(initialWizardState, { type: 'job', job: sampleJob({ status: 'queued' }) });
    expect(running).toMatchObject({ step: 'running', draft: null });
    const finished: ImportJob = sampleJob({ status: 'succeeded' });
    const offered = wizardReducer(initialWizardState, { type: 'last-job', job: finished });
    expect(offered).toMatchObject({ step: 'upload', lastJob: finished });
    expect(wizardReducer(offered, { type: 'job', job: finished })).toMatchObject({
      step: 'done',
      draft: null,
    });
  });
});
