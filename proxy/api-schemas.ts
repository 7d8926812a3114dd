// Request and answer shapes of the proxy API, in zod, so that validation and the OpenAPI description
// (GET /openapi.json) come from the same definition.
import { z } from '@hono/zod-openapi';
import { userRecordSchema } from '../shared/fields/user-fields.ts';
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

// The answers are defined once in shared/api (the extension infers its types from them, the integration tests
// parse real answers with them); here they get their names in the OpenAPI description.
export const problemSchema = sharedProblemSchema.openapi('Problem');
export const tenantSummarySchema = sharedTenantSummarySchema.openapi('TenantSummary');
export const fieldCatalogueSchema = sharedFieldCatalogueSchema.openapi('FieldCatalogue');
export const importPreviewSchema = sharedImportPreviewSchema.openapi('ImportPreview');
export const importJobSchema = sharedImportJobSchema.openapi('ImportJob');
export const sendAccessLinkAnswerSchema = sharedSendAccessLinkAnswerSchema.openapi('AccessLinksSent');
export const auditAnswerSchema = sharedAuditAnswerSchema.openapi('AuditEntries');

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
  tenant: tenantIdSchema.openapi({ param: { name: 'tenant', in: 'path' }, example: 'demo' }),
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

export const userSchema = userRecordSchema.openapi('User');
