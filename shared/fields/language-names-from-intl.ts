// The language table as ICU names the languages (Intl.DisplayNames): what scripts/generate-language-names.ts
// writes into language-names.ts, and what the test compares that file with. Not used at run time: reading the
// names makes ~5 MB of ICU's locale data resident and cost ~25 ms of an import's first rows.
import { foldText, LANGUAGES, type Language } from './field-values.ts';

export function languageNamesFromIntl(): Record<string, Language> {
  const index: Record<string, Language> = {};
  for (const code of LANGUAGES) {
    index[code] = code;
    for (const display of LANGUAGES) {
      const name = new Intl.DisplayNames([display], { type: 'language' }).of(code);
      if (name) index[foldText(name)] = code;
    }
  }
  return index;
}
