// An import job as GET/POST …/imports answer it, and one row of its report as a script reads it
// (docs/api-guide.md#import-jobs).
import { z } from 'zod';
import { JOB_STATUSES, REPORT_OUTCOMES } from './job-status.ts';
import { planSummarySchema } from './preview-schema.ts';

export const jobStatusSchema = z.enum(JOB_STATUSES);

export const importJobSchema = z.strictObject({
  id: z.string(),
  status: jobStatusSchema,
  progress: z.strictObject({ total: z.int(), done: z.int(), failed: z.int() }),
  summary: planSummarySchema.describe('What the preview planned'),
  results: z
    .strictObject({
      created: z.int(),
      updated: z.int(),
      deactivated: z.int(),
      unchanged: z.int(),
      skipped: z.int(),
      invalid: z.int(),
      failed: z.int(),
      notAttempted: z.int(),
    })
    .describe(
      'What really happened to the rows so far; notAttempted counts the rows still waiting, and those never reached by a job that ended',
    ),
  cancelling: z
    .boolean()
    .describe('Cancel was asked for (on any instance); the writes in flight are finishing'),
  fileName: z.string(),
  message: z.string().nullable(),
  createdUserIds: z.array(z.string()).describe('New accounts, for Send access link'),
  notices: z
    .array(z.string())
    .describe('How the import was adapted to this user API (no Bulk, no "or" filters, slow writes, …)'),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

/**
 * One data row of GET …/imports/{id}/report: the report repeats the file's columns between "Row" and
 * "Outcome", so a row is read by those headers.
 */
export const reportRowSchema = z.strictObject({
  row: z
    .string()
    .regex(/^(\d+)?$/)
    .describe("The file's row number; empty for a user absent from the file"),
  cells: z.record(z.string(), z.string()),
  outcome: z.enum(REPORT_OUTCOMES),
  message: z.string(),
  portatourId: z.string().describe('Of every row that names a user and did not fail'),
  userName: z.string().describe('Of the users the import created'),
});

export type ImportJob = z.infer<typeof importJobSchema>;
export type ReportRow = z.infer<typeof reportRowSchema>;
