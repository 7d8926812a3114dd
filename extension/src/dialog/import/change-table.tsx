// The preview's table of changes: one row per user the import touches, "from → to" per changed
// field, virtualized and loaded page by page so that 100,000 rows stay smooth.
import { useState } from 'preact/hooks';
import type { Language, Translate } from '../../common/translate.ts';
import { useChangePages, type LoadPage } from './change-pages.ts';
import { describeChange } from './format-value.ts';
import type { ImportPreview, PlannedChange, RowAction } from './import-types.ts';
import { ExpandCell, RowDetail, type RowDetailContent } from './row-detail.tsx';
import { VirtualRows } from './virtual-rows.tsx';

const ROW_HEIGHT = 54;
const SHOWN_AS_USER: ReadonlySet<string> = new Set(['firstName', 'lastName', 'email']);
const TABLE_HEIGHT = 324;

export function ActionBadge({ action, t }: { action: RowAction; t: Translate }) {
  const labels: Record<RowAction, string> = {
    create: t('actionBadgeCreate'),
    update: t('actionBadgeUpdate'),
    deactivate: t('actionBadgeDeactivate'),
    unchanged: t('actionBadgeUnchanged'),
    invalid: t('actionBadgeInvalid'),
    skipped: t('actionBadgeSkipped'),
  };
  return <span class={`badge action-${action}`}>{labels[action]}</span>;
}

/** The row's changes, problems and warnings, one line each. */
export function changeLines(
  change: PlannedChange,
  language: Language,
  t: Translate,
): RowDetailContent['lines'] {
  if (change.action === 'invalid')
    return change.errors.map((error) => ({ text: error.message, error: true }));
  const created = change.action === 'create';
  // A new user's name and email are in the User column already.
  const described = change.changes
    .filter((c) => !created || !SHOWN_AS_USER.has(c.field))
    .map((c) => ({ text: describeChange(c, language, t, created) }));
  return [
    ...described,
    ...(change.message ? [{ text: change.message }] : []),
    ...change.warnings.map((warning) => ({ text: warning.message })),
  ];
}

function changeText(change: PlannedChange, language: Language, t: Translate): string {
  return changeLines(change, language, t)
    .map((line) => line.text)
    .join(change.action === 'invalid' ? ' ' : ' · ');
}

function ChangeRow({
  change,
  language,
  t,
  expanded,
  onExpand,
}: {
  change: PlannedChange;
  language: Language;
  t: Translate;
  expanded: boolean;
  onExpand: () => void;
}) {
  const text = changeText(change, language, t);
  return (
    <>
      <div role="cell" class="col-row">
        {change.row ?? '—'}
      </div>
      <div role="cell" class="col-action">
        <ActionBadge action={change.action} t={t} />
      </div>
      <div role="cell" class="col-user">
        <ExpandCell row={change.row} expanded={expanded} onExpand={onExpand} t={t}>
          <span class="user-name">{change.name || change.email || '—'}</span>
          <span class="user-email">{change.name ? change.email : ''}</span>
        </ExpandCell>
      </div>
      <div role="cell" class={`col-changes${change.action === 'invalid' ? ' error-text' : ''}`}>
        <ExpandCell row={change.row} expanded={expanded} onExpand={onExpand} t={t}>
          <span class="cut-text">{text}</span>
        </ExpandCell>
      </div>
    </>
  );
}

/** The office-staff checkbox per new user, while the administrator chooses who needs no license. */
export interface OfficeStaffColumn {
  /** null: the row is no new user, nothing to choose. */
  of: (change: PlannedChange) => boolean | null;
  onChange: (row: number, officeStaff: boolean) => void;
}

export interface ChangeTableProps {
  plan: ImportPreview;
  language: Language;
  t: Translate;
  loadPage: LoadPage;
  officeStaff?: OfficeStaffColumn | undefined;
}

function OfficeStaffCell({
  change,
  column,
  t,
}: {
  change: PlannedChange;
  column: OfficeStaffColumn;
  t: Translate;
}) {
  const checked = column.of(change);
  if (checked === null || change.row === null) return <div role="cell" class="col-office" />;
  const row = change.row;
  return (
    <div role="cell" class="col-office">
      <input
        type="checkbox"
        checked={checked}
        aria-label={t('officeStaffFor', change.name || change.email)}
        onChange={(event) => column.onChange(row, event.currentTarget.checked)}
      />
    </div>
  );
}

export function ChangeTable({ plan, language, t, loadPage, officeStaff }: ChangeTableProps) {
  const grid = officeStaff ? 'changes-grid with-office-staff' : 'changes-grid';
  const { changeAt, onRange } = useChangePages(plan, loadPage);
  const [expanded, setExpanded] = useState<number | null>(null);
  if (plan.changesTotal === 0) return <p class="empty-table">{t('noChanges')}</p>;
  const open = expanded === null ? undefined : changeAt(expanded);
  return (
    <>
      <VirtualRows
        label={t('changesTable')}
        count={plan.changesTotal}
        rowHeight={ROW_HEIGHT}
        height={Math.min(TABLE_HEIGHT, plan.changesTotal * ROW_HEIGHT + 2)}
        onRange={onRange}
        header={
          <div role="row" class={`virtual-row header-row ${grid}`}>
            <div role="columnheader" class="col-row">
              {t('rowHeader')}
            </div>
            <div role="columnheader">{t('actionHeader')}</div>
            <div role="columnheader">{t('userHeader')}</div>
            <div role="columnheader">{t('changesHeader')}</div>
            {officeStaff && <div role="columnheader">{t('officeStaffHeader')}</div>}
          </div>
        }
        rowClass={grid}
        renderRow={(index) => {
          const change = changeAt(index);
          return change ? (
            <>
              <ChangeRow
                change={change}
                language={language}
                t={t}
                expanded={expanded === index}
                onExpand={() => setExpanded(expanded === index ? null : index)}
              />
              {officeStaff && <OfficeStaffCell change={change} column={officeStaff} t={t} />}
            </>
          ) : (
            <div role="cell" class="loading-row">
              {t('loadingRows')}
            </div>
          );
        }}
      />
      {open && (
        <RowDetail
          content={{
            row: open.row,
            name: open.name,
            email: open.email,
            lines: changeLines(open, language, t),
          }}
          onClose={() => setExpanded(null)}
          t={t}
        />
      )}
    </>
  );
}
