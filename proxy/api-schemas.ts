// Request and answer shapes of the proxy API, in zod, so that validation and the OpenAPI description
// (GET /openapi.json) come from the same definition.
import { z } from '@hono/zod-openapi';
import { FIELD_KEYS, userRecordSchema } from '../shared/fields/user-fields.ts';
import { PATH_ID } from './path-id.ts';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          row: z.int().describe("The spreadsheet's 1-based row number"),
          column: z.string().describe('The header text of the column'),
          field: z.string().nullable(),
          code: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
    job: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'import-partially-failed, import-cancelled and import-failed (POST …/imports?wait=true): the finished job, as GET …/imports/{id} answers it',
      ),
  })
  .openapi('Problem');

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: 'RFC 9457 problem (see the type for the reason)',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  );

export const tenantParams = z.object({
  tenant: z
    .string()
    .regex(PATH_ID)
    .openapi({ param: { name: 'tenant', in: 'path' }, example: 'demo' }),
});

export const fieldCatalogueSchema = z
  .object({
    fields: z.array(
      z.object({
        key: z.enum(FIELD_KEYS),
        header: z.object({ en: z.string(), de: z.string() }),
        info: z.object({ en: z.string(), de: z.string() }),
        kind: z.string(),
        readOnly: z.boolean(),
        requiredOnCreate: z.boolean(),
        matchKey: z.boolean(),
        page: z.enum(['columns', 'home']),
        maxLength: z.int().optional(),
        minLicenses: z.int().optional(),
      }),
    ),
    user: z.record(z.string(), z.unknown()).describe('JSON Schema of a user record'),
  })
  .openapi('FieldCatalogue');

export const tenantSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    licenses: z.object({ total: z.int(), used: z.int(), free: z.int() }),
    hostSystem: z.enum(['salesforce', 'dynamics']).nullable(),
    importExport: z.object({
      available: z.boolean(),
      reason: z.enum(['host-system-connected', 'single-license']).nullable(),
      message: z.string().nullable(),
    }),
  })
  .openapi('TenantSummary');

export const exportQuerySchema = z.object({
  format: z.enum(['xlsx', 'csv', 'ods']).default('xlsx'),
  lang: z.enum(['en', 'de']).default('en'),
  delimiter: z.enum([';', ',']).default(',').describe('CSV only'),
  fields: z.string().optional().describe('Comma-separated field keys, in that order; default every field'),
  email: z.string().optional().describe('Only the user with this email'),
  employeeNumber: z.string().optional().describe('Only the user with this employee number'),
});

export const templateQuerySchema = exportQuerySchema
  .pick({ format: true, lang: true, delimiter: true })
  .extend({
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
  });

export const userSchema = userRecordSchema.openapi('User');
