// The proxy's answers the wizard reads (contract §4; shapes from proxy/import/prepare-plan.ts `previewBody`
// and proxy/routes/import-routes.ts `jobSchema`). Only what the wizard shows is typed.
import type { FieldKey } from '../../../../shared/fields/field-catalogue.ts';
import type { ImportSettings } from '../../../../shared/import-settings.ts';
import type {
  FieldChange,
  LicenseForecast,
  PlanSummary,
  RowAction,
  ScheduleDeletion,
} from '../../../../shared/import/plan-types.ts';

export type { FieldChange, RowAction };

export interface RowProblem {
  /** The spreadsheet's 1-based row number (null: not about one row). */
  row: number | null;
  /** The column's header text as in the file. */
  column: string | null;
  field: FieldKey | null;
  code: string;
  message: string;
  /** The cell's text in the file, where the problem is its value. */
  value?: string;
  /** Whose row it is (the errors of the preview carry them). */
  name?: string;
  email?: string;
}

export interface PreviewColumn {
  /** 0-based position in the row. */
  index: number;
  header: string;
  field: FieldKey | null;
  matchedBy: string;
  /** Up to three values of the column, cut to 40 characters. */
  samples?: string[];
}

export interface PlannedChange {
  row: number | null;
  action: RowAction;
  key: { field: FieldKey; value: string } | null;
  userId: string | null;
  name: string;
  email: string;
  changes: FieldChange[];
  errors: RowProblem[];
  warnings: RowProblem[];
  message?: string;
}

export interface ImportPreview {
  file: {
    name: string;
    format: string;
    sheetNames: string[];
    sheetName: string | null;
    encoding: string | null;
    delimiter: string | null;
    headerRow: number;
    dataRows: number;
  };
  summary: PlanSummary;
  /** The company's country: national phone numbers are read in it. */
  companyCountry?: string;
  matchBy: ImportSettings['matchBy'];
  columns: PreviewColumn[];
  warnings: RowProblem[];
  errors: RowProblem[];
  licenses: LicenseForecast;
  scheduleDeletions: ScheduleDeletion[];
  missingDeactivations: number;
  blockers: { type: string; detail: string }[];
  canImport: boolean;
  /** All rows that are not unchanged; `changes` is the requested page of them. */
  changesTotal: number;
  changes: PlannedChange[];
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partially_failed' | 'failed' | 'cancelled';

export interface ImportJob {
  id: string;
  status: JobStatus;
  progress: { total: number; done: number; failed: number };
  summary: Partial<Record<string, number>>;
  fileName: string;
  message: string | null;
  createdUserIds: string[];
  startedAt: string | null;
  finishedAt: string | null;
}

export function isFinished(job: ImportJob): boolean {
  return job.status !== 'queued' && job.status !== 'running';
}

/** A cell corrected in the preview (sent as the `corrections` multipart field). */
export interface CellCorrection {
  /** The spreadsheet's 1-based row number. */
  row: number;
  /** 0-based column index. */
  column: number;
  value: string;
}
