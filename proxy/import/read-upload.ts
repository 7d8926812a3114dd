// The multipart upload of preview and import (docs/api-guide.md#endpoints): the file, its settings, and the sheet read into
// text rows with its header row found. Every refusal is a problem; nothing here talks to the user API.
import { z } from 'zod';
import { importSettingsSchema, type ImportSettings } from '../../shared/import-settings.ts';
import { rowOverridesSchema, type RowOverride } from '../../shared/api/row-overrides-schema.ts';
import { parseCell } from '../../shared/fields/parse-cell.ts';
import { USER_FIELDS } from '../../shared/fields/user-fields.ts';
import { overrideValues, type OverrideValues } from '../../shared/import/row-overrides.ts';
import type { RowError } from '../../shared/problems.ts';
import type { ImportLimits, SheetJsWorkerLimits } from '../config.ts';
import type { ProblemType } from '../../shared/problems.ts';
import { ProblemError } from '../problem.ts';
import { SpreadsheetError, type SpreadsheetRead } from '../spreadsheet/read-spreadsheet.ts';
import { readSpreadsheetOffThread } from '../spreadsheet/read-off-thread.ts';
import { DEFAULT_MAX_CELL_CHARS } from '../spreadsheet/sheet-rows.ts';
import type { MultipartForm } from './multipart-form.ts';
import { UploadRows, type DataRowSink, type SheetStart } from './upload-rows.ts';
import type { CompressedRowTexts } from './compressed-row-texts.ts';

export interface ImportUpload {
  fileName: string;
  /** Cells the administrator corrected in the wizard's preview, applied before planning. */
  corrections: CellCorrection[];
  /** Values that replace what chosen rows say (the wizard's office staff), by row; given to the planner. */
  overrides: OverrideValues;
  settings: ImportSettings;
  sheet: SpreadsheetRead;
  headerRowIndex: number;
  /** The header row's cells. */
  header: readonly string[];
  /** With keepRows, every row's cells as JSON text: row i is spreadsheet row i + 1 (blocks start at the first data row). */
  rowCellsJson: Pick<CompressedRowTexts, 'get' | 'deflatedBlock'>;
  dataRows: number;
  /** CSV/TSV: a data row's cells read again from the file at the offset its sink was given. */
  rowAt?: (offset: number) => string[];
}

export function parseSettingsText(text: string): ImportSettings {
  return parseJsonText(text, importSettingsSchema, {
    type: 'invalid-settings',
    subject: 'The settings file is',
    root: 'settings',
    maxIssues: 5,
  });
}

/** `text` read as JSON with `schema`; text that is not JSON, or JSON the schema refuses, is the problem `type`. */
function parseJsonText<S extends z.ZodType>(
  text: string,
  schema: S,
  problem: { type: ProblemType; subject: string; root: string; maxIssues: number },
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProblemError(problem.type, `${problem.subject} not JSON.`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, problem.maxIssues).map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : problem.root;
      return `${where}: ${issue.message}`;
    });
    throw new ProblemError(problem.type, `${problem.subject} invalid: ${issues.join('; ')}.`);
  }
  return parsed.data;
}

/**
 * Cell corrections made in the wizard (invalid cells corrected in place, then re-previewed). They travel
 * beside the untouched file, so preview and import plan from the same bytes plus the same edits.
 */
const correctionsSchema = z
  .array(
    z.strictObject({
      row: z.int().min(1).describe("The spreadsheet's 1-based row number"),
      column: z.int().min(0).max(16_383).describe('0-based column index'),
      value: z.string().max(32_767),
    }),
  )
  .max(100_000);

export type CellCorrection = z.infer<typeof correctionsSchema>[number];

function parseCorrections(text: string | undefined): CellCorrection[] {
  if (!text?.trim()) return [];
  return parseJsonText(text, correctionsSchema, {
    type: 'invalid-request',
    subject: 'The corrections are',
    root: 'corrections',
    maxIssues: 1,
  });
}

/**
 * The `overrides` field: each must name a data row (below `headerRowIndex`, within the sheet) and a value its
 * field can hold; a row may be overridden once per field. Every bad override is listed with its row and column.
 */
