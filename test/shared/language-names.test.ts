// The language table is generated ahead (scripts/generate-language-names.ts) so that no import reads ICU's locale
// data; it must say exactly what Intl.DisplayNames says of every language the Language field accepts.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, parseLanguage } from '../../shared/fields/field-values.ts';
import { LANGUAGE_NAMES } from '../../shared/fields/language-names.ts';
import { languageNamesFromIntl } from '../../shared/fields/language-names-from-intl.ts';

describe('language names', () => {
  it('are the names Intl.DisplayNames gives every accepted language in each of them (else regenerate the table)', () => {
    expect(LANGUAGE_NAMES).toEqual(languageNamesFromIntl());
  });

  it('read every language by its code and by its name in each accepted language', () => {
    for (const code of LANGUAGES) {
      expect(parseLanguage(code)).toEqual({ ok: true, value: code });
      for (const display of LANGUAGES) {
        const name = new Intl.DisplayNames([display], { type: 'language' }).of(code)!;
        expect(parseLanguage(name)).toEqual({ ok: true, value: code });
        expect(parseLanguage(name.toUpperCase())).toEqual({ ok: true, value: code });
      }
    }
    expect(parseLanguage('constructor').ok).toBe(false);
    expect(parseLanguage('Klingonisch').ok).toBe(false);
  });
});
