// Upload + the company's current users → the plan. Used by preview and import alike (docs/import-semantics.md: the same
// plan from the same code); the import re-plans from its own upload and never trusts a client's plan.
import { ImportPlanner, type PlannerInput } from '../../shared/import/plan-import.ts';
import type { ImportPlan } from '../../shared/import/plan-types.ts';
import { runInSlices } from '../../shared/time-slices.ts';
import type { ImportPreview } from '../../shared/api/preview-schema.ts';
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import { COUNTRY_CODES } from '../../shared/fields/countries.ts';
import { problemFromUpstream, type TenantAccess } from '../tenant-access.ts';
import { SCIM_PAGE_SIZE, SCIM_USER_BATCH } from '../user-api/scim-client.ts';
import type { ImportUpload, UploadRowsRequest } from './read-upload.ts';
import type { DataRowSink, SheetStart } from './upload-rows.ts';
import { HeldRows } from './held-rows.ts';

/**
 * Batches of users (SCIM_USER_BATCH) taken ahead while the sheet is still being read (the user API works
 * meanwhile); more are not held, so memory does not grow with the company's size.
 */
const PAGES_AHEAD = 4;
/**
 * Rows held as plain strings instead of compressed while every user of the company is already in (a small company,
 * say one being filled with new users): ~2.5 MB for 10,000 rows of a user list; each row beyond goes compressed.
 */
const PLAIN_ROWS = 10_000;

/**
 * Reads the upload, its rows going into the planner one by one as the sheet is read, while the first pages of
 * the company's users arrive; then streams the users page by page through the planner, which keeps only what
 * the plan needs of each. A refused upload stops the reading of users. With `keepRows` the upload keeps every
 * row's cells (the import job reports them); the preview keeps none.
 */
export async function readAndPlan(
  readUpload: (rows: UploadRowsRequest) => Promise<ImportUpload>,
  access: TenantAccess,
  lang: 'en' | 'de' = 'en',
  {
    keepRows = false,
    onUserInPlan,
    onRowMatched,
  }: Pick<PlannerInput, 'onUserInPlan' | 'onRowMatched'> & { keepRows?: boolean } = {},
): Promise<{ upload: ImportUpload; plan: ImportPlan }> {
  // What the directory stores decides which columns are read and what a create sends.
  const capabilities = await access.directory.capabilities().catch((error: unknown) => {
    throw problemFromUpstream(error);
  });
  const stop = new AbortController();
  const pages = new PagesAhead(
    access.directory.userPages(undefined, stop.signal, SCIM_PAGE_SIZE, SCIM_USER_BATCH),
    PAGES_AHEAD,
  );
  let planner: ImportPlanner | undefined;
  // Rows the upload cannot read again itself (XLSX, corrected rows) wait for their users compressed.
  let held: HeldRows | undefined;
  let plainRows = 0;
  const start = ({ settings, header, headerRowIndex }: SheetStart): DataRowSink => {
    const made = new ImportPlanner({
      header,
      headerRow: headerRowIndex + 1,
      licenses: access.tenant.licenses,
      country: companyCountry(access.tenant),
      settings,
      lang,
      // The preview answers with what changes; the import job reports every row.
      omitUnchanged: !keepRows,
      newRowChanges: !keepRows,
      directory: {
        unstored: capabilities.unstoredFields,
        userNameOnCreate: !capabilities.assignsUserName,
      },
      onUserInPlan,
      onRowMatched,
    });
    planner = made;
    return (rowNumber, cells, offset) => {
      // With every user in, the rows are planned as soon as the sheet is read: compressing them (and
      // inflating them again right after) would cost more than the few MB it saves.
      if (offset === undefined && pages.allRead && plainRows < PLAIN_ROWS) {
        plainRows++;
        made.addRow(rowNumber, cells);
      } else made.addRow(rowNumber, cells, offset ?? (held ??= new HeldRows()).add(cells));
    };
  };
  let upload: ImportUpload;
  try {
    upload = await readUpload({ start, keepRows });
  } catch (error) {
    stop.abort(new Error('upload refused'));
    throw error;
  }
  if (!planner) throw new Error('the upload was read without its rows');
  const { rowAt } = upload;
  planner.rereadWith((handle) => {
    // Held rows have negative handles; any other is a CSV row's byte offset.
    if (handle < 0 && held) return held.cells(handle);
    if (!rowAt) throw new Error(`row handle ${handle} names no row`);
    return rowAt(handle);
  });
  planner.overrideRows(upload.overrides);
  try {
    for (let page = await pages.next(); page; page = await pages.next()) planner.addUsers(page);
  } catch (error) {
    stop.abort(new Error('planning stopped'));
    throw problemFromUpstream(error);
  }
  // Planning 100,000 rows takes seconds of CPU: in slices, so other requests are answered meanwhile.
  return { upload, plan: await runInSlices(planner.finishSteps()) };
}