function parseOverrides(
  text: string | undefined,
  headerRowIndex: number,
  lastRowIndex: number,
): OverrideValues {
  if (!text?.trim()) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProblemError('invalid-request', 'The overrides are not JSON.');
  }
  const parsed = rowOverridesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [index, member] = issue?.path ?? [];
    const row = typeof index === 'number' ? (json as { row?: unknown }[])[index]?.row : undefined;
    const where =
      typeof index === 'number'
        ? `override ${index + 1}${Number.isInteger(row) ? ` (row ${String(row)})` : ''}${member ? `, ${String(member)}` : ''}`
        : 'overrides';
    throw new ProblemError('invalid-request', `The overrides are invalid: ${where}: ${issue?.message}.`);
  }
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const refuse = (override: RowOverride, code: string, message: string) =>
    errors.push({
      row: override.row,
      column: USER_FIELDS[override.field].meta.header.en,
      field: override.field,
      code,
      message,
      value: override.value,
    });
  for (const override of parsed.data) {
    const label = USER_FIELDS[override.field].meta.header.en;
    if (override.row <= headerRowIndex + 1)
      refuse(
        override,
        'not-a-data-row',
        `Row ${override.row} is not a data row; only data rows can be overridden.`,
      );
    else if (override.row > lastRowIndex + 1)
      refuse(override, 'not-a-data-row', `Row ${override.row} is beyond the end of the sheet.`);
    const parsedValue = parseCell(override.field, override.value);
    if (!parsedValue.ok || parsedValue.value === null)
      refuse(override, 'invalid-value', `${label} '${override.value}' is not Yes or No.`);
    const key = `${override.row}:${override.field}`;
    if (seen.has(key))
      refuse(override, 'duplicate-override', `Row ${override.row} has more than one ${label} override.`);
    seen.add(key);
  }
  if (errors.length) {
    const first = errors[0]!;
    throw new ProblemError(
      'invalid-request',
      `The overrides are invalid: row ${first.row}, column ${first.column}: ${first.message}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''),
      { errors },
    );
  }
  return overrideValues(parsed.data, (override) => {
    const value = parseCell(override.field, override.value);
    return value.ok && value.value === true;
  });
}

/** A text field, or a small file sent in its place (a settings file picked in a form). */
function formText(form: MultipartForm, name: string): string | undefined {
  const file = form.files.get(name);
  return form.fields.get(name) ?? (file ? new TextDecoder().decode(file.bytes) : undefined);
}

export interface UploadRowsRequest {
  /** Called once the header row is known; returns where the data rows go as they are read. */
  start: (start: SheetStart) => DataRowSink;
  /** Keep every row's cells in `rowCellsJson` (the import job reports them); the preview keeps none. */
  keepRows: boolean;
}

export async function readImportUpload(
  form: MultipartForm,
  limits: ImportLimits,
  rowsRequest: UploadRowsRequest,
  sheetJsWorker: SheetJsWorkerLimits,
): Promise<ImportUpload> {
  const file = form.files.get('file');
  if (!file) {
    throw new ProblemError('invalid-request', 'The multipart field "file" with the spreadsheet is missing.');
  }
  if (file.bytes.length > limits.maxUploadBytes) {
    throw new ProblemError(
      'file-too-large',
      `The file is ${(file.bytes.length / 1048576).toFixed(1)} MB; at most ${(limits.maxUploadBytes / 1048576).toFixed(0)} MB can be imported.`,
    );
  }
  const settingsText = formText(form, 'settings');
  const settings = settingsText?.trim()
    ? parseSettingsText(settingsText)
    : importSettingsSchema.parse({ version: 1 });
  const corrections = parseCorrections(formText(form, 'corrections'));
  const bytes = file.bytes;
  const rows = new UploadRows({
    settings,
    corrections,
    maxRows: limits.maxRows,
    maxCellChars: limits.maxCellChars ?? DEFAULT_MAX_CELL_CHARS,
    keepRows: rowsRequest.keepRows,
    start: rowsRequest.start,
  });
  let sheet: SpreadsheetRead;
  try {
    sheet = await readSpreadsheetOffThread(
      bytes,
      {
        maxRows: limits.maxRows,
        maxCellChars: limits.maxCellChars ?? DEFAULT_MAX_CELL_CHARS,
        onLongCell: rows.longCell,
        // Title rows above the header are allowed; reading still stops soon after the limit.
        headerRows: settings.headerRow ?? 25,
        sheet: settings.sheet,
        csv: settings.csv,
        fileName: file.name,
        onRow: rows.add,
      },
      sheetJsWorker,
    );
  } catch (error) {
    if (error instanceof SpreadsheetError)
      throw new ProblemError(error.code, error.message, { status: error.status });
    throw error;
  }
  rows.finish();
  const overrides = parseOverrides(formText(form, 'overrides'), rows.headerRowIndex, rows.lastRowIndex);
  return {
    fileName: file.name || 'upload',
    corrections,
    overrides,
    settings,
    sheet,
    headerRowIndex: rows.headerRowIndex,
    header: rows.header,
    rowCellsJson: rows.kept,
    dataRows: rows.dataRows,
    rowAt: sheet.recordAt && rows.reread(sheet.recordAt),
  };
}
