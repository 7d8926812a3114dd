// Counts as the page's language writes them: "20,000" on an English page, "20.000" on a German one.
import type { Language } from '../../common/translate.ts';

export function formatCount(value: number, language: Language): string {
  return value.toLocaleString(language === 'de' ? 'de-DE' : 'en-US');
}
