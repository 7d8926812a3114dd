// The `overrides` multipart field of preview and import (docs/api-guide.md#corrections-and-overrides): values that replace what
// chosen rows of the file say, such as the wizard's "office staff" for a new user when licenses run short. They
// travel beside the untouched file, like cell corrections, so the preview and the import plan from the same bytes
// plus the same choices.
import { z } from 'zod';

/** The fields a row override can set. Only "Has own schedule" so far: it decides who needs a license. */
export const OVERRIDE_FIELDS = ['hasOwnSchedule'] as const;

export const rowOverrideSchema = z.strictObject({
  row: z.int().min(1).describe("The spreadsheet's 1-based row number (a data row)"),
  field: z.enum(OVERRIDE_FIELDS).describe('The field whose value the row gets instead of its cell'),
  value: z
    .string()
    .min(1)
    .max(100)
    .describe('The value as a cell would hold it, e.g. "No" (office staff: no license)'),
});

export const rowOverridesSchema = z
  .array(rowOverrideSchema)
  .max(100_000)
  .describe('Values that replace what chosen rows of the file say; at most one per row and field');

export type RowOverride = z.infer<typeof rowOverrideSchema>;
export type OverrideField = (typeof OVERRIDE_FIELDS)[number];
