// No lost update between preview and import (docs/import-semantics.md#no-lost-update). The preview keeps the
// version of every user its plan may write; an import that names that preview writes no user whose version has
// changed since (the row becomes a conflict: "preview again"), and sends If-Match with the previewed version
// where the server supports ETags, so a change between this check and the write is a conflict (412) too.
// Likewise it overwrites no user in place of one the preview planned to create (someone created it since), and
// creates none in place of one the preview matched (someone deleted it or changed its key since).
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import type { RowKey } from '../../shared/import/planned-row.ts';
import { runInSlices, type Steps } from '../../shared/time-slices.ts';
import type { PreviewRecord } from '../store/preview-store.ts';
import { isEtag, revisionOf, versionOf } from '../user-api/scim-user-mapping.ts';
import { VersionLines } from '../store/version-lines.ts';
import { previewedAs, PreviewRowKeysCollector } from './preview-row-keys.ts';
import type { Outcome, WriteItem } from './resolve-writes.ts';

/** The versions of the users a preview's plan may write, collected while the users stream through it. */
export class PreviewVersions {
  /** Written as the store keeps them while the users arrive (proxy/store/version-lines.ts). */
  readonly versions = new VersionLines();
  /** Users seen without any version (no ETag, no meta.lastModified): nothing can tell whether they changed. */
  unversioned = 0;
  /** The rows that name a user (told as users arrive) and, once planned, those to create. */
  readonly rowKeys = new PreviewRowKeysCollector();

  readonly add = (user: UserRecord): void => {
    const revision = revisionOf(user);
    if (revision === undefined) this.unversioned++;
    else this.versions.add(user.portatourId, revision);
  };
}

const AGAIN = {
  en: 'Preview again and import the file again.',
  de: 'Zeigen Sie die Vorschau erneut an und importieren Sie die Datei noch einmal.',
};

/** A user the preview showed was changed by someone else since. */
export function staleMessage(previewedAt: string, lang: 'en' | 'de' = 'en'): string {
  return lang === 'de'
    ? `Seit der Vorschau um ${previewedAt} von jemand anderem geändert; nicht überschrieben. ${AGAIN.de}`
    : `Changed by someone else since the preview at ${previewedAt}; not overwritten. ${AGAIN.en}`;
}

/** The preview planned a new user; someone else created a user of this key since. */
export function createdSinceMessage(previewedAt: string, lang: 'en' | 'de' = 'en'): string {
  return lang === 'de'
    ? `Seit der Vorschau um ${previewedAt} von jemand anderem angelegt; nicht überschrieben. ${AGAIN.de}`
    : `Created by someone else since the preview at ${previewedAt}; not overwritten. ${AGAIN.en}`;
}

/** The preview matched a user; no user has this key any longer (deleted, or its key changed). */
export function goneSinceMessage(previewedAt: string, lang: 'en' | 'de' = 'en'): string {
  return lang === 'de'
    ? `Seit der Vorschau um ${previewedAt} von jemand anderem gelöscht oder E-Mail bzw. Personalnummer geändert; nicht neu angelegt. ${AGAIN.de}`
    : `Deleted by someone else since the preview at ${previewedAt}, or its email or employee number changed; not created again. ${AGAIN.en}`;
}

/**
 * Splits the planned writes: updates of users whose version differs from the one the preview saw become
 * conflicts and are not sent; the others carry If-Match with the previewed version (where it is an ETag) or,
 * for users the preview did not see, with the version read now. An update of a row the preview planned to
 * create, and a create of a row the preview matched to a user, are conflicts too (`keyOf` gives the key of the
 * row a write comes from). Without a preview, every update carries the version read now, as before.
 */
export function checkAgainstPreview(
  items: readonly WriteItem[],
  preview: PreviewRecord | undefined,
  keyOf: (seq: number) => RowKey | null = () => null,
  lang: 'en' | 'de' = 'en',
): Promise<{ items: WriteItem[]; conflicts: Outcome[] }> {
  // In slices: with a named preview each of 100,000 writes hashes its row's key.
  return runInSlices(checkSteps(items, preview, keyOf, lang));
}

function* checkSteps(
  items: readonly WriteItem[],
  preview: PreviewRecord | undefined,
  keyOf: (seq: number) => RowKey | null,
  lang: 'en' | 'de',
): Steps<{ items: WriteItem[]; conflicts: Outcome[] }> {
  const writes: WriteItem[] = [];
  const conflicts: Outcome[] = [];
  const conflict = (item: WriteItem, message: string, userId: string | null) =>
    conflicts.push({ seq: item.seq, outcome: 'conflict', message, userId });
  for (const item of items) {
    yield;
    const write = item.write;
    const planned = preview?.rowKeys && previewedAs(preview.rowKeys, keyOf(item.seq));
    if (write.kind !== 'update') {
      if (planned === 'matched') conflict(item, goneSinceMessage(preview!.previewedAt, lang), null);
      else writes.push(item);
      continue;
    }
    if (planned === 'create') {
      conflict(item, createdSinceMessage(preview!.previewedAt, lang), write.userId);
      continue;
    }
    const previewed = preview?.versions.get(write.userId);
    const now = revisionOf(write.before);
    if (previewed !== undefined && now !== undefined && previewed !== now) {
      conflict(item, staleMessage(preview!.previewedAt, lang), write.userId);
      continue;
    }
    const ifMatch = previewed !== undefined && isEtag(previewed) ? previewed : versionOf(write.before);
    writes.push({ ...item, ifMatch });
  }
  return { items: writes, conflicts };
}
