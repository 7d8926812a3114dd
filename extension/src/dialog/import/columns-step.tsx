// Wizard step 2: every column of the file with a few of its values and the field it is imported as (changeable,
// or ignored), every field name with its (i) — those not in the file behind one disclosure —, what is missing, the matching key, and what the
// import may do: create/update/deactivate, "keep existing value" per field, empty cells, missing users.
import { useId, useState } from 'preact/hooks';
import { FIELDS, FIELD_CATALOGUE, type FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import type { Language, Translate } from '../../common/translate.ts';
import { FieldInfo, FieldName, fieldLabel } from './field-info.tsx';
import type { PreviewColumn } from './import-types.ts';
import {
  fieldOfColumn,
  mappingIssues,
  type MappingIssue,
  type MatchBy,
  type WizardChoices,
} from './wizard-choices.ts';

export interface ColumnsStepProps {
  t: Translate;
  language: Language;
  columns: readonly PreviewColumn[];
  choices: WizardChoices;
  onMap: (column: number, field: FieldKey | null) => void;
  onChange: (choices: Partial<WizardChoices>) => void;
}

const IGNORE = '';

function issueText(issue: MappingIssue, t: Translate, language: Language): string {
  switch (issue.kind) {
    case 'no-key':
      return t('issueNoKey');
    case 'duplicate':
      return t('issueDuplicate', fieldLabel(issue.field, language));
    case 'match-column-missing':
      return t('issueMatchColumnMissing', fieldLabel(issue.field, language));
    case 'required-missing':
      return t('issueRequiredMissing', issue.fields.map((f) => fieldLabel(f, language)).join(', '));
  }
}

export function columnTitle(column: PreviewColumn, t: Translate): string {
  return column.header.trim() || t('unnamedColumn', String(column.index + 1));
}

function ColumnRow({ column, ...props }: ColumnsStepProps & { column: PreviewColumn }) {
  const { t, language, choices } = props;
  const field = fieldOfColumn(choices, column);
  const title = columnTitle(column, t);
  const writable = field !== null && !FIELD_CATALOGUE[field].readOnly;
  return (
    <tr class={field ? '' : 'ignored'}>
      <th scope="row" class="column-header">
        {title}
        {column.samples?.length ? (
          <span class="column-samples" title={t('examplesFromFile')}>
            <span class="visually-hidden">{t('examplesFromFile')}: </span>
            {column.samples.join(' · ')}
          </span>
        ) : null}
      </th>
      <td>
        <div class="mapping-cell">
          <select
            aria-label={t('fieldForColumn', title)}
            value={field ?? IGNORE}
            disabled={!column.header.trim()}
            onChange={(event) => {
              const value = event.currentTarget.value;
              props.onMap(column.index, value === IGNORE ? null : (value as FieldKey));
            }}
          >
            <option value={IGNORE}>{t('ignoreColumn')}</option>
            {FIELDS.map((f) => (
              <option key={f.key} value={f.key}>
                {f.header[language]}
              </option>
            ))}
          </select>
          {field ? (
            <FieldInfo field={field} language={language} t={t} />
          ) : (
            <span class="badge muted">{t('ignored')}</span>
          )}
        </div>
      </td>
      <td>
        {writable ? (
          <select
            aria-label={t('updateBehaviorFor', fieldLabel(field, language))}
            value={choices.updateBehavior[field] ?? 'overwrite'}
            onChange={(event) =>
              props.onChange({
                updateBehavior: {
                  ...choices.updateBehavior,
                  [field]: event.currentTarget.value === 'keep' ? 'keep' : 'overwrite',
                },
              })
            }
          >
            <option value="overwrite">{t('overwrite')}</option>
            <option value="keep">{t('keepExisting')}</option>
          </select>
        ) : (
          <span class="muted">{field ? t('readOnlyField') : '—'}</span>
        )}
      </td>
    </tr>
  );
}

/**
 * The fields no column holds, each with its (i), in one place: closed, it is a single Tab stop instead of one
 * per field (a 4-column file has 15 of them).
 */
function UnmappedFields({ fields, language, t }: { fields: FieldKey[]; language: Language; t: Translate }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  return (
    <div class="unmapped">
      <button
        type="button"
        class="disclosure"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        {t('fieldsNotInFileCount', String(fields.length))}
      </button>
      <ul id={listId} hidden={!open}>
        {open &&
          fields.map((field) => (
            <li key={field}>
              <FieldName field={field} language={language} t={t} />
            </li>
          ))}
      </ul>
    </div>
  );
}

export function ColumnsStep(props: ColumnsStepProps) {
  const { t, language, columns, choices, onChange } = props;
  const issues = mappingIssues(choices, columns);
  const mapped = new Set(columns.map((column) => fieldOfColumn(choices, column)));
  const unmapped = FIELDS.filter((f) => !mapped.has(f.key));
  const matchOptions: [MatchBy, string][] = [
    ['auto', t('matchAuto')],
    ['email', fieldLabel('email', language)],
    ['portatourId', fieldLabel('portatourId', language)],
    ['employeeNumber', fieldLabel('employeeNumber', language)],
  ];

  return (
    <>
      <p class="intro">{t('columnsIntro')}</p>
      {issues.map((issue) => (
        <p
          key={`${issue.kind}-${'field' in issue ? issue.field : ''}`}
          class={`notice ${issue.kind === 'required-missing' ? 'warn' : 'error'}`}
          role="alert"
        >
          {issueText(issue, t, language)}
        </p>
      ))}
      <table class="mapping">
        <thead>
          <tr>
            <th scope="col">{t('columnInFile')}</th>
            <th scope="col">{t('importedAs')}</th>
            <th scope="col">{t('whenUserExists')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column) => (
            <ColumnRow key={column.index} column={column} {...props} />
          ))}
        </tbody>
      </table>
      {unmapped.length > 0 && (
        <UnmappedFields fields={unmapped.map((f) => f.key)} language={language} t={t} />
      )}
      <div class="options-grid">
        <div class="field">
          <label for="match-by">{t('matchByLabel')}</label>
          <select
            id="match-by"
            aria-describedby="match-by-hint"
            value={choices.matchBy}
            onChange={(event) => onChange({ matchBy: event.currentTarget.value as MatchBy })}
          >
            {matchOptions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <small id="match-by-hint" class="hint">
            {t('matchByHint')}
          </small>
        </div>
        <fieldset>
          <legend>{t('emptyCellsLabel')}</legend>
          <label class="choice">
            <input
              type="radio"
              name="empty-cells"
              checked={choices.emptyCells === 'keep'}
              onChange={() => onChange({ emptyCells: 'keep' })}
            />
            {t('emptyCellsKeep')}
          </label>
          <label class="choice">
            <input
              type="radio"
              name="empty-cells"
              checked={choices.emptyCells === 'clear'}
              onChange={() => onChange({ emptyCells: 'clear' })}
            />
            {t('emptyCellsClear')}
          </label>
        </fieldset>
      </div>
      <fieldset>
        <legend>{t('actionsLabel')}</legend>
        {(
          [
            ['create', t('actionCreate')],
            ['update', t('actionUpdate')],
            ['deactivate', t('actionDeactivate')],
          ] as const
        ).map(([action, label]) => (
          <label class="choice" key={action}>
            <input
              type="checkbox"
              checked={choices.actions[action]}
              onChange={(event) =>
                onChange({ actions: { ...choices.actions, [action]: event.currentTarget.checked } })
              }
            />
            {label}
          </label>
        ))}
        <label class="choice">
          <input
            type="checkbox"
            checked={choices.deactivateMissing}
            disabled={!choices.actions.deactivate}
            aria-describedby="deactivate-missing-warning"
            onChange={(event) => onChange({ deactivateMissing: event.currentTarget.checked })}
          />
          {t('deactivateMissing')}
        </label>
        <p id="deactivate-missing-warning" class={`hint${choices.deactivateMissing ? ' warn-text' : ''}`}>
          {t('deactivateMissingWarning')}
        </p>
      </fieldset>
    </>
  );
}
