// The import wizard's state as a discriminated union (docs/, after react-spreadsheet-import):
// each step holds exactly the data it needs, and Back always works and keeps what was entered, because every
// step before the import carries the same `draft` (file, choices, corrections) forward and back.
import type { FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import {
  isFinished,
  type CellCorrection,
  type ImportJob,
  type ImportPreview,
  type RowOverride,
} from './import-types.ts';
import { carriedMapping, headerMapping, type SavedDraft } from './saved-draft.ts';
import { DEFAULT_CHOICES, assignField, type WizardChoices } from './wizard-choices.ts';

export interface Draft {
  file: File | null;
  choices: WizardChoices;
  corrections: CellCorrection[];
  /** Rows marked office staff (or field staff) in the preview, sent as the `overrides` multipart field. */
  overrides: RowOverride[];
  /** The proxy's first look at the file (sheet, delimiter, encoding, columns); null until it answered. */
  preview: ImportPreview | null;
  /** Header → field of the file before: a new file keeps the mapping of the headers it still has. */
  carried?: Record<string, FieldKey | null> | null;
}

/** A draft whose file the proxy has read: what every step after the upload needs. */
export interface ReadyDraft extends Draft {
  file: File;
  preview: ImportPreview;
}

export type WizardState =
  /** 1. Choosing the spreadsheet; the draft stays when the user comes back from a later step. */
  | { step: 'upload'; draft: Draft; lastJob: ImportJob | null }
  /** 2. Columns → fields, the matching key and what to do. */
  | { step: 'columns'; draft: ReadyDraft }
  /** 3. Home location columns and defaults (optional). */
  | { step: 'home'; draft: ReadyDraft }
  /** 4. The proxy's plan for these choices. */
  | { step: 'review'; draft: ReadyDraft; plan: ImportPreview }
  /** 5. The job runs; `draft` is null when the wizard was reopened on a running job. */
  | { step: 'running'; draft: ReadyDraft | null; job: ImportJob }
  /** 6. The job has finished. */
  | { step: 'done'; draft: ReadyDraft | null; job: ImportJob };

export type WizardAction =
  | { type: 'choose-file'; file: File }
  /** The same file as a draft kept from before the dialog was closed: its choices, corrections and step. */
  | { type: 'restore'; file: File; saved: SavedDraft }
  /** Mappings of an earlier file, by header, for a new file. */
  | { type: 'carry'; headers: Record<string, FieldKey | null> }
  | { type: 'file-read'; file: File; preview: ImportPreview }
  | { type: 'choose-sheet'; sheet: string }
  | { type: 'choose-header-row'; headerRow: number | undefined }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'change'; choices: Partial<WizardChoices> }
  | { type: 'map-column'; column: number; field: FieldKey | null }
  | { type: 'planned'; plan: ImportPreview }
  | { type: 'correct'; correction: CellCorrection }
  /** Rows of the preview marked office staff ("Has own schedule" = No) or not: the whole new list. */
  | { type: 'office-staff'; overrides: RowOverride[] }
  | { type: 'job'; job: ImportJob }
  | { type: 'last-job'; job: ImportJob };

export const emptyDraft: Draft = {
  file: null,
  choices: DEFAULT_CHOICES,
  corrections: [],
  overrides: [],
  preview: null,
};

/** The overrides with `row` marked office staff or not (one override per row). */
export function withOfficeStaff(
  overrides: readonly RowOverride[],
  row: number,
  officeStaff: boolean,
): RowOverride[] {
  return [
    ...overrides.filter((override) => override.row !== row),
    { row, field: 'hasOwnSchedule', value: officeStaff ? 'No' : 'Yes' },
  ];
}

export const initialWizardState: WizardState = { step: 'upload', draft: emptyDraft, lastJob: null };

function isReady(draft: Draft): draft is ReadyDraft {
  return draft.file !== null && draft.preview !== null;
}

