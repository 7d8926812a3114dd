// Every UI string lives in `_locales/{en,de}/messages.json` (docs/: one place per language).
// The browser's own `i18n.getMessage` follows the *browser's* UI language, but the buttons must follow
// the language of the host page (`<html lang>`, docs/administrators.md#the-import-wizard), so we read the same catalogues ourselves.
// The content script does not load this module: it has its own few strings (content/content-strings.ts).
import en from '../../_locales/en/messages.json';
import de from '../../_locales/de/messages.json';
import {
  translatorFor,
  type CatalogEntry,
  type Language,
  type MessageKey,
  type Translate,
} from './message-format.ts';

export {
  countSentence,
  formatMessage,
  languageFromTag,
  type Language,
  type MessageKey,
  type Translate,
} from './message-format.ts';

const catalogs: Record<Language, Record<MessageKey, CatalogEntry>> = { en, de };

export function createTranslator(language: Language): Translate {
  return translatorFor(catalogs, language);
}
