// The content script's own few strings, in the page's language. Each is read by name from the catalogues, so
// the bundle carries only these and not every string of the wizard: the content script loads with every user
// management page and must stay ≤ 15 KB gzip. The catalogues stay the one place of every string.
import * as de from '../../_locales/de/messages.json';
import * as en from '../../_locales/en/messages.json';
import { formatMessage, type Language } from '../common/translate.ts';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

// Written out per language on purpose: `en.groupLabel` is a static reference the bundler can keep alone.
const catalogs = {
  en: {
    groupLabel: en.groupLabel,
    importButton: en.importButton,
    exportButton: en.exportButton,
    importSettingsButton: en.importSettingsButton,
    importDialogTitle: en.importDialogTitle,
    exportDialogTitle: en.exportDialogTitle,
    importSettingsDialogTitle: en.importSettingsDialogTitle,
    syncedFromSalesforce: en.syncedFromSalesforce,
    syncedFromDynamics: en.syncedFromDynamics,
    singleLicense: en.singleLicense,
    unavailable: en.unavailable,
    proxyUnreachable: en.proxyUnreachable,
    openOptions: en.openOptions,
    retry: en.retry,
  },
  de: {
    groupLabel: de.groupLabel,
    importButton: de.importButton,
    exportButton: de.exportButton,
    importSettingsButton: de.importSettingsButton,
    importDialogTitle: de.importDialogTitle,
    exportDialogTitle: de.exportDialogTitle,
    importSettingsDialogTitle: de.importSettingsDialogTitle,
    syncedFromSalesforce: de.syncedFromSalesforce,
    syncedFromDynamics: de.syncedFromDynamics,
    singleLicense: de.singleLicense,
    unavailable: de.unavailable,
    proxyUnreachable: de.proxyUnreachable,
    openOptions: de.openOptions,
    retry: de.retry,
  },
} satisfies Record<Language, Record<string, Entry>>;

export type ContentMessageKey = keyof (typeof catalogs)['en'];
export type ContentTranslate = (key: ContentMessageKey, ...substitutions: string[]) => string;

export function createContentTranslator(language: Language): ContentTranslate {
  return (key, ...substitutions) => formatMessage(catalogs[language][key] as Entry, substitutions);
}
