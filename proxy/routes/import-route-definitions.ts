// The import routes as the OpenAPI description shows them: preview, start, job, latest, report, cancel, delete.
import { createRoute, z } from '@hono/zod-openapi';
import { importJobSchema, importPreviewSchema, problemResponses, tenantParams } from '../api-schemas.ts';
import { rowOverridesSchema } from '../../shared/api/row-overrides-schema.ts';

export const uploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        required: ['file'],
        properties: {
          file: { type: 'string' as const, format: 'binary', description: 'XLSX, XLS, ODS, CSV or TSV' },
          settings: {
            type: 'string' as const,
            format: 'binary',
            description: 'Import settings file (JSON, docs/api-guide.md#the-settings-file)',
          },
          corrections: {
            type: 'string' as const,
            description:
              'JSON [{row, column, value}]: cells corrected in the wizard (1-based row, 0-based column), applied to the file before planning',
          },
          overrides: {
            type: 'string' as const,
            contentMediaType: 'application/json',
            contentSchema: z.toJSONSchema(rowOverridesSchema, { target: 'draft-2020-12' }),
            description:
              'JSON [{row, field, value}]: a row gets the value for the field as if its cell said so, also without such a column; field is hasOwnSchedule ("No" = office staff, no license: a way out of license-limit, docs/api-guide.md#corrections-and-overrides)',
          },
        },
      },
    },
  },
};

/** The import's body: the preview's parts and the preview it names. */
export const importBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        ...uploadBody.content['multipart/form-data'].schema,
        properties: {
          ...uploadBody.content['multipart/form-data'].schema.properties,
          previewId: {
            type: 'string' as const,
            description:
              "The preview's previewId (docs/import-semantics.md#no-lost-update): a user changed by someone else since that preview is not written, a user created since where the preview planned a new one is not overwritten, and a user the preview matched and someone deleted since is not created again (row outcome conflict each); unknown or expired: 409 preview-expired",
          },
        },
      },
    },
  },
};

/** The parts a multipart body of this OpenAPI description may have, by name. */
type FormParts<Body> = Body extends {
  content: { 'multipart/form-data': { schema: { properties: infer P } } };
}
  ? keyof P
  : never;

/**
 * The multipart body as a client sends it, named by the description above: the routes read it as a stream
 * themselves (multipart-form.ts), so it is not a zod schema (that would buffer it) and only the typed client
 * (ProxyApi) is told this shape. `file` is a named file; the other parts are text or a small file of text.
 */
export type UploadForm<Body = typeof uploadBody> = { file: File } & {
  [Part in Exclude<FormParts<Body>, 'file'>]?: string | Blob;
};
export type ImportForm = UploadForm<typeof importBody>;

export const jobSchema = importJobSchema;

export const jobParams = tenantParams.extend({
  id: z.string().openapi({ param: { name: 'id', in: 'path' } }),
});
/** A JSON answer; generic so that the typed client (hono/client) knows the answer's type. */
export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Row errors and warnings in German for German pages; problems and the API otherwise speak English. */
export const messagesLanguage = z
  .enum(['en', 'de'])
  .default('en')
  .describe('Language of row errors and warnings');

export const previewRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{tenant}/imports/preview',
  summary: 'Preview: exactly what an import of this file would change (writes nothing)',
  security: [{ bearer: [] }],
  request: {
    params: tenantParams,
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).optional(),
      lang: messagesLanguage,
    }),
    body: uploadBody,
  },
  responses: {
    200: json(importPreviewSchema, 'The plan: summary, columns, warnings, errors, changes'),
    ...problemResponses(400, 401, 403, 409, 413, 415, 502),
  },
});

export const importRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{tenant}/imports',
  summary: 'Start an import job (re-plans from the uploaded file)',
  description:
    'Answers 202 with the job and its Location. With ?wait=true it answers when the job has ended: 200 with the ' +
    'job only when it succeeded; otherwise a problem whose `job` member is the finished job — 422 ' +
    'import-partially-failed (some rows failed or met a conflict, see the report), 409 import-cancelled, 502 ' +
    'import-failed (the user API stopped answering or the proxy stopped; rows marked applied were written). A ' +
    'script can trust the status code (curl --fail-with-body).',
  security: [{ bearer: [] }],
  request: {
    params: tenantParams,
    query: z.object({ wait: z.enum(['true', 'false']).default('false'), lang: messagesLanguage }),
    body: importBody,
  },
  responses: {
    200: json(jobSchema, 'The job succeeded (wait=true): every row was applied'),
    202: json(jobSchema, 'The job was started'),
    ...problemResponses(400, 401, 403, 409, 413, 415, 422, 502),
  },
});

export const latestRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/imports/latest',
  summary: "The company's running or most recent import job",
  security: [{ bearer: [] }],
  request: { params: tenantParams },
  responses: { 200: json(jobSchema, 'The job'), ...problemResponses(401, 403, 404, 409) },
});

export const jobRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/imports/{id}',
  summary: 'An import job with its progress',
  security: [{ bearer: [] }],
  request: { params: jobParams },
  responses: { 200: json(jobSchema, 'The job'), ...problemResponses(401, 403, 404, 409) },
});

export const reportRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/imports/{id}/report',
  summary: 'Every row of the file with its outcome (XLSX or CSV)',
  security: [{ bearer: [] }],
  request: {
    params: jobParams,
    query: z.object({
      format: z.enum(['xlsx', 'csv']).default('xlsx'),
      delimiter: z.enum([',', ';']).default(','),
      lang: z
        .enum(['en', 'de'])
        .default('en')
        .describe('Language of the sheet name, the headers and the outcomes (messages keep the import’s)'),
    }),
  },
  responses: {
    200: {
      description: 'The report',
      content: {
        'text/csv': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
      },
    },
    ...problemResponses(401, 403, 404, 409),
  },
});

export const cancelRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{tenant}/imports/{id}/cancel',
  summary: 'Stop the job after the writes in flight',
  security: [{ bearer: [] }],
  request: { params: jobParams },
  responses: { 200: json(jobSchema, 'The job'), ...problemResponses(401, 403, 404, 409) },
});

export const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/v1/tenants/{tenant}/imports/{id}',
  summary: 'Delete a finished import and its per-row report now (audited)',
  description:
    'Removes the job, its counts and every row of its report (uploaded cells, names, e-mail addresses). Reports are otherwise deleted by themselves after JOB_RETENTION_DAYS (default 30), when only the counts stay. A running import is refused with 409 import-running; cancel it first.',
  security: [{ bearer: [] }],
  request: { params: jobParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 409) },
});
