// The multipart upload of preview and import (docs/api-guide.md#endpoints): the file, its settings, and the sheet read into
// text rows with its header row found. Every refusal is a problem; nothing here talks to the user API.
import { z } from 'zod';
import { importSettingsSchema, type ImportSettings } from '../../shared/import-settings.ts';
import type { ImportLimits, SheetJsWorkerLimits } from '../config.ts';
import { ProblemError } from '../problem.ts';
import { SpreadsheetError, type SpreadsheetRead } from '../spreadsheet/read-spreadsheet.ts';
import { readSpreadsheetOffThread } from '../spreadsheet/read-off-thread.ts';
import { DEFAULT_MAX_CELL_CHARS } from '../spreadsheet/sheet-rows.ts';
import type { MultipartForm } from './multipart-form.ts';
import { UploadRows, type DataRowSink, type SheetStart } from './upload-rows.ts';

export interface ImportUpload {
  fileName: string;
  /** Cells the administrator corrected in the wizard's preview, applied before planning. */
  corrections: CellCorrection[];
  settings: ImportSettings;
  sheet: SpreadsheetRead;
  headerRowIndex: number;
  /** The header row's cells. */
  header: readonly string[];
  /** With keepRows, every row's cells as JSON text: row i is spreadsheet row i + 1. */
  rowCellsJson: { get(index: number): string | undefined };
  dataRows: number;
  /** CSV/TSV: a data row's cells read again from the file at the offset its sink was given. */
  rowAt?: (offset: number) => string[];
}

export function parseSettingsText(text: string): ImportSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProblemError('invalid-settings', 'The settings file is not JSON.');
  }
  const parsed = importSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'settings';
      return `${where}: ${issue.message}`;
    });
    throw new ProblemError('invalid-settings', `The settings file is invalid: ${issues.join('; ')}.`);
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProblemError('invalid-request', 'The corrections are not JSON.');
  }
  const parsed = correctionsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProblemError(
      'invalid-request',
      `The corrections are invalid: ${issue?.path.join('.') || 'corrections'}: ${issue?.message}.`,
    );
  }
  return parsed.data;
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
  return {
    fileName: file.name || 'upload',
    corrections,
    settings,
    sheet,
    headerRowIndex: rows.headerRowIndex,
    header: rows.header,
    rowCellsJson: rows.kept,
    dataRows: rows.dataRows,
    rowAt: sheet.recordAt && rows.reread(sheet.recordAt),
  };
}
