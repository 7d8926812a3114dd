// One preview row in full, below its table: the table's cells have one fixed height (the list is virtual, for
// 100,000 rows), so a long name, address or list of changes is cut there; clicking the cell or pressing Enter
// on it shows everything here, where a screen reader reads it too.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Translate } from '../../common/translate.ts';

export interface RowDetailContent {
  row: number | null;
  name: string;
  email: string;
  /** One entry per change or problem, each on its own line. */
  lines: { text: string; error?: boolean }[];
}

/** The cell content as a button that opens the row in full; its text stays cut in the table. */
export function ExpandCell({
  row,
  expanded,
  onExpand,
  t,
  children,
}: {
  row: number | null;
  expanded: boolean;
  onExpand: () => void;
  t: Translate;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class="expand-cell"
      aria-expanded={expanded ? 'true' : 'false'}
      aria-label={t('showRowInFull', row === null ? '—' : String(row))}
      onClick={onExpand}
    >
      {children}
    </button>
  );
}

export function RowDetail({
  content,
  onClose,
  t,
}: {
  content: RowDetailContent;
  onClose: () => void;
  t: Translate;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The keyboard lands on what was opened, so a screen reader reads it at once.
  useEffect(() => heading.current?.focus(), [content]);
  return (
    <section class="row-detail" aria-labelledby="row-detail-heading">
      <h3 id="row-detail-heading" tabIndex={-1} ref={heading}>
        {t('rowDetailHeading', content.row === null ? '—' : String(content.row))}
        {content.name || content.email ? ': ' : ''}
        {content.name}
        {content.name && content.email ? ` <${content.email}>` : content.email}
      </h3>
      <ul>
        {content.lines.map((line, index) => (
          <li key={index} class={line.error ? 'error-text' : undefined}>
            {line.text}
          </li>
        ))}
      </ul>
      <button type="button" class="small" onClick={onClose}>
        {t('closeRowDetail')}
      </button>
    </section>
  );
}
