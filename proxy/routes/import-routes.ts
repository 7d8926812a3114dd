// Preview, import jobs, their reports, cancel, and sending access links (contract §4, §6).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { problemResponses, tenantParams } from '../api-schemas.ts';
import type { ImportLimits } from '../config.ts';
import { attachment, encodeTable } from '../export/encode-table.ts';
import { importReportName } from '../export/user-table.ts';
import { planRefusals } from '../import/plan-refusals.ts';
import { companyCountry, previewBody, readAndPlan } from '../import/prepare-plan.ts';
import { readImportUpload, type UploadRowsRequest } from '../import/read-upload.ts';
import { readMultipartForm } from '../import/multipart-form.ts';
import { createdUserNames, reportRows, reportSheetName, rowMessage } from '../import/import-report.ts';
import type { ImportRunner, WriteItem } from '../import/import-runner.ts';
import { ProblemError } from '../problem.ts';
import { UploadSlots } from '../upload-slots.ts';
import { DEFAULT_UPLOAD_RATE_LIMIT, rateLimit, type RateLimit } from '../rate-limit.ts';
import { tokenFingerprint } from '../token-fingerprint.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { ImportLocks } from '../store/import-locks.ts';
import {
  FINISHED,
  type JobRecord,
  type JobRowWithCells,
  type JobStore,
  type RowOutcome,
} from '../store/job-store.ts';
import type { SettingsStore } from '../store/settings-store.ts';
import { problemFromUpstream, type TenantEnv } from '../tenant-access.ts';

// A plain OpenAPI schema, not a zod one: a zod body would make the route parse the whole form up front
// (Request.formData(), which holds the upload three times); the handler reads it itself (multipart-form.ts)
// and checks every field with its own messages (read-upload.ts).
const uploadBody = {
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
            description: 'Import settings file (JSON, contract §5)',
          },
          corrections: {
            type: 'string' as const,
            description:
              'JSON [{row, column, value}]: cells corrected in the wizard (1-based row, 0-based column), applied to the file before planning',
          },
        },
      },
    },
  },
};

const jobSchema = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'partially_failed', 'failed', 'cancelled']),
    progress: z.object({ total: z.int(), done: z.int(), failed: z.int() }),
    summary: z.record(z.string(), z.int()),
    fileName: z.string(),
    message: z.string().nullable(),
    createdUserIds: z.array(z.string()),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('ImportJob');

const jobParams = tenantParams.extend({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Row errors and warnings in German for German pages; problems and the API otherwise speak English. */
const messagesLanguage = z.enum(['en', 'de']).default('en').describe('Language of row errors and warnings');

const previewRoute = createRoute({
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
    200: json(
      z.record(z.string(), z.unknown()).openapi('ImportPreview'),
      'The plan: summary, columns, warnings, errors, changes',
    ),
    ...problemResponses(400, 401, 403, 409, 413, 415, 502),
  },
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{tenant}/imports',
  summary: 'Start an import job (re-plans from the uploaded file)',
  description:
    'Answers 202 with the job and its Location; with ?wait=true answers 200 with the finished job.',
  security: [{ bearer: [] }],
  request: {
    params: tenantParams,
    query: z.object({ wait: z.enum(['true', 'false']).default('false'), lang: messagesLanguage }),
    body: uploadBody,
  },
  responses: {
    200: json(jobSchema, 'The finished job (wait=true)'),
    202: json(jobSchema, 'The job was started'),
    ...problemResponses(400, 401, 403, 409, 413, 415, 422, 502),
  },
});

const latestRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/imports/latest',
  summary: "The company's running or most recent import job",
  security: [{ bearer: [] }],
  request: { params: tenantParams },
  responses: { 200: json(jobSchema, 'The job'), ...problemResponses(401, 403, 404, 409) },
});

const jobRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/imports/{id}',
  summary: 'An import job with its progress',
  security: [{ bearer: [] }],
  request: { params: jobParams },
  responses: { 200: json(jobSchema, 'The job'), ...problemResponses(401, 403, 404, 409) },
});

