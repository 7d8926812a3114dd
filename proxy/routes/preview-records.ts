// The preview's record for a later import (docs/api-guide.md#endpoints `previewId`): kept when the preview
// answers, looked up when an import names it.
import type { PlanWarning } from '../../shared/import/plan-types.ts';
import type { PreviewVersions } from '../import/preview-check.ts';
import { ProblemError } from '../problem.ts';
import { PREVIEW_TTL_MS, type PreviewRecord, type PreviewStore } from '../store/preview-store.ts';

/** Keeps what the preview saw; the answer's `previewId` and `previewedAt`. */
export async function keepPreview(
  previews: PreviewStore,
  tenant: string,
  previewedAt: Date,
  seen: PreviewVersions,
): Promise<{ previewId: string; previewedAt: string }> {
  const id = crypto.randomUUID();
  await previews.save({
    id,
    tenant,
    previewedAt: previewedAt.toISOString(),
    expiresAt: new Date(Date.now() + PREVIEW_TTL_MS).toISOString(),
    versions: seen.versions,
    rowKeys: seen.rowKeys,
  });
  return { previewId: id, previewedAt: previewedAt.toISOString() };
}

/** The preview an import names, or none; an unknown or expired one is refused (nothing is written). */
export async function namedPreview(
  previews: PreviewStore,
  tenant: string,
  previewId: string | undefined,
): Promise<PreviewRecord | undefined> {
  const id = previewId?.trim();
  if (!id) return undefined;
  const record = await previews.get(tenant, id);
  if (!record)
    throw new ProblemError(
      'preview-expired',
      `There is no preview ${id.slice(0, 64)} of this company: previews are kept for ${PREVIEW_TTL_MS / 3_600_000} hours. Preview the file again and import it naming the new preview.`,
    );
  return record;
}

/** Said once in the preview when the user API gives its users no version to compare. */
export function unversionedWarning(users: number, lang: 'en' | 'de'): PlanWarning {
  return {
    row: null,
    column: null,
    field: null,
    code: 'no-user-versions',
    message:
      lang === 'de'
        ? `Die Benutzer-API nennt für ${users} Benutzer keine Version (weder ETag noch meta.lastModified): ein Import kann nicht erkennen, ob jemand sie seit dieser Vorschau geändert hat.`
        : `The user API gives ${users} user(s) no version (neither ETag nor meta.lastModified): an import cannot tell whether someone changed them since this preview.`,
  };
}
