import type { Language, Translate } from '../common/translate.ts';
import type { SessionStore } from './import/saved-draft.ts';
import type { ProxyAccess } from './proxy-download.ts';

/** What every dialog view gets, and nothing else (docs/: views take their data and callbacks). */
export interface ViewProps {
  t: Translate;
  language: Language;
  access: ProxyAccess;
  /** Saves a downloaded file on the user's disk. */
  save: (blob: Blob, fileName: string) => void;
  /** Closes the modal; `usersChanged` after an import makes the page reload its user list. */
  onClose: (usersChanged: boolean) => void;
  /** The extension's in-memory session storage: the import wizard keeps its work there when it is closed. */
  session?: SessionStore;
}