const reportRoute = createRoute({
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

const cancelRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{tenant}/imports/{id}/cancel',
  summary: 'Stop the job after the writes in flight',
  security: [{ bearer: [] }],
  request: { params: jobParams },
  responses: { 200: json(jobSchema, 'The job'), ...problemResponses(401, 403, 404, 409) },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/v1/tenants/{tenant}/imports/{id}',
  summary: 'Delete a finished import and its per-row report now (audited)',
  description:
    'Removes the job, its counts and every row of its report (uploaded cells, names, e-mail addresses). Reports are otherwise deleted by themselves after JOB_RETENTION_DAYS (default 30), when only the counts stay. A running import is refused with 409 import-running; cancel it first.',
  security: [{ bearer: [] }],
  request: { params: jobParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 403, 404, 409) },
});

const sendLinkRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{tenant}/users/send-access-link',
  summary: 'Send the access link to these users',
  security: [{ bearer: [] }],
  request: {
    params: tenantParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ ids: z.array(z.string().min(1).max(200)).min(1).max(10_000) }),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({ sent: z.int(), failed: z.array(z.object({ id: z.string(), message: z.string() })) }),
      'How many were sent',
    ),
    ...problemResponses(400, 401, 403, 409),
  },
});

const auditRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/audit',
  summary:
    'Every write the proxy made for this company: who (a token fingerprint), when, which user, fields before → after',
  security: [{ bearer: [] }],
  request: {
    params: tenantParams,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Page backwards: entries with an id below this'),
      userId: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: json(
      z.object({
        entries: z.array(
          z.object({
            id: z.int(),
            at: z.string(),
            tenant: z.string(),
            actor: z.string(),
            jobId: z.string().nullable(),
            userId: z.string().nullable(),
            action: z.enum(['created', 'updated', 'deactivated', 'access-link-sent', 'import-deleted']),
            changes: z
              .array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() }))
              .describe('from and to are dropped after JOB_RETENTION_DAYS; the field names stay'),
          }),
        ),
      }),
      'Newest first',
    ),
    ...problemResponses(401, 403, 409),
  },
});

export interface ImportDependencies {
  limits: ImportLimits;
  /** Uploads read and planned at once (the others wait their turn); default 2, the cores of a small server. */
  uploadSlots?: number;
  audit: AuditStore;
  uploadRateLimit?: RateLimit;
  jobs: JobStore;
  locks: ImportLocks;
  runner: ImportRunner;
  settings: SettingsStore;
}

function jobBody(job: JobRecord) {
  const { tenant: _tenant, createdAt: _createdAt, rowsDeletedAt: _rowsDeletedAt, ...rest } = job;
  return rest;
}

const importRunning = (jobId: string | undefined) =>
  new ProblemError(
    'import-running',
    'An import of this company is already running; wait for it to finish or cancel it.',
    { jobId },
  );

const shuttingDown = () =>
  new ProblemError(
    'shutting-down',
    'This proxy instance is shutting down and starts no new import. Send the file again: the load balancer passes it to another instance.',
    { headers: { 'retry-after': '1' } },
  );

const INITIAL_OUTCOME: Partial<Record<string, RowOutcome>> = {
  unchanged: 'unchanged',
  skipped: 'skipped',
  invalid: 'invalid',
};

