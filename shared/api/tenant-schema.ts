// GET /api/v1/tenants/{t}: who the company is and whether import and export are offered to it.
import { z } from 'zod';
import { HOST_SYSTEMS, UNAVAILABLE_REASONS } from './company.ts';
import { PATH_ID } from './path-id.ts';

export const tenantIdSchema = z.string().regex(PATH_ID);
export const hostSystemSchema = z.enum(HOST_SYSTEMS);

export const tenantSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  licenses: z.strictObject({ total: z.int(), used: z.int(), free: z.int() }),
  hostSystem: hostSystemSchema.nullable(),
  importExport: z.strictObject({
    available: z.boolean(),
    reason: z.enum(UNAVAILABLE_REASONS).nullable(),
    message: z.string().nullable(),
  }),
});

export type TenantSummary = z.infer<typeof tenantSummarySchema>;
