// A field's name with its (i) (docs/administrators.md#the-import-wizard): the button's accessible name is "About {header}", and hovering or
// focusing it shows the field's info text from the shared catalogue as a tooltip.
import { useId } from 'preact/hooks';
import { FIELD_CATALOGUE, type FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import type { Language, Translate } from '../../common/translate.ts';

export function fieldLabel(field: FieldKey, language: Language): string {
  return FIELD_CATALOGUE[field].header[language];
}

export function FieldInfo({ field, language, t }: { field: FieldKey; language: Language; t: Translate }) {
  const tooltipId = useId();
  const info = FIELD_CATALOGUE[field].info[language];
  return (
    <span class="field-info">
      <button
        type="button"
        class="info-button"
        aria-label={t('aboutField', fieldLabel(field, language))}
        aria-describedby={tooltipId}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.4" />
          <path d="M8 7.2v4.3" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
          <circle cx="8" cy="4.7" r="1" fill="currentColor" />
        </svg>
      </button>
      <span role="tooltip" id={tooltipId} class="tooltip">
        {info}
      </span>
    </span>
  );
}

/** A field's name followed by its (i). */
export function FieldName({ field, language, t }: { field: FieldKey; language: Language; t: Translate }) {
  return (
    <span class="field-name">
      {fieldLabel(field, language)}
      <FieldInfo field={field} language={language} t={t} />
    </span>
  );
}
