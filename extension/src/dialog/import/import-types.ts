// The proxy's answers the wizard reads. Their types are inferred from the proxy's own schemas in shared/api
// (type-only imports: zod never reaches the extension at run time).
import type { FieldChange } from '../../../../shared/import/plan-types.ts';
import type { PreviewErrorBody, RowWarningBody } from '../../../../shared/api/problem-schema.ts';
import { isFinishedStatus } from '../../../../shared/api/job-status.ts';
import type { ImportJob } from '../../../../shared/api/job-schema.ts';
import type { PlannedChange } from '../../../../shared/api/preview-schema.ts';

export type { FieldChange };
export type { JobStatus } from '../../../../shared/api/job-status.ts';
export type { ImportJob } from '../../../../shared/api/job-schema.ts';
export type { ImportPreview, PlannedChange, PreviewColumn } from '../../../../shared/api/preview-schema.ts';
export type { SendAccessLinkAnswer } from '../../../../shared/api/users-schema.ts';

/** A row error or warning of a preview (row null: not about one row). */
export type RowProblem =
  PreviewErrorBody | (RowWarningBody & { value?: undefined; name?: undefined; email?: undefined });
export type RowAction = PlannedChange['action'];

export function isFinished(job: ImportJob): boolean {
  return isFinishedStatus(job.status);
}

export type { RowOverride } from '../../../../shared/api/row-overrides-schema.ts';

/** A cell corrected in the preview (sent as the `corrections` multipart field). */
export interface CellCorrection {
  /** The spreadsheet's 1-based row number. */
  row: number;
  /** 0-based column index. */
  column: number;
  value: string;
}
