// The proxy app (docs/api-guide.md#endpoints). One createApp(deps) serves proxy/server.ts and the tests; it uses only
// Web-standard APIs, everything Node-specific (SQLite, files) comes in through `deps`.
import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { PROBLEM_TYPES, PROBLEM_TYPE_BASE } from '../shared/problems.ts';
import { DEVELOPMENT_EXTENSION_ID } from '../shared/development-extension.ts';
import { DEFAULT_LIMITS, type ImportLimits, type SheetJsWorkerLimits, type UploadPolicy } from './config.ts';
import { Fingerprints } from './token-fingerprint.ts';
import { ProblemError, problemResponse } from './problem.ts';
import { tenantAccess, type TenantEnv } from './tenant-access.ts';
import { DiscoveryCache } from './user-api/scim-capabilities.ts';
import { apiRoutes } from './routes/api-routes.ts';
import type { ProxyStore } from './store/proxy-store.ts';
import type { RateLimit } from './rate-limit.ts';
import type { ImportRunner } from './import/import-runner.ts';
import { DOCS_INIT_SCRIPT, docsPage, publicRoutes, readinessRoutes } from './routes/public-routes.ts';

export interface LogEntry {
  level: 'info' | 'error';
  message: string;
  [key: string]: unknown;
}

export interface AppDependencies {
  userApiUrl: string;
  userApiTimeoutMs?: number;
  /**
   * How long after an interrupted job ended its writes in flight are left alone before they are looked up: the
   * user API may still be applying them. Default: the longest a write is waited for (10 × userApiTimeoutMs).
   */
  inFlightGraceMs?: number;
  limits?: ImportLimits;
  /** Page origins allowed besides the extension's. */
  allowedOrigins?: string[];
  /**
   * The extension builds' origins (chrome-extension://id, moz-extension://uuid) allowed to read answers;
   * default: the development build's (see proxy/extension-origins.ts).
   */
  allowedExtensionOrigins?: string[];
  /** Jobs, import slots, settings and audit: SQLite or PostgreSQL. */
  store: Pick<ProxyStore, 'jobs' | 'locks' | 'settings' | 'audit' | 'previews' | 'ready'>;
  runner: ImportRunner;
  /** Uploads (preview, import) per token; default 60 a minute. */
  uploadRateLimit?: RateLimit;
  /** Deadlines and slots of uploads; defaults in config.ts. */
  uploads?: UploadPolicy;
  /** Time and heap limit of SheetJS's worker (XLS, ODS, XLSB). */
  sheetJsWorker?: SheetJsWorkerLimits;
  /** Audit and rate-limit fingerprints (keyed with FINGERPRINT_SECRET). */
  fingerprints?: Fingerprints;
  readDocsAsset?: (name: string) => Promise<Uint8Array | undefined>;
  /** Structured log sink; never receives headers or tokens. */
  log?: (entry: LogEntry) => void;
  /** How long what a user API can do (its discovery endpoints) is remembered; default 5 minutes. */
  discoveryTtlMs?: number;
}

const TENANT_SUMMARY_PATH = /^\/api\/v1\/tenants\/[^/]+\/?$/;
const DEVELOPMENT_EXTENSION_ORIGIN = `chrome-extension://${DEVELOPMENT_EXTENSION_ID}`;

