// The preview's notes (lost leading zeros, read-only fields, phone countries, columns the directory does not
// store): the change table shows them only beside changed rows, so a file that changes nobody would hide
// them. One disclosure lists them all, open when nothing else is there to read.
import type { Language, Translate } from '../../common/translate.ts';
import { formatCount } from './format-count.ts';
import type { ImportPreview } from './import-types.ts';

/** Enough to read through; a file with thousands of notes says how many more there are. */
export const NOTES_SHOWN = 200;

type Warning = ImportPreview['warnings'][number];

/**
 * "Row 7 · Home postal code · Anna Alt — message": the user's name or e-mail as the proxy names it with the
 * warning (a row that changes nothing is not in the table), else as the page of changes has it.
 */
function noteText(warning: Warning, names: Map<number, string>, t: Translate): string {
  const parts: string[] = [];
  // A row number is a place in the spreadsheet, written as the spreadsheet shows it: without separators.
  if (warning.row !== null) parts.push(t('planNoteRow', String(warning.row)));
  // Most messages name their column first ("Mobile phone '0171…' was read …"): it is not said twice.
  if (warning.column && !warning.message.startsWith(warning.column)) parts.push(warning.column);
  const name = warning.name || warning.email || (warning.row === null ? undefined : names.get(warning.row));
  if (name) parts.push(name);
  return parts.length ? `${parts.join(' · ')} — ${warning.message}` : warning.message;
}

export function PlanWarnings({
  plan,
  nothingChanges,
  t,
  language,
}: {
  plan: ImportPreview;
  nothingChanges: boolean;
  t: Translate;
  language: Language;
}) {
  const { warnings } = plan;
  if (warnings.length === 0) return null;
  const names = new Map<number, string>();
  for (const change of plan.changes)
    if (change.row !== null && (change.name || change.email))
      names.set(change.row, change.name || change.email);
  const shown = warnings.slice(0, NOTES_SHOWN);
  const more = warnings.length - shown.length;
  return (
    // <details>/<summary>: a native disclosure, reached with Tab and opened with Enter or Space.
    <details class="notice warn plan-notes" open={nothingChanges}>
      <summary>{t('planNotes', formatCount(warnings.length, language))}</summary>
      <ul aria-label={t('planNotesLabel')}>
        {shown.map((warning, index) => (
          <li key={index}>{noteText(warning, names, t)}</li>
        ))}
        {more > 0 && <li>{t('andMore', formatCount(more, language))}</li>}
      </ul>
    </details>
  );
}