export function importRoutes(deps: ImportDependencies) {
  // The body limit applies while the upload streams in, before anything is buffered (issue #6).
  const maxBodyBytes = deps.limits.maxUploadBytes + 1024 * 1024;
  const tooLarge = () =>
    new ProblemError(
      'file-too-large',
      `The file is larger than ${Math.round(deps.limits.maxUploadBytes / 1048576)} MB, the most that can be imported.`,
    );
  const uploadLimit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  const readUpload = (request: Request) => (rows: UploadRowsRequest) =>
    readImportUpload(() => readMultipartForm(request, maxBodyBytes, tooLarge), deps.limits, rows);
  // A job whose instance died is ended (interrupted) by whichever instance is asked about it first.
  const ownJob = async (tenant: string, id: string): Promise<JobRecord> => {
    await deps.locks.expire(tenant);
    const job = await deps.jobs.get(id);
    if (!job || job.tenant !== tenant)
      throw new ProblemError('not-found', 'There is no such import for this company.');
    return job;
  };
  const app = new OpenAPIHono<TenantEnv>();
  const uploadRate = rateLimit(deps.uploadRateLimit ?? DEFAULT_UPLOAD_RATE_LIMIT);
  const slots = new UploadSlots(deps.uploadSlots ?? 2);
  app.use('/api/v1/tenants/:tenant/imports/preview', uploadRate, uploadLimit);
  app.on('POST', '/api/v1/tenants/:tenant/imports', uploadRate, uploadLimit);

  return app
    .openapi(previewRoute, async (c) => {
      const access = c.get('access');
      if (deps.runner.draining) throw shuttingDown();
      const body = await slots.run(async () => {
        const { upload, plan } = await readAndPlan(readUpload(c.req.raw), access, c.req.valid('query').lang);
        const blockers = planRefusals(plan, upload.settings).map((p) => ({
          type: p.problem.type,
          detail: p.problem.detail,
        }));
        return previewBody(plan, upload, blockers, c.req.valid('query'), companyCountry(access.tenant));
      });
      return c.json(body, 200);
    })
    .openapi(importRoute, async (c) => {
      const access = c.get('access');
      const tenant = access.tenant.id;
      const id = crypto.randomUUID();
      if (deps.runner.draining) throw shuttingDown();
      const claim = await deps.runner.claim(tenant, id);
      if (!claim.claimed) throw importRunning(claim.jobId);
      let started = false;
      try {
        // Claimed before reading: a second import of the company is refused at once, without reading its file.
        const { upload, plan } = await slots.run(() =>
          readAndPlan(
            readUpload(c.req.raw),
            access,
            c.req.valid('query').lang,
            // The job keeps every row's cells for its report.
            { keepRows: true },
          ),
        );
        const [refusal] = planRefusals(plan, upload.settings);
        if (refusal) throw refusal;
        const items: WriteItem[] = [];
        // Read and planned while the proxy began to shut down: nothing has been written, so nothing starts.
        if (deps.runner.draining) throw shuttingDown();
        const rows: JobRowWithCells[] = plan.rows.map((row, seq) => {
          if (row.write) items.push({ seq, action: row.action, write: row.write });
          const message = rowMessage(row.errors, row.message);
          return {
            seq,
            row: row.row,
            action: row.action,
            outcome: row.write ? 'pending' : (INITIAL_OUTCOME[row.action] ?? 'unchanged'),
            message,
            userId: row.userId,
            name: row.name,
            email: row.email,
            cells: row.row === null ? null : (upload.sheet.rows[row.row - 1] ?? []),
          };
        });
        await deps.jobs.create(
          {
            id,
            tenant,
            fileName: upload.fileName,
            total: items.length,
            summary: plan.summary,
            header: upload.sheet.rows[upload.headerRowIndex] ?? [],
          },
          rows,
        );
        await deps.settings.saveImportSettings(tenant, upload.settings);
        const finished = deps.runner.run(tenant, id, items, access.directory, {
          sendAccessLink: upload.settings.sendAccessLink,
          actor: await tokenFingerprint(c.req.header('authorization') ?? ''),
          tenant,
        });
        started = true;
        if (c.req.valid('query').wait === 'true') {
          await finished;
          return c.json(jobBody(await ownJob(tenant, id)), 200);
        }
        const job = await ownJob(tenant, id);
        return c.json(jobBody(job), 202, {
          location: `/api/v1/tenants/${encodeURIComponent(tenant)}/imports/${id}`,
        });
      } finally {
        if (!started) await deps.runner.release(tenant, id);
      }
    })
    .openapi(latestRoute, async (c) => {
      const tenant = c.get('access').tenant.id;
      await deps.locks.expire(tenant);
      const job = await deps.jobs.latest(tenant);
      if (!job) throw new ProblemError('not-found', 'This company has not imported yet.');
      return c.json(jobBody(job), 200);
    })
    .openapi(jobRoute, async (c) =>
      c.json(jobBody(await ownJob(c.get('access').tenant.id, c.req.valid('param').id)), 200),
    )
    .openapi(reportRoute, async (c) => {
      const tenant = c.get('access').tenant.id;
      const { id } = c.req.valid('param');
      const { format, delimiter, lang } = c.req.valid('query');
      const job = await ownJob(tenant, id);
      if (job.rowsDeletedAt)
        throw new ProblemError(
          'not-found',
          `The per-row report of this import was deleted on ${job.rowsDeletedAt.slice(0, 10)}, when its retention period ended; the job's counts remain.`,
        );
      // Best effort: the report is what the proxy recorded; a user API that does not answer now leaves the user
      // names empty instead of withholding the whole report.
      // Asked only once the job has finished: a report read while it runs must not slow its writes.
      const userNames = FINISHED.has(job.status)
        ? await createdUserNames(job.createdUserIds, c.get('access').directory).catch(
            () => new Map<string, string>(),
          )
        : new Map<string, string>();
      const rows = reportRows(await deps.jobs.header(id), await deps.jobs.reportRows(id), lang, userNames);
      const bytes = encodeTable(format, [{ name: reportSheetName(lang), rows }], delimiter);
      return attachment(bytes, format, importReportName(tenant, id, format));
    })
    .openapi(cancelRoute, async (c) => {
      const tenant = c.get('access').tenant.id;
      const { id } = c.req.valid('param');
      const job = await ownJob(tenant, id);
      if (!FINISHED.has(job.status)) await deps.runner.cancel(tenant, id);
      return c.json(jobBody(await ownJob(tenant, id)), 200);
    })
    .openapi(deleteRoute, async (c) => {
      const tenant = c.get('access').tenant.id;
      const { id } = c.req.valid('param');
      await deps.locks.expire(tenant);
      const result = await deps.jobs.delete(tenant, id);
      if (result === 'not-found')
        throw new ProblemError('not-found', 'There is no such import for this company.');
      if (result === 'running') throw importRunning(id);
      await deps.audit.record([
        {
          tenant,
          actor: await tokenFingerprint(c.req.header('authorization') ?? ''),
          jobId: id,
          userId: null,
          action: 'import-deleted',
          changes: [],
        },
      ]);
      return c.body(null, 204);
    })
    .openapi(sendLinkRoute, async (c) => {
      const { directory, tenant } = c.get('access');
      const { ids } = c.req.valid('json');
      const actor = await tokenFingerprint(c.req.header('authorization') ?? '');
      let sent = 0;
      const failed: { id: string; message: string }[] = [];
      for (const id of new Set(ids)) {
        try {
          const answer = await directory.sendAccessLink(id);
          sent++;
          await deps.audit.record([
            {
              tenant: tenant.id,
              actor,
              jobId: null,
              userId: id,
              action: 'access-link-sent',
              changes: [{ field: 'accessLinkSentAt', from: null, to: answer.accessLinkSentAt ?? null }],
            },
          ]);
        } catch (error) {
          const problem = problemFromUpstream(error);
          if (problem.problem.status === 401 || problem.problem.status === 403) throw problem;
          failed.push({ id, message: problem.problem.detail });
        }
      }
      return c.json({ sent, failed }, 200);
    })
    .openapi(auditRoute, async (c) => {
      const { limit, before, userId } = c.req.valid('query');
      const entries = await deps.audit.list(c.get('access').tenant.id, { limit, before, userId });
      return c.json({ entries }, 200);
    });
}
