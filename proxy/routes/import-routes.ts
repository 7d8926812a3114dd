// Preview, import jobs, their reports, cancel and delete (docs/api-guide.md#endpoints, docs/import-semantics.md).
import { OpenAPIHono } from '@hono/zod-openapi';
import {
  DEFAULT_SHEETJS_WORKER,
  DEFAULT_UPLOAD_POLICY,
  type ImportLimits,
  type SheetJsWorkerLimits,
  type UploadPolicy,
} from '../config.ts';
import { attachment, encodeTable } from '../export/encode-table.ts';
import { importReportName } from '../export/user-table.ts';
import { importBlockers } from '../import/import-blockers.ts';
import { companyCountry, previewBody, readAndPlan } from '../import/prepare-plan.ts';
import { keptCellBlocks } from '../import/kept-cell-blocks.ts';
import { ROW_TEXT_BLOCK } from '../store/row-text-blocks.ts';
import { readImportUpload, type UploadRowsRequest } from '../import/read-upload.ts';
import { readMultipartForm, type MultipartForm } from '../import/multipart-form.ts';
import { createdUserNames, reportRows, reportSheetName, rowMessage } from '../import/import-report.ts';
import type { ImportRunner, WriteItem } from '../import/import-runner.ts';
import { ProblemError } from '../problem.ts';
import { runInSlices } from '../../shared/time-slices.ts';
import { UploadGate } from '../upload-gate.ts';
import { DEFAULT_UPLOAD_RATE_LIMIT, rateLimit, type RateLimit } from '../rate-limit.ts';
import type { Fingerprints } from '../token-fingerprint.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { ImportLocks } from '../store/import-locks.ts';
import {
  FINISHED,
  type JobRecord,
  type NewJobRow,
  type JobStore,
  type RowOutcome,
} from '../store/job-store.ts';
import type { SettingsStore } from '../store/settings-store.ts';
import type { TenantAccess, TenantEnv } from '../tenant-access.ts';
import type { ImportJob } from '../../shared/api/job-schema.ts';
import { InterruptedWrites } from '../import/interrupted-writes.ts';
import { checkAgainstPreview, PreviewVersions } from '../import/preview-check.ts';
import type { PreviewRecord, PreviewStore } from '../store/preview-store.ts';
import { keepPreview, namedPreview, unversionedWarning } from './preview-records.ts';
import {
  cancelRoute,
  deleteRoute,
  importRoute,
  jobRoute,
  latestRoute,
  previewRoute,
  reportRoute,
} from './import-route-definitions.ts';

export interface ImportDependencies {
  limits: ImportLimits;
  /** Deadlines and slots of uploads (proxy/upload-gate.ts). */
  uploads?: UploadPolicy;
  sheetJsWorker?: SheetJsWorkerLimits;
  fingerprints: Fingerprints;
  audit: AuditStore;
  uploadRateLimit?: RateLimit;
  jobs: JobStore;
  locks: ImportLocks;
  runner: ImportRunner;
  settings: SettingsStore;
  /** What each preview saw, for the import that names it. */
  previews: PreviewStore;
  /** How long an interrupted job's writes in flight are left alone before they are looked up. */
  inFlightGraceMs: number;
}

async function jobBody(job: JobRecord, jobs: JobStore): Promise<ImportJob> {
  const { tenant: _tenant, createdAt: _createdAt, rowsDeletedAt: _rowsDeletedAt, ...rest } = job;
  return { ...rest, notices: await jobs.notices(job.id) };
}

