// Wizard step 3 (docs/api-guide.md#fields "wizard page 2"): which columns hold the home street, postal code, city
// and country, and defaults for rows that leave them empty (e.g. the country). Optional: Next skips it.
import { cellProblem, parseCell } from '../../../../shared/fields/parse-cell.ts';
import { columnTitle, type ColumnsStepProps } from './columns-step.tsx';
import { FieldName, fieldLabel } from './field-info.tsx';
import { HOME_FIELDS, columnOfField, type HomeField } from './wizard-choices.ts';

/** The same inputs as the columns step: both map the file's columns to fields. */
export type HomeStepProps = ColumnsStepProps;

const NONE = '';

export function HomeStep({ t, language, columns, choices, onMap, onChange }: HomeStepProps) {
  const { apply, defaults } = choices.homeLocation;
  const setDefault = (field: HomeField, value: string): void =>
    onChange({ homeLocation: { apply, defaults: { ...defaults, [field]: value } } });

  return (
    <>
      <p class="intro">{t('homeIntro')}</p>
      <label class="choice">
        <input
          type="checkbox"
          checked={apply}
          onChange={(event) => onChange({ homeLocation: { apply: event.currentTarget.checked, defaults } })}
        />
        {t('homeApply')}
      </label>
      <table class={`mapping home${apply ? '' : ' disabled'}`}>
        <thead>
          <tr>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('columnInFile')}</th>
            <th scope="col">{t('defaultValue')}</th>
          </tr>
        </thead>
        <tbody>
          {HOME_FIELDS.map((field) => {
            const column = columnOfField(choices, columns, field);
            const fallback = defaults[field] ?? '';
            const parsed = fallback.trim() ? parseCell(field, fallback) : null;
            const label = fieldLabel(field, language);
            return (
              <tr key={field}>
                <th scope="row">
                  <FieldName field={field} language={language} t={t} />
                </th>
                <td>
                  <select
                    aria-label={t('columnForField', label)}
                    disabled={!apply}
                    value={column ? String(column.index) : NONE}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      if (value !== NONE) onMap(Number(value), field);
                      else if (column) onMap(column.index, null);
                    }}
                  >
                    <option value={NONE}>{t('notInFile')}</option>
                    {columns
                      .filter((c) => c.header.trim())
                      .map((c) => (
                        <option key={c.index} value={String(c.index)}>
                          {columnTitle(c, t)}
                        </option>
                      ))}
                  </select>
                </td>
                <td>
                  <input
                    type="text"
                    aria-label={t('defaultFor', label)}
                    disabled={!apply}
                    value={fallback}
                    placeholder={field === 'homeCountry' ? t('countryPlaceholder') : ''}
                    aria-invalid={parsed && !parsed.ok ? 'true' : undefined}
                    onInput={(event) => setDefault(field, event.currentTarget.value)}
                  />
                  {parsed && !parsed.ok && (
                    <small class="cell-error" role="alert">
                      {cellProblem(field, parsed, language)}
                    </small>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="hint">{t('homeDefaultsHint')}</p>
    </>
  );
}
