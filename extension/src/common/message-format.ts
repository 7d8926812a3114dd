// How a catalogue entry becomes a sentence, without any catalogue: the content script carries only its
// own few strings (content/content-strings.ts), everything else the whole catalogues (translate.ts).
import type en from '../../_locales/en/messages.json';

export type MessageKey = keyof typeof en;
export type Language = 'en' | 'de';
export type Translate = (key: MessageKey, ...substitutions: string[]) => string;

export interface CatalogEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** `de-CH`, `DE` → `de`; anything we have no catalogue for → English, the default locale. */
export function languageFromTag(tag: string | null | undefined): Language {
  return tag?.trim().toLowerCase().split(/[-_]/)[0] === 'de' ? 'de' : 'en';
}

/** Expands a message the way the browser does: `$NAME$` → its placeholder's content → `$1`… */
export function formatMessage(entry: CatalogEntry, substitutions: readonly string[]): string {
  const withPlaceholders = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole,
  );
  return withPlaceholders.replace(
    /\$(\d)/g,
    (_whole, index: string) => substitutions[Number(index) - 1] ?? '',
  );
}

/** A translator over `catalogs`; a key missing in `language` falls back to English, then to the key. */
export function translatorFor<K extends string>(
  catalogs: Record<Language, Partial<Record<K, CatalogEntry>>>,
  language: Language,
): (key: K, ...substitutions: string[]) => string {
  return (key, ...substitutions) => {
    const entry = catalogs[language][key] ?? catalogs.en[key];
    return entry ? formatMessage(entry, substitutions) : key;
  };
}

/**
 * A sentence about `count` things: the catalogue's `one` entry where the language speaks of one thing (1 in English
 * and German), else `other`; both get the same substitutions. The browser's own message format has no plurals.
 */
export function countSentence(
  t: Translate,
  language: Language,
  count: number,
  one: MessageKey,
  other: MessageKey,
  ...substitutions: string[]
): string {
  return t(new Intl.PluralRules(language).select(count) === 'one' ? one : other, ...substitutions);
}