function withChoices<S extends Exclude<WizardState, { step: 'running' | 'done' }>>(
  state: S,
  choices: Partial<WizardChoices>,
): S {
  return { ...state, draft: { ...state.draft, choices: { ...state.draft.choices, ...choices } } };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'choose-file': {
      if (state.step !== 'upload') return state;
      // A new file starts over (its columns, rows and sheets are other ones), except for the mapping of the
      // headers it shares with the file before.
      const { choices, preview, carried } = state.draft;
      const headers =
        choices.mapping && preview ? headerMapping(choices, preview.columns) : (carried ?? null);
      return { ...state, draft: { ...emptyDraft, file: action.file, carried: headers } };
    }
    case 'carry':
      return state.step === 'upload' && !state.draft.carried
        ? { ...state, draft: { ...state.draft, carried: action.headers } }
        : state;
    case 'restore': {
      if (state.step !== 'upload' || state.draft.file !== action.file || !isReady(state.draft)) return state;
      const draft = {
        ...state.draft,
        choices: { ...DEFAULT_CHOICES, ...action.saved.choices },
        corrections: action.saved.corrections,
        overrides: action.saved.overrides ?? [],
      };
      // The preview is asked again by the wizard; until then the draft waits on the home location step.
      return { step: action.saved.step === 'columns' ? 'columns' : 'home', draft };
    }
    case 'file-read':
      return state.step === 'upload' && state.draft.file === action.file
        ? { ...state, draft: { ...state.draft, preview: action.preview } }
        : state;
    case 'choose-sheet':
    case 'choose-header-row': {
      if (state.step !== 'upload') return state;
      // Another sheet or header row means other columns: the mapping and corrections start over.
      const choice =
        action.type === 'choose-sheet' ? { sheet: action.sheet } : { headerRow: action.headerRow };
      return {
        ...state,
        draft: {
          ...state.draft,
          choices: { ...state.draft.choices, ...choice, mapping: null },
          corrections: [],
          overrides: [],
          preview: null,
        },
      };
    }
    case 'next':
      if (state.step === 'upload' && isReady(state.draft)) {
        const { choices, preview } = state.draft;
        const mapping = choices.mapping ?? carriedMapping(preview.columns, state.draft.carried ?? null);
        return { step: 'columns', draft: { ...state.draft, choices: { ...choices, mapping } } };
      }
      if (state.step === 'columns') return { step: 'home', draft: state.draft };
      return state;
    case 'back':
      if (state.step === 'columns') return { step: 'upload', draft: state.draft, lastJob: null };
      if (state.step === 'home') return { step: 'columns', draft: state.draft };
      if (state.step === 'review') return { step: 'home', draft: state.draft };
      return state;
    case 'change':
      return state.step === 'running' || state.step === 'done' ? state : withChoices(state, action.choices);
    case 'map-column':
      if (state.step !== 'columns' && state.step !== 'home') return state;
      return withChoices(state, {
        mapping: assignField(state.draft.choices.mapping ?? {}, action.column, action.field),
      });
    case 'planned': {
      if (state.step !== 'home' && state.step !== 'review') return state;
      // The confirmation covers the numbers it named: a plan that deletes or deactivates other counts
      // (or one reached again from an earlier step) asks again.
      const previous = state.step === 'review' ? state.plan : null;
      const same =
        previous !== null &&
        previous.scheduleDeletions.length === action.plan.scheduleDeletions.length &&
        previous.missingDeactivations === action.plan.missingDeactivations;
      const draft = same
        ? state.draft
        : { ...state.draft, choices: { ...state.draft.choices, confirmed: false } };
      return { step: 'review', draft, plan: action.plan };
    }
    case 'correct': {
      if (state.step !== 'review') return state;
      const { row, column } = action.correction;
      const corrections = [
        ...state.draft.corrections.filter((c) => c.row !== row || c.column !== column),
        action.correction,
      ];
      return { ...state, draft: { ...state.draft, corrections } };
    }
    case 'office-staff':
      return state.step === 'review'
        ? { ...state, draft: { ...state.draft, overrides: action.overrides } }
        : state;
    case 'job': {
      const step = isFinished(action.job) ? 'done' : 'running';
      if (state.step === 'review') return { step, draft: state.draft, job: action.job };
      if (state.step === 'running' || state.step === 'done') return { ...state, step, job: action.job };
      // Reopened while a job runs (closing the dialog does not stop the import).
      if (state.step === 'upload' && step === 'running') return { step, draft: null, job: action.job };
      if (state.step === 'upload') return { step: 'done', draft: null, job: action.job };
      return state;
    }
    case 'last-job':
      return state.step === 'upload' ? { ...state, lastJob: action.job } : state;
  }
}

/** Next is offered only when the current step is complete. */
export function canGoNext(state: WizardState): boolean {
  return state.step === 'upload' && isReady(state.draft);
}
