// The content script's strings: only the few it shows, picked from the catalogues by name. The script
// runs on every load of the user management page and must stay small (README.md#benchmarks: ≤ 15 KB gzip).
// Each entry is read as `catalogue.key`: the bundler then keeps just these entries, where passing a
// whole catalogue around would keep the dialog's hundreds of strings too.
import * as de from '../../_locales/de/messages.json';
import * as en from '../../_locales/en/messages.json';
import { translatorFor, type CatalogEntry, type Language } from '../common/message-format.ts';

const english = {
  groupLabel: en.groupLabel,
  importButton: en.importButton,
  exportButton: en.exportButton,
  importSettingsButton: en.importSettingsButton,
  importDialogTitle: en.importDialogTitle,
  exportDialogTitle: en.exportDialogTitle,
  importSettingsDialogTitle: en.importSettingsDialogTitle,
  syncedFromSalesforce: en.syncedFromSalesforce,
  syncedFromDynamics: en.syncedFromDynamics,
  unavailable: en.unavailable,
  singleLicense: en.singleLicense,
  proxyUnreachable: en.proxyUnreachable,
  openOptions: en.openOptions,
  retry: en.retry,
} satisfies Record<string, CatalogEntry>;

export type ContentMessageKey = keyof typeof english;
export type ContentTranslate = (key: ContentMessageKey, ...substitutions: string[]) => string;

const german: Record<ContentMessageKey, CatalogEntry> = {
  groupLabel: de.groupLabel,
  importButton: de.importButton,
  exportButton: de.exportButton,
  importSettingsButton: de.importSettingsButton,
  importDialogTitle: de.importDialogTitle,
  exportDialogTitle: de.exportDialogTitle,
  importSettingsDialogTitle: de.importSettingsDialogTitle,
  syncedFromSalesforce: de.syncedFromSalesforce,
  syncedFromDynamics: de.syncedFromDynamics,
  unavailable: de.unavailable,
  singleLicense: de.singleLicense,
  proxyUnreachable: de.proxyUnreachable,
  openOptions: de.openOptions,
  retry: de.retry,
};

export function createContentTranslator(language: Language): ContentTranslate {
  return translatorFor({ en: english, de: german }, language);
}
