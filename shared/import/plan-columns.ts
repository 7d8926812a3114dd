// The file-wide part of the plan (docs/import-semantics.md): which column feeds which field, the warnings about columns, and
// the problems that stop the whole file. It depends on the header row and the settings only, never on a user.
import { foldText } from '../fields/field-values.ts';
import { parseCell } from '../fields/parse-cell.ts';
import { HOME_FIELDS, USER_FIELDS, type FieldKey, type HomeField } from '../fields/user-fields.ts';
import type { ImportSettings } from '../import-settings.ts';
import { mapColumns, type ColumnMapping, type MappingProblem } from './column-mapping.ts';
import type { PlanWarning } from './plan-types.ts';

export type Say = (en: string, de: string) => string;

export interface PlanColumns {
  headerRow: number;
  /** Every column of the header row, mapped or not (the preview shows them all). */
  allMappings: ColumnMapping[];
  /** The columns that are read: mapped, and home location only when the settings apply it. */
  mappings: ColumnMapping[];
  /** Mapped fields the import writes. */
  writable: FieldKey[];
  fileErrors: MappingProblem[];
  warnings: PlanWarning[];
  /** Home location defaults of the settings, parsed once. */
  homeDefaults: Partial<Record<HomeField, string>>;
}

export function planColumns(
  headers: readonly string[],
  headerRow: number,
  settings: ImportSettings,
  say: Say,
  lang: 'en' | 'de',
): PlanColumns {
  const label = (field: FieldKey) => USER_FIELDS[field].meta.header[lang];
  const { mappings: allMappings, problems } = mapColumns(headers, settings.columns ?? undefined);
  const mappings: ColumnMapping[] = allMappings.filter(
    (m) => m.field && (settings.homeLocation.apply || !(HOME_FIELDS as readonly string[]).includes(m.field)),
  );
  const fileErrors = [...problems];
  const warnings: PlanWarning[] = [];
  const ignoredBySettings = new Set(
    Object.entries(settings.columns ?? {})
      .filter(([, field]) => field === null)
      .map(([header]) => foldText(header)),
  );
  for (const mapping of allMappings) {
    if (!mapping.field && mapping.header)
      warnings.push({
        row: headerRow,
        column: mapping.header,
        field: null,
        code: 'ignored-column',
        message: ignoredBySettings.has(foldText(mapping.header))
          ? say(
              `The column '${mapping.header}' is ignored, as the import settings say.`,
              `Die Spalte '${mapping.header}' wird laut Importeinstellungen ignoriert.`,
            )
          : say(
              `The column '${mapping.header}' is not a user field and is ignored.`,
              `Die Spalte '${mapping.header}' ist kein Benutzerfeld und wird ignoriert.`,
            ),
      });
    if (mapping.matchedBy === 'typo' && mapping.field)
      warnings.push({
        row: headerRow,
        column: mapping.header,
        field: mapping.field,
        code: 'column-guessed',
        message: say(
          `The column '${mapping.header}' is read as ${label(mapping.field)}.`,
          `Die Spalte '${mapping.header}' wird als ${label(mapping.field)} gelesen.`,
        ),
      });
  }
  const mapped = new Set(mappings.map((m) => m.field));
  if (settings.matchBy !== 'auto' && !mapped.has(settings.matchBy)) {
    fileErrors.push({
      column: USER_FIELDS[settings.matchBy].meta.header.en,
      field: settings.matchBy,
      message: say(
        `Users are matched by ${label(settings.matchBy)}, but the file has no such column.`,
        `Benutzer werden über ${label(settings.matchBy)} erkannt, aber die Datei hat keine solche Spalte.`,
      ),
    });
  }
  if (!mapped.has('email') && !mapped.has('portatourId') && !mapped.has('employeeNumber')) {
    fileErrors.push({
      column: 'Email',
      field: 'email',
      message: say(
        'The file needs an Email, Portatour ID or Employee number column to find or create users.',
        'Die Datei braucht eine Spalte E-Mail, Portatour-ID oder Personalnummer, um Benutzer zu finden oder anzulegen.',
      ),
    });
  }

  // Home location defaults (docs/api-guide.md#the-settings-file homeLocation.defaults), parsed once; one that is not a valid value
  // (a country nobody knows) is a warning rather than silently dropped.
  const homeDefaults: Partial<Record<HomeField, string>> = {};
  if (settings.homeLocation.apply) {
    for (const field of HOME_FIELDS) {
      const fallback = settings.homeLocation.defaults[field];
      if (!fallback) continue;
      const parsed = parseCell(field, fallback);
      if (parsed.ok && parsed.value) homeDefaults[field] = parsed.value as string;
      else if (!parsed.ok)
        warnings.push({
          row: null,
          column: null,
          field,
          code: 'invalid-default',
          message: say(
            `The default ${label(field)} ${parsed.message} and is not used.`,
            `Die Vorgabe für ${label(field)}: ${parsed.messageDe}; sie wird nicht verwendet.`,
          ),
        });
    }
  }

  const writable = mappings
    .filter((m) => m.field && !USER_FIELDS[m.field].meta.readOnly)
    .map((m) => m.field as FieldKey);
  return { headerRow, allMappings, mappings, writable, fileErrors, warnings, homeDefaults };
}
