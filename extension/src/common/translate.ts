// Every UI string lives in `_locales/{en,de}/messages.json` (docs/: one place per language).
// The browser's own `i18n.getMessage` follows the *browser's* UI language, but the buttons must follow
// the language of the host page (`<html lang>`, docs/administrators.md#the-import-wizard), so we read the same catalogues ourselves.
import en from '../../_locales/en/messages.json';
import de from '../../_locales/de/messages.json';

export type MessageKey = keyof typeof en;
export type Language = 'en' | 'de';
export type Translate = (key: MessageKey, ...substitutions: string[]) => string;

interface CatalogEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const catalogs: Record<Language, Record<string, CatalogEntry>> = { en, de };

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

export function createTranslator(language: Language): Translate {
  return (key, ...substitutions) => {
    const entry = catalogs[language][key] ?? catalogs.en[key];
    return entry ? formatMessage(entry, substitutions) : key;
  };
}
