// Request and answer shapes of the proxy API, in zod, so that validation and the OpenAPI description
// (GET /openapi.json) come from the same definition.
import { z } from '@hono/zod-openapi';
import { fieldCatalogueSchema as sharedFieldCatalogueSchema } from '../shared/api/field-catalogue-schema.ts';
import { importJobSchema as sharedImportJobSchema } from '../shared/api/job-schema.ts';
import { importPreviewSchema as sharedImportPreviewSchema } from '../shared/api/preview-schema.ts';
import { problemSchema as sharedProblemSchema } from '../shared/api/problem-schema.ts';
import {
  tenantIdSchema,
  tenantSummarySchema as sharedTenantSummarySchema,
} from '../shared/api/tenant-schema.ts';
import {
  auditAnswerSchema as sharedAuditAnswerSchema,
  sendAccessLinkAnswerSchema as sharedSendAccessLinkAnswerSchema,
} from '../shared/api/users-schema.ts';

/**
 * A shared schema that can take OpenAPI metadata. zod copies `.openapi()` onto each schema when it is built, so a
 * schema of shared/ built before @hono/zod-openapi was loaded (as in a test that imports it first) lacks it; a copy
 * made here has it.
 */
function openApiCopy<T extends z.ZodType>(schema: T): T {
  return new (schema.constructor as new (def: unknown) => T)(schema._zod.def);
}

/** A shared schema under its name in the OpenAPI description. */
const named = <T extends z.ZodType>(schema: T, name: string): T => openApiCopy(schema).openapi(name);

// The answers are defined once in shared/api (the extension infers its types from them, the integration tests
// parse real answers with them); here they get their names in the OpenAPI description.
export const problemSchema = named(sharedProblemSchema, 'Problem');
export const tenantSummarySchema = named(sharedTenantSummarySchema, 'TenantSummary');
export const fieldCatalogueSchema = named(sharedFieldCatalogueSchema, 'FieldCatalogue');
export const importPreviewSchema = named(sharedImportPreviewSchema, 'ImportPreview');
export const importJobSchema = named(sharedImportJobSchema, 'ImportJob');
export const sendAccessLinkAnswerSchema = named(sharedSendAccessLinkAnswerSchema, 'AccessLinksSent');
export const auditAnswerSchema = named(sharedAuditAnswerSchema, 'AuditEntries');

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
  tenant: openApiCopy(tenantIdSchema).openapi({ param: { name: 'tenant', in: 'path' }, example: 'demo' }),
});

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
