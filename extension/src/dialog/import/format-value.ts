// A field value of the plan as the administrator reads it in "from → to".
import type { FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import { FIELD_CATALOGUE } from '../../../../shared/fields/field-catalogue.ts';
import { formatCell } from '../../../../shared/fields/parse-cell.ts';
import type { Language, Translate } from '../../common/translate.ts';
import type { FieldChange } from './import-types.ts';

export function formatValue(field: FieldKey, value: unknown, language: Language, t: Translate): string {
  if (value === null || value === undefined || value === '') return t('emptyValue');
  if (Array.isArray(value) && value.length === 0) return t('emptyValue');
  return formatCell(field, value as never, language);
}

/** "Language: de → en" for an update, "Language: en" for a new user. */
export function describeChange(
  change: FieldChange,
  language: Language,
  t: Translate,
  created: boolean,
): string {
  const label = FIELD_CATALOGUE[change.field].header[language];
  const to = formatValue(change.field, change.to, language, t);
  if (created) return `${label}: ${to}`;
  return `${label}: ${formatValue(change.field, change.from, language, t)} → ${to}`;
}
