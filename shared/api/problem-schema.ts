// The one error shape of the proxy API (RFC 9457 problem+json) and the row problems inside it and inside a
// preview. docs/api-guide.md#problems lists the types.
import { z } from 'zod';
import { fieldKeySchema } from '../fields/user-fields.ts';

/** A refused cell or row: the spreadsheet's 1-based row number and the column's header text as in the file. */
export const rowErrorSchema = z.strictObject({
  row: z.int().min(1).describe("The spreadsheet's 1-based row number"),
  column: z.string().describe('The header text of the column'),
  field: fieldKeySchema.nullable(),
  code: z.string(),
  message: z.string(),
  value: z
    .string()
    .optional()
    .describe("The cell's text as in the file, where the problem is its value (a correction starts from it)"),
});

/** A preview's error also names whose row it is, for a list of errors without the rows beside it. */
export const previewErrorSchema = rowErrorSchema.extend({
  name: z.string().optional(),
  email: z.string().optional(),
});

/** A warning: like a row error, but it may concern no single row (row null) or no column. */
export const rowWarningSchema = z.strictObject({
  row: z.int().min(1).nullable(),
  column: z.string().nullable(),
  field: fieldKeySchema.nullable(),
  code: z.string(),
  message: z.string(),
});

/** A preview's warning names whose row it is too ('' for a note about no user, such as an ignored column). */
export const previewWarningSchema = rowWarningSchema.extend({
  name: z.string().optional(),
  email: z.string().optional(),
});

/** Extension members (jobId, hostSystem, licenses, users, job) ride along, so the object is not strict. */
export const problemSchema = z.looseObject({
  type: z.string().describe('urn:portatour:problem:<name>'),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.array(rowErrorSchema).optional(),
  job: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'import-partially-failed, import-cancelled and import-failed (POST …/imports?wait=true): the finished job, as GET …/imports/{id} answers it',
    ),
});

export type RowErrorBody = z.infer<typeof rowErrorSchema>;
export type PreviewErrorBody = z.infer<typeof previewErrorSchema>;
export type RowWarningBody = z.infer<typeof rowWarningSchema>;
export type PreviewWarningBody = z.infer<typeof previewWarningSchema>;
export type ProblemBody = z.infer<typeof problemSchema>;
