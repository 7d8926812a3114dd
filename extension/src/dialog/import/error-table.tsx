// The preview's "errors only" view: every problem by row and column, and an invalid cell corrected
// in place — checked at once with the shared `parseCell` (the proxy's own rules), then re-previewed by the
// proxy with the correction (the `corrections` multipart field).
import { useState } from 'preact/hooks';
import { cellProblem, parseCell } from '../../../../shared/fields/parse-cell.ts';
import type { Language, Translate } from '../../common/translate.ts';
import type { CellCorrection, ImportPreview, RowProblem } from './import-types.ts';
import { ExpandCell, RowDetail } from './row-detail.tsx';
import { VirtualRows } from './virtual-rows.tsx';

const ROW_HEIGHT = 76;
const TABLE_HEIGHT = 324;

export interface ErrorTableProps {
  plan: ImportPreview;
  language: Language;
  t: Translate;
  busy: boolean;
  onCorrect: (correction: CellCorrection) => void;
}

/** The 0-based column index of an error's column, when its cell can be corrected. */
export function correctableColumn(plan: ImportPreview, error: RowProblem): number | null {
  if (error.row === null || error.row <= plan.file.headerRow || error.field === null) return null;
  const column = plan.columns.find((c) => c.header === error.column);
  return column ? column.index : null;
}

function Correction({
  error,
  column,
  language,
  t,
  busy,
  onCorrect,
  ...props
}: ErrorTableProps & { error: RowProblem; column: number }) {
  // From the cell's current text: mostly one character is wrong, not the whole value.
  const [value, setValue] = useState(error.value ?? '');
  const [touched, setTouched] = useState(false);
  const field = error.field;
  if (field === null || error.row === null) return null;
  const row = error.row;
  const parsed = parseCell(field, value, { defaultCountry: props.plan.companyCountry });
  const problem = !parsed.ok ? cellProblem(field, parsed, language) : null;
  const apply = (): void => {
    if (!problem && !busy) onCorrect({ row, column, value });
  };
  const label = t('correctCell', String(row), error.column ?? '');
  return (
    <div class="correction">
      <input
        type="text"
        value={value}
        aria-label={label}
        placeholder={t('newValue')}
        aria-invalid={touched && problem ? 'true' : undefined}
        onInput={(event) => {
          setValue(event.currentTarget.value);
          setTouched(true);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
        }}
      />
      <button type="button" class="small" disabled={!!problem || busy} onClick={apply}>
        {t('applyCorrection')}
      </button>
      <small class={`correction-check ${touched && problem ? 'error-text' : 'ok-text'}`} aria-live="polite">
        {touched ? (problem ?? t('valueLooksValid')) : ''}
      </small>
    </div>
  );
}

function userOf(error: RowProblem): string {
  if (error.name && error.email) return `${error.name} <${error.email}>`;
  return error.name || error.email || '';
}

export function ErrorTable(props: ErrorTableProps) {
  const { plan, t } = props;
  const errors = plan.errors;
  const [expanded, setExpanded] = useState<number | null>(null);
  if (errors.length === 0) return <p class="empty-table">{t('noErrors')}</p>;
  const open = expanded === null ? undefined : errors[expanded];
  return (
    <>
      <VirtualRows
        label={t('errorsTable')}
        count={errors.length}
        rowHeight={ROW_HEIGHT}
        height={Math.min(TABLE_HEIGHT, errors.length * ROW_HEIGHT + 2)}
        rowClass="errors-grid"
        header={
          <div role="row" class="virtual-row header-row errors-grid">
            <div role="columnheader" class="col-row">
              {t('rowHeader')}
            </div>
            <div role="columnheader">{t('columnHeader')}</div>
            <div role="columnheader">{t('problemHeader')}</div>
            <div role="columnheader">{t('correctionHeader')}</div>
          </div>
        }
        renderRow={(index) => {
          const error = errors[index];
          if (!error) return null;
          const column = correctableColumn(plan, error);
          return (
            <>
              <div role="cell" class="col-row">
                {error.row ?? '—'}
              </div>
              <div role="cell" class="col-column">
                {error.column ?? '—'}
              </div>
              <div role="cell" class="col-problem">
                <ExpandCell
                  row={error.row}
                  expanded={expanded === index}
                  onExpand={() => setExpanded(expanded === index ? null : index)}
                  t={t}
                >
                  {userOf(error) && (
                    <span class="user-name" aria-label={`${t('userOfRow')}: ${userOf(error)}`}>
                      {error.name || error.email}
                    </span>
                  )}
                  <span class="cut-text error-text">{error.message}</span>
                </ExpandCell>
              </div>
              <div role="cell">
                {column !== null ? (
                  <Correction
                    key={`${error.row}:${column}:${error.code}`}
                    {...props}
                    error={error}
                    column={column}
                  />
                ) : (
                  <span class="muted">—</span>
                )}
              </div>
            </>
          );
        }}
      />
      {open && (
        <RowDetail
          content={{
            row: open.row,
            name: open.name ?? '',
            email: open.email ?? '',
            lines: [
              { text: open.column ? `${open.column}: ${open.message}` : open.message, error: true },
              ...(open.value !== undefined ? [{ text: `„${open.value}“` }] : []),
            ],
          }}
          onClose={() => setExpanded(null)}
          t={t}
        />
      )}
    </>
  );
}
