// The wizard's work survives closing the dialog (Escape or × used to throw away mappings and corrections).
// It is kept in the extension's session storage, which lives in memory and ends with the browser session, so
// the corrected cells (personal data) are never written to disk. One draft at a time, keyed by the file's
// name, size and modification time: choosing the same file again continues where the administrator left off.
import type { FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import type { CellCorrection, PreviewColumn, RowOverride } from './import-types.ts';
import { fieldOfColumn, mappingFromColumns, type WizardChoices } from './wizard-choices.ts';

/** The part of `browser.storage.session` the wizard uses (tests pass a plain object). */
export interface SessionStore {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export type SavedStep = 'columns' | 'home' | 'review';

export interface SavedDraft {
  fileKey: string;
  step: SavedStep;
  choices: WizardChoices;
  corrections: CellCorrection[];
  /** Rows marked office staff in the preview (absent in drafts kept before there were any). */
  overrides?: RowOverride[];
  /** Header → field: what a new file with some of the same headers starts from. */
  headers: Record<string, FieldKey | null>;
}

const STORAGE_KEY = 'importWizardDraft';

export function fileKey(file: File): string {
  return JSON.stringify([file.name, file.size, file.lastModified]);
}

/** Header → field of every named column under the current choices. */
export function headerMapping(
  choices: WizardChoices,
  columns: readonly PreviewColumn[],
): Record<string, FieldKey | null> {
  const headers: Record<string, FieldKey | null> = {};
  for (const column of columns)
    if (column.header.trim()) headers[column.header] = fieldOfColumn(choices, column);
  return headers;
}

/**
 * A new file's starting mapping: the proxy's guess, except that a column whose header the earlier file had
 * keeps the field the administrator gave it there.
 */
export function carriedMapping(
  columns: readonly PreviewColumn[],
  headers: Record<string, FieldKey | null> | null,
): Record<number, FieldKey | null> {
  const mapping = mappingFromColumns(columns);
  if (!headers) return mapping;
  const taken = new Set<FieldKey>();
  for (const column of columns) {
    if (!Object.hasOwn(headers, column.header)) continue;
    const field = headers[column.header] ?? null;
    mapping[column.index] = field;
    if (field) taken.add(field);
  }
  // A guessed field that a carried column now holds is not read twice.
  for (const column of columns)
    if (!Object.hasOwn(headers, column.header) && mapping[column.index] && taken.has(mapping[column.index]!))
      mapping[column.index] = null;
  return mapping;
}

export async function readSavedDraft(store: SessionStore | undefined): Promise<SavedDraft | null> {
  if (!store) return null;
  try {
    const value = (await store.get([STORAGE_KEY]))[STORAGE_KEY];
    return value && typeof value === 'object' ? (value as SavedDraft) : null;
  } catch {
    return null;
  }
}

export function writeSavedDraft(store: SessionStore | undefined, draft: SavedDraft | null): void {
  if (!store) return;
  // Nothing waits for it: a failed write only means the next opening starts afresh.
  (draft ? store.set({ [STORAGE_KEY]: draft }) : store.remove([STORAGE_KEY])).catch(() => undefined);
}
