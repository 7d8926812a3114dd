// POST /api/v1/tenants/{t}/imports/preview: exactly what an import of the file would change
// (docs/import-semantics.md). The wizard's types are inferred from these schemas.
import { z } from 'zod';
import { fieldKeySchema } from '../fields/user-fields.ts';
import type { RowAction, SkipReason } from '../import/plan-types.ts';
import {
  previewErrorSchema,
  previewWarningSchema,
  rowErrorSchema,
  rowWarningSchema,
} from './problem-schema.ts';

export const ROW_ACTIONS = [
  'create',
  'update',
  'deactivate',
  'unchanged',
  'invalid',
  'skipped',
] as const satisfies readonly RowAction[];
// Every action of the planner is listed above (a new one fails to compile here).
const _everyAction: Exclude<RowAction, (typeof ROW_ACTIONS)[number]> extends never ? true : never = true;
void _everyAction;

export const SKIP_REASONS = ['no-license'] as const satisfies readonly SkipReason[];
const _everyReason: Exclude<SkipReason, (typeof SKIP_REASONS)[number]> extends never ? true : never = true;
void _everyReason;

export const planSummarySchema = z.strictObject({
  rows: z.int(),
  create: z.int(),
  update: z.int(),
  deactivate: z.int(),
  unchanged: z.int(),
  invalid: z.int(),
  skipped: z.int(),
});

export const licenseForecastSchema = z.strictObject({
  total: z.int(),
  usedBefore: z.int(),
  usedAfter: z.int(),
  needed: z
    .int()
    .describe('Licenses needed beyond those held: creates, reactivations, No→Yes of own schedule'),
  free: z.int(),
  deactivatedWithSchedule: z
    .int()
    .describe('Deactivated accounts with own schedule: deleting them in user management frees licenses'),
  exceeded: z.boolean(),
  skipped: z
    .int()
    .describe('Rows skipped because no license was free for them (settings skipRowsBeyondLicenses)'),
});

export const fieldChangeSchema = z.strictObject({
  field: fieldKeySchema,
  from: z.unknown(),
  to: z.unknown(),
});

export const plannedChangeSchema = z.strictObject({
  row: z.int().min(1).nullable().describe('null: a user absent from the file (deactivateMissing)'),
  action: z.enum(ROW_ACTIONS),
  key: z.strictObject({ field: fieldKeySchema, value: z.string() }).nullable(),
  userId: z.string().nullable(),
  name: z.string(),
  email: z.string(),
  // Read-only: the planner shares one frozen empty list between the rows without any.
  changes: z.array(fieldChangeSchema).readonly(),
  errors: z.array(rowErrorSchema).readonly(),
  warnings: z.array(rowWarningSchema).readonly(),
  message: z.string().optional().describe('Why a row is skipped'),
  skipReason: z
    .enum(SKIP_REASONS)
    .optional()
    .describe(
      'Why a row is skipped, for programs. no-license: no license was free for it (skipRowsBeyondLicenses); a new user of such a row is imported without one when an override sets Has own schedule = No',
    ),
});

export const scheduleDeletionSchema = z.strictObject({
  row: z.int().min(1).nullable(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
});

export const previewColumnSchema = z.strictObject({
  index: z.int().min(0).describe('0-based position in the row'),
  header: z.string(),
  field: fieldKeySchema.nullable(),
  matchedBy: z
    .string()
    .describe('How the column found its field: a header language, the key, settings, none'),
  samples: z
    .array(z.string())
    .describe('Up to three different values of the column, each cut to 40 characters'),
});

export const importPreviewSchema = z.strictObject({
  file: z.strictObject({
    name: z.string(),
    format: z.enum(['xlsx', 'xls', 'ods', 'csv', 'tsv']),
    sheetNames: z.array(z.string()),
    sheetName: z.string().nullable(),
    encoding: z.string().nullable(),
    delimiter: z.string().nullable(),
    headerRow: z.int().min(1),
    dataRows: z.int().min(0),
  }),
  summary: planSummarySchema,
  companyCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .describe("The company's country (ISO 3166-1 alpha-2): national phone numbers are read in it"),
  matchBy: z.enum(['auto', 'email', 'portatourId', 'employeeNumber']),
  columns: z.array(previewColumnSchema),
  warnings: z.array(previewWarningSchema),
  errors: z.array(previewErrorSchema),
  licenses: licenseForecastSchema,
  scheduleDeletions: z.array(scheduleDeletionSchema),
  missingDeactivations: z.int().min(0),
  blockers: z
    .array(z.strictObject({ type: z.string(), detail: z.string() }))
    .describe('The problems an import of this plan would answer with; empty when it can start'),
  canImport: z.boolean(),
  changesTotal: z
    .int()
    .min(0)
    .describe('Rows that are not unchanged; `changes` is the requested page of them'),
  changes: z.array(plannedChangeSchema),
  previewId: z
    .string()
    .describe(
      'Name it in the import (form field previewId): users changed or created by someone else since this preview become conflicts instead of being overwritten, and users deleted since are not created again. Kept 24 hours.',
    ),
  previewedAt: z.iso.datetime().describe("When this preview read the company's users"),
});

export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type PlannedChange = z.infer<typeof plannedChangeSchema>;
export type PreviewColumn = z.infer<typeof previewColumnSchema>;