/** A job that ended without success, as the problem ?wait=true answers with: the job is in its body. */
async function unsuccessfulJob(job: JobRecord, jobs: JobStore): Promise<ProblemError> {
  const type =
    job.status === 'partially_failed'
      ? 'import-partially-failed'
      : job.status === 'cancelled'
        ? 'import-cancelled'
        : 'import-failed';
  const detail = job.message ?? `The import ended ${job.status.replace('_', ' ')}.`;
  return new ProblemError(type, detail, { job: await jobBody(job, jobs) });
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
  // The body limit applies while the upload streams in (multipart-form.ts), before anything is buffered: Hono's
  // bodyLimit read a chunked body whole into memory first, before any upload slot was taken.
  const maxBodyBytes = deps.limits.maxUploadBytes + 1024 * 1024;
  const policy = deps.uploads ?? DEFAULT_UPLOAD_POLICY;
  const tooLarge = () =>
    new ProblemError(
      'file-too-large',
      `The file is larger than ${Math.round(deps.limits.maxUploadBytes / 1048576)} MB, the most that can be imported.`,
    );
  const readForm = (request: Request) => readMultipartForm(request, maxBodyBytes, tooLarge, policy);
  const readUpload = (form: MultipartForm) => (rows: UploadRowsRequest) =>
    readImportUpload(form, deps.limits, rows, deps.sheetJsWorker ?? DEFAULT_SHEETJS_WORKER);
  const interrupted = new InterruptedWrites(deps.jobs, deps.audit, deps.inFlightGraceMs);
  // A job whose instance died is ended (interrupted) by whichever instance is asked about it first, and the
  // writes it left in flight are checked against the user API with the token this request brings (no instance
  // keeps one).
  const settle = async (access: TenantAccess) => {
    await deps.locks.expire(access.tenant.id);
    await interrupted.settle(access.tenant.id, access.directory);
  };
  const ownJob = async (access: TenantAccess, id: string): Promise<JobRecord> => {
    const tenant = access.tenant.id;
    await settle(access);
    const job = await deps.jobs.get(id);
    if (!job || job.tenant !== tenant)
      throw new ProblemError('not-found', 'There is no such import for this company.');
    return job;
  };
  const app = new OpenAPIHono<TenantEnv>();
  const uploadRate = rateLimit(deps.uploadRateLimit ?? DEFAULT_UPLOAD_RATE_LIMIT, deps.fingerprints);
  const gate = new UploadGate(policy);
  app.use('/api/v1/tenants/:tenant/imports/preview', uploadRate);
  app.on('POST', '/api/v1/tenants/:tenant/imports', uploadRate);

  return app
    .openapi(previewRoute, async (c) => {
      const access = c.get('access');
      if (deps.runner.draining) throw shuttingDown();
      const body = await gate.read(access.tenant.id, async () => {
        const form = await readForm(c.req.raw);
        return gate.parse(async () => {
          const { lang } = c.req.valid('query');
          const seen = new PreviewVersions();
          const previewedAt = new Date();
          const { upload, plan } = await readAndPlan(readUpload(form), access, lang, {
            onUserInPlan: seen.add,
            onRowMatched: seen.rowKeys.addMatched,
          });
          const blockers = importBlockers(plan, upload.settings).map((p) => ({
            type: p.problem.type,
            detail: p.problem.detail,
          }));
          await runInSlices(seen.rowKeys.plannedCreates(plan.rows));
          const saw = await keepPreview(deps.previews, access.tenant.id, previewedAt, seen);
          if (seen.unversioned) plan.warnings.push(unversionedWarning(seen.unversioned, lang));
          const body = previewBody(
            plan,
            upload,
            blockers,
            c.req.valid('query'),
            companyCountry(access.tenant),
          );
          return { ...body, ...saw };
        });
      });
      return c.json(body, 200);
    })
    .openapi(importRoute, async (c) => {
      const access = c.get('access');
      const tenant = access.tenant.id;
      const id = crypto.randomUUID();
      if (deps.runner.draining) throw shuttingDown();
      let claimed = false;
      let started = false;
      let preview: PreviewRecord | undefined;
      await settle(access);
      try {
        const { upload, plan } = await gate.read(tenant, async () => {
          // The company's import lock is claimed once the whole file is here: a client still sending holds no lock.
          const form = await readForm(c.req.raw);
          preview = await namedPreview(deps.previews, tenant, form.fields.get('previewId'));
          const claim = await deps.runner.claim(tenant, id);
          if (!claim.claimed) throw importRunning(claim.jobId);
          claimed = true;
          return gate.parse(() =>
            readAndPlan(
              readUpload(form),
              access,
              c.req.valid('query').lang,
              // The job keeps every row's cells for its report.
              { keepRows: true },
            ),
          );
        });
        const [refusal] = importBlockers(plan, upload.settings);
        if (refusal) throw refusal;
        const planned: WriteItem[] = [];
        // Read and planned while the proxy began to shut down: nothing has been written, so nothing starts.
        if (deps.runner.draining) throw shuttingDown();
        plan.rows.forEach((row, seq) => {
          if (row.write) planned.push({ seq, action: row.action, write: row.write });
        });
        // A user changed since the preview (or, without one, since it was read now) is a conflict, not overwritten;
        // so is a user created where the preview planned a new one, or gone where it planned to change one.
        const { items, conflicts } = await checkAgainstPreview(
          planned,
          preview,
          (seq) => plan.rows[seq]?.key ?? null,
          c.req.valid('query').lang,
        );
        const actor = deps.fingerprints.of(c.req.header('authorization') ?? '');
        const cellBlocks = keptCellBlocks(
          upload.rowCellsJson,
          (seq) => plan.rows[seq]?.row ?? null,
          plan.rows.length,
        );
        function* rows(): Generator<NewJobRow> {
          let seq = 0;
          for (const row of plan.rows) {
            const message = rowMessage(row.errors, row.message);
            yield {
              seq,
              row: row.row,
              action: row.action,
              outcome: row.write ? 'pending' : (INITIAL_OUTCOME[row.action] ?? 'unchanged'),
              message,
              userId: row.userId,
              name: row.name,
              email: row.email,
              // A row of a block handed over deflated has its cells there.
              cellsJson:
                row.row === null || cellBlocks.has(Math.floor(seq / ROW_TEXT_BLOCK))
                  ? null
                  : (upload.rowCellsJson.get(row.row - 1) ?? '[]'),
            };
            seq++;
          }
        }
        await deps.jobs.create(
          {
            id,
            tenant,
            fileName: upload.fileName,
            total: planned.length,
            summary: plan.summary,
            header: [...upload.header],
            actor,
          },
          rows(),
          undefined,
          cellBlocks,
        );
        await deps.settings.saveImportSettings(tenant, upload.settings);
        const finished = deps.runner.run(tenant, id, items, access.directory, {
          sendAccessLink: upload.settings.sendAccessLink,
          actor,
          tenant,
          conflicts,
        });
        started = true;
        if (c.req.valid('query').wait === 'true') {
          await finished;
          const job = await ownJob(access, id);
          if (job.status === 'succeeded') return c.json(await jobBody(job, deps.jobs), 200);
          throw await unsuccessfulJob(job, deps.jobs);
        }
        const job = await ownJob(access, id);
        return c.json(await jobBody(job, deps.jobs), 202, {
          location: `/api/v1/tenants/${encodeURIComponent(tenant)}/imports/${id}`,
        });
      } finally {
        if (claimed && !started) await deps.runner.release(tenant, id);
      }
    })
    .openapi(latestRoute, async (c) => {
      const access = c.get('access');
      await settle(access);
      const job = await deps.jobs.latest(access.tenant.id);
      if (!job) throw new ProblemError('not-found', 'This company has not imported yet.');
      return c.json(await jobBody(job, deps.jobs), 200);
    })
    .openapi(jobRoute, async (c) =>
      c.json(await jobBody(await ownJob(c.get('access'), c.req.valid('param').id), deps.jobs), 200),
    )
    .openapi(reportRoute, async (c) => {
      const tenant = c.get('access').tenant.id;
      const { id } = c.req.valid('param');
      const { format, delimiter, lang } = c.req.valid('query');
      const job = await ownJob(c.get('access'), id);
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
      const job = await ownJob(c.get('access'), id);
      if (!FINISHED.has(job.status)) await deps.runner.cancel(tenant, id);
      return c.json(await jobBody(await ownJob(c.get('access'), id), deps.jobs), 200);
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
          actor: deps.fingerprints.of(c.req.header('authorization') ?? ''),
          jobId: id,
          userId: null,
          action: 'import-deleted',
          changes: [],
        },
      ]);
      return c.body(null, 204);
    });
}
