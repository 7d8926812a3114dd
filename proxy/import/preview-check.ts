// No lost update between preview and import (docs/import-semantics.md#no-lost-update). The preview keeps the
// version of every user its plan may write; an import that names that preview writes no user whose version has
// changed since (the row becomes a conflict: "preview again"), and sends If-Match with the previewed version
// where the server supports ETags, so a change between this check and the write is a conflict (412) too.
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import type { PreviewRecord } from '../store/preview-store.ts';
import { isEtag, revisionOf, versionOf } from '../user-api/scim-user-mapping.ts';
import type { Outcome, WriteItem } from './resolve-writes.ts';

/** The versions of the users a preview's plan may write, collected while the users stream through it. */
export class PreviewVersions {
  readonly versions = new Map<string, string>();
  /** Users seen without any version (no ETag, no meta.lastModified): nothing can tell whether they changed. */
  unversioned = 0;

  readonly add = (user: UserRecord): void => {
    const revision = revisionOf(user);
    if (revision === undefined) this.unversioned++;
    else this.versions.set(user.portatourId, revision);
  };
}

export function staleMessage(previewedAt: string): string {
  return `Changed by someone else since the preview at ${previewedAt}; not overwritten. Preview again and import the file again.`;
}

/**
 * Splits the planned writes: updates of users whose version differs from the one the preview saw become
 * conflicts and are not sent; the others carry If-Match with the previewed version (where it is an ETag) or,
 * for users the preview did not see, with the version read now. Without a preview, every update carries the
 * version read now, as before.
 */
export function checkAgainstPreview(
  items: readonly WriteItem[],
  preview: PreviewRecord | undefined,
): { items: WriteItem[]; conflicts: Outcome[] } {
  const writes: WriteItem[] = [];
  const conflicts: Outcome[] = [];
  for (const item of items) {
    const write = item.write;
    if (write.kind !== 'update') {
      writes.push(item);
      continue;
    }
    const previewed = preview?.versions.get(write.userId);
    const now = revisionOf(write.before);
    if (previewed !== undefined && now !== undefined && previewed !== now) {
      conflicts.push({
        seq: item.seq,
        outcome: 'conflict',
        message: staleMessage(preview!.previewedAt),
        userId: write.userId,
      });
      continue;
    }
    const ifMatch = previewed !== undefined && isEtag(previewed) ? previewed : versionOf(write.before);
    writes.push({ ...item, ifMatch });
  }
  return { items: writes, conflicts };
}