/** The company's country as an ISO code; DE when the user API does not say (or says something else). */
export function companyCountry(tenant: { country?: string }): string {
  const code = tenant.country?.trim().toUpperCase();
  return code && COUNTRY_CODES.has(code) ? code : 'DE';
}

/** Pulls up to `limit` pages from the user API ahead of the consumer. */
class PagesAhead {
  private readonly ready: Promise<IteratorResult<UserRecord[]>>[] = [];
  private done = false;

  constructor(
    private readonly source: AsyncGenerator<UserRecord[]>,
    private readonly limit: number,
  ) {
    this.pull();
  }

  /** The user read has ended: every page is read (the last ones may wait to be taken), or it failed. */
  get allRead(): boolean {
    return this.done;
  }

  private pull(): void {
    if (this.done || this.ready.length >= this.limit) return;
    const next = this.source.next();
    next.catch(() => {}); // surfaces when the consumer awaits it
    this.ready.push(next);
    void next.then(
      (result) => {
        if (result.done) this.done = true;
        else this.pull();
      },
      () => {
        this.done = true;
      },
    );
  }

  async next(): Promise<UserRecord[] | undefined> {
    const next = this.ready.shift();
    if (!next) return undefined;
    const result = await next;
    this.pull();
    return result.done ? undefined : result.value;
  }
}

const NO_USER = { name: '', email: '' };

/**
 * Whose row each error and warning is: a list of them without the rows beside it (the errors-only view, the
 * notes) names the user. A row with a warning stays in the plan although unchanged (omitUnchanged keeps it).
 */
function withUsers(plan: ImportPlan) {
  const users = new Map<number, { name: string; email: string }>();
  for (const row of plan.rows)
    if ((row.errors.length || row.warnings.length) && row.row !== null)
      users.set(row.row, { name: row.name, email: row.email });
  const userOf = (row: number | null) => (row === null ? NO_USER : (users.get(row) ?? NO_USER));
  return {
    errors: plan.errors.map((error) => ({ ...error, ...userOf(error.row) })),
    warnings: plan.warnings.map((warning) => ({ ...warning, ...userOf(warning.row) })),
  };
}

/** The preview answer (docs/api-guide.md#endpoints): the plan without the internal write instructions. */
export function previewBody(
  plan: ImportPlan,
  upload: ImportUpload,
  blockers: { type: string; detail: string }[],
  page: { offset: number; limit?: number },
  country = 'DE',
): Omit<ImportPreview, 'previewId' | 'previewedAt'> {
  const changed = plan.rows.filter((row) => row.action !== 'unchanged');
  const named = withUsers(plan);
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
    /** The company's country: the wizard checks corrected phone numbers in it as the plan did. */
    companyCountry: country,
    matchBy: plan.matchBy,
    columns: plan.columns.map(({ index, header, field, matchedBy }) => ({
      index,
      header,
      field,
      matchedBy,
      samples: plan.columnSamples[index] ?? [],
    })),
    warnings: named.warnings,
    errors: [
      ...plan.fileErrors.map((e) => ({
        row: plan.headerRow,
        column: e.column,
        field: e.field,
        code: 'column',
        message: e.message,
      })),
      ...named.errors,
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