export function createApp(deps: AppDependencies) {
  const log = deps.log ?? ((entry: LogEntry) => console.log(JSON.stringify(entry)));
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const corsOrigins = new Set([
    ...(deps.allowedExtensionOrigins ?? [DEVELOPMENT_EXTENSION_ORIGIN]),
    ...(deps.allowedOrigins ?? []),
  ]);
  const tenantOptions = {
    userApiUrl: deps.userApiUrl,
    timeoutMs: deps.userApiTimeoutMs ?? 30_000,
    discovery: new DiscoveryCache(deps.discoveryTtlMs),
  };

  const app = new OpenAPIHono({
    // A request that does not fit the route's schema is a problem, not zod's raw error list.
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw new ProblemError('invalid-request', `${where}${issue?.message ?? 'invalid request'}`);
      }
    },
  });

  app.use('*', requestId());
  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: false,
      // On every answer, so every HTML answer has it (the API viewer at /docs is the proxy's only page): its
      // scripts and styles come from the proxy itself, nothing inline runs, and no other site may frame it.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Swagger UI sets style attributes on its elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(
    '/api/*',
    cors({
      // Only this deployment's extension builds and configured pages; never any extension at all.
      origin: (origin) => (corsOrigins.has(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['Content-Disposition', 'Location', 'Retry-After'],
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Method, path and status only: query strings may carry e-mail addresses, headers carry tokens.
    log({
      level: 'info',
      message: 'request',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  // Hono's '/:tenant/*' also matches '/:tenant' itself, so one registration picks by path: the tenant summary
  // explains instead of refusing (docs/api-guide.md#endpoints), everything below it is refused for connected/single-license.
  const summaryAccess = tenantAccess({ ...tenantOptions, requireImportExport: false });
  const importExportAccess = tenantAccess({ ...tenantOptions, requireImportExport: true });
  app.use(
    '/api/v1/tenants/:tenant/*',
    createMiddleware<TenantEnv>((c, next) =>
      (TENANT_SUMMARY_PATH.test(c.req.path) ? summaryAccess : importExportAccess)(c, next),
    ),
  );

  app.route('/', publicRoutes);
  app.route(
    '/',
    readinessRoutes(async () => {
      if (deps.runner.draining) return 'shutting down';
      return (await deps.store.ready()) ? null : 'the database is not reachable or not migrated';
    }),
  );
  // One key for the whole app: the audit and the rate limits must fingerprint a token alike.
  const fingerprints = deps.fingerprints ?? new Fingerprints();
  app.route(
    '/',
    apiRoutes({
      imports: {
        inFlightGraceMs: deps.inFlightGraceMs ?? (deps.userApiTimeoutMs ?? 30_000) * 10,
        limits,
        jobs: deps.store.jobs,
        locks: deps.store.locks,
        runner: deps.runner,
        settings: deps.store.settings,
        previews: deps.store.previews,
        audit: deps.store.audit,
        uploadRateLimit: deps.uploadRateLimit,
        uploads: deps.uploads,
        sheetJsWorker: deps.sheetJsWorker,
        fingerprints,
      },
      settings: deps.store.settings,
      audit: deps.store.audit,
      fingerprints,
    }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: "The API token of a company administrator, forwarded unchanged to portatour's user API.",
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'portatour user import and export',
      version: '1.0.0',
      description: `Export, template, preview and import of portatour user accounts. Errors are RFC 9457 problems whose type starts with ${PROBLEM_TYPE_BASE}: ${Object.keys(PROBLEM_TYPES).join(', ')}.`,
    },
  });
  app.get('/docs', (c) => c.html(docsPage()));
  app.get('/docs/assets/init.js', (c) =>
    c.body(DOCS_INIT_SCRIPT, 200, { 'content-type': 'text/javascript' }),
  );
  app.get('/docs/assets/:name{swagger-ui(-bundle\\.js|\\.css)}', async (c) => {
    const name = c.req.param('name');
    const bytes = await deps.readDocsAsset?.(name);
    if (!bytes) throw new ProblemError('not-found', 'The API viewer is not installed here.');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript',
      'cache-control': 'public, max-age=86400',
    });
  });

  app.notFound(() => problemResponse(notFoundProblem()));
  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      if (error.upstreamDetail !== undefined)
        log({
          level: 'error',
          message: 'user API failure',
          requestId: c.get('requestId'),
          path: c.req.path,
          upstreamDetail: error.upstreamDetail,
        });
      return problemResponse(error.problem, error.headers);
    }
    if (error instanceof HTTPException) {
      const status = error.status;
      const type = status === 413 ? 'file-too-large' : status === 401 ? 'unauthorized' : 'invalid-request';
      return problemResponse({
        type: PROBLEM_TYPE_BASE + type,
        title: PROBLEM_TYPES[type].title,
        status,
        detail: error.message || PROBLEM_TYPES[type].title,
      });
    }
    log({
      level: 'error',
      message: 'unexpected error',
      requestId: c.get('requestId'),
      path: c.req.path,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    return problemResponse({
      type: PROBLEM_TYPE_BASE + 'internal-error',
      title: PROBLEM_TYPES['internal-error'].title,
      status: 500,
      detail: `Something went wrong on our side (request ${c.get('requestId')}). Nothing was changed by this request unless its answer said so.`,
    });
  });

  return app;
}

function notFoundProblem() {
  return {
    type: PROBLEM_TYPE_BASE + 'not-found',
    title: PROBLEM_TYPES['not-found'].title,
    status: 404,
    detail: 'There is nothing at this address; see /docs for the API.',
  };
}

export type ProxyApp = ReturnType<typeof createApp>;
