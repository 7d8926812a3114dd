// Upload + the company's current users → the plan. Used by preview and import alike (contract §6: the same
// plan from the same code); the import re-plans from its own upload and never trusts a client's plan.
import { planImport } from '../../shared/import/plan-import.ts';
import type { ImportPlan } from '../../shared/import/plan-types.ts';
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import { problemFromUpstream, type TenantAccess } from '../tenant-access.ts';
import type { ImportUpload } from './read-upload.ts';

/**
 * Reads the upload and the company's users at the same time (the user API works while the sheet is parsed), then
 * plans. A refused upload stops the reading of users.
 */
export async function readAndPlan(
  readUpload: () => Promise<ImportUpload>,
  access: TenantAccess,
  lang: 'en' | 'de' = 'en',
): Promise<{ upload: ImportUpload; plan: ImportPlan }> {
  const stop = new AbortController();
  const users = access.directory.listUsers(undefined, stop.signal);
  users.catch(() => {}); // awaited below, unless the upload is refused first
  let upload: ImportUpload;
  try {
    upload = await readUpload();
  } catch (error) {
    stop.abort(new Error('upload refused'));
    throw error;
  }
  let current: UserRecord[];
  try {
    current = await users;
  } catch (error) {
    throw problemFromUpstream(error);
  }
  return { upload, plan: planUsers(upload, current, access, lang) };
}

function planUsers(
  upload: ImportUpload,
  users: readonly UserRecord[],
  access: TenantAccess,
  lang: 'en' | 'de',
): ImportPlan {
  return planImport({
    rows: upload.sheet.rows,
    headerRowIndex: upload.headerRowIndex,
    users,
    licenses: access.tenant.licenses,
    settings: upload.settings,
    lang,
  });
}

/** The preview answer (contract §4): the plan without the internal write instructions. */
export function previewBody(
  plan: ImportPlan,
  upload: ImportUpload,
  blockers: { type: string; detail: string }[],
  page: { offset: number; limit?: number },
) {
  const changed = plan.rows.filter((row) => row.action !== 'unchanged');
  const changes = changed.slice(page.offset, page.limit === undefined ? undefined : page.offset + page.limit);
  return {
    file: {
      name: upload.fileName,
      format: upload.sheet.format,
      sheetNames: upload.sheet.sheetNames,
      sheetName: upload.sheet.sheetName,
      encoding: upload.sheet.encoding ?? null,
      delimiter: upload.sheet.delimiter ?? null,
      headerRow: plan.headerRow,
      dataRows: upload.dataRows,
    },
    summary: plan.summary,
    matchBy: plan.matchBy,
    columns: plan.columns.map(({ index, header, field, matchedBy }) => ({ index, header, field, matchedBy })),
    warnings: plan.warnings,
    errors: [
      ...plan.fileErrors.map((e) => ({
        row: plan.headerRow,
        column: e.column,
        field: e.field,
        code: 'column',
        message: e.message,
      })),
      ...plan.errors,
    ],
    licenses: plan.licenses,
    scheduleDeletions: plan.scheduleDeletions,
    missingDeactivations: plan.missingDeactivations,
    blockers,
    canImport: blockers.length === 0,
    changesTotal: changed.length,
    changes: changes.map(({ write: _write, ...row }) => row),
  };
}
