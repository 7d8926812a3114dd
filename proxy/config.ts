// The only module that reads process.env (docs/): parsed once with zod, so a wrong value fails at start
// with a clear message instead of somewhere inside a request.
import { z } from 'zod';
import { DEVELOPMENT_EXTENSION_ID } from '../shared/development-extension.ts';
import { extensionOriginsFromList } from './extension-origins.ts';
import { DEFAULT_MAX_CELL_CHARS } from './spreadsheet/sheet-rows.ts';

const port = z.coerce.number().int().min(0).max(65535);

const environmentSchema = z.object({
  PROXY_PORT: port.default(8787),
  TENANT_PORT: port.default(8788),
  HOST: z.string().min(1).default('127.0.0.1'),
  USER_API_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  /** postgres://… moves jobs, settings and audit to PostgreSQL, shared by every instance naming it. */
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/.+)?$/, 'must start with postgres:// (unset for SQLite in DATA_DIR)')
    .optional(),
  /** How long a running import's slot stays held after its instance stops renewing it. */
  LEASE_MS: z.coerce.number().int().min(200).default(15_000),
  /** Days a job's per-row report and the audit's before → after values are kept. */
  JOB_RETENTION_DAYS: z.coerce.number().positive().default(30),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(30),
  MAX_ROWS: z.coerce.number().int().positive().default(100_000),
  /** Comma-separated page origins allowed to call the proxy from a browser besides the extension's own. */
  ALLOWED_ORIGINS: z.string().default(''),
  /**
   * Comma-separated ids of this deployment's extension builds (Chrome store id, Firefox installation
   * UUIDs); only their pages may read answers. Default: the development build's fixed id.
   */
  ALLOWED_EXTENSION_IDS: z
    .string()
    .default(DEVELOPMENT_EXTENSION_ID)
    .superRefine((list, context) => {
      try {
        extensionOriginsFromList(list);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  USER_API_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** One cell's text at most (characters); a longer one is a row error. */
  MAX_CELL_CHARS: z.coerce.number().int().positive().default(DEFAULT_MAX_CELL_CHARS),
  /** An upload that sends nothing for this long is ended with 408. */
  UPLOAD_IDLE_MS: z.coerce.number().int().positive().default(30_000),
  /** An upload slower than this on average (after UPLOAD_RATE_GRACE_MS) is ended with 408. */
  UPLOAD_MIN_BYTES_PER_S: z.coerce.number().int().min(0).default(1024),
  UPLOAD_RATE_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Uploads of one company read at once, and of all companies (each holds its body in memory). */
  UPLOAD_SLOTS_PER_TENANT: z.coerce.number().int().positive().default(4),
  UPLOAD_READ_SLOTS: z.coerce.number().int().positive().default(8),
  /** Uploads parsed and planned at once (CPU and ~100 MB each). */
  UPLOAD_PARSE_SLOTS: z.coerce.number().int().positive().default(2),
  /** Uploads waiting for a slot at most; beyond that, and after UPLOAD_QUEUE_TIMEOUT_MS of waiting, 503. */
  UPLOAD_QUEUE_MAX: z.coerce.number().int().min(0).default(64),
  UPLOAD_QUEUE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** XLS, ODS and XLSB are read by SheetJS in a worker thread with this time and heap limit. */
  SHEETJS_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SHEETJS_HEAP_MB: z.coerce.number().int().positive().default(512),
  /** Key of the HMAC that turns credentials into audit and rate-limit fingerprints (random per process if unset). */
  FINGERPRINT_SECRET: z.string().min(16).optional(),
});

export interface ProxyConfig {
  port: number;
  host: string;
  userApiUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  leaseMs: number;
  retentionDays: number;
  limits: ImportLimits;
  allowedOrigins: string[];
  /** chrome-extension:// and moz-extension:// origins of ALLOWED_EXTENSION_IDS. */
  allowedExtensionOrigins: string[];
  userApiTimeoutMs: number;
  uploads: UploadPolicy;
  sheetJsWorker: SheetJsWorkerLimits;
  fingerprintSecret: string | undefined;
}

export interface ImportLimits {
  maxUploadBytes: number;
  maxRows: number;
  /** One cell's text at most, in characters; default 32,768. */
  maxCellChars?: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxUploadBytes: 30 * 1024 * 1024,
  maxRows: 100_000,
  maxCellChars: DEFAULT_MAX_CELL_CHARS,
};

/** How uploads are read: deadlines for slow clients and the slots they wait for (proxy/upload-gate.ts). */
export interface UploadPolicy {
  idleMs: number;
  minBytesPerSecond: number;
  rateGraceMs: number;
  slotsPerTenant: number;
  readSlots: number;
  parseSlots: number;
  maxQueued: number;
  queueTimeoutMs: number;
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = {
  idleMs: 30_000,
  minBytesPerSecond: 1024,
  rateGraceMs: 10_000,
  slotsPerTenant: 4,
  readSlots: 8,
  parseSlots: 2,
  maxQueued: 64,
  queueTimeoutMs: 60_000,
};

export interface SheetJsWorkerLimits {
  timeoutMs: number;
  maxHeapMb: number;
}

export const DEFAULT_SHEETJS_WORKER: SheetJsWorkerLimits = { timeoutMs: 30_000, maxHeapMb: 512 };

export function readConfig(environment: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = parsed.data;
  return {
    port: env.PROXY_PORT,
    host: env.HOST,
    userApiUrl: env.USER_API_URL ?? `http://127.0.0.1:${env.TENANT_PORT}`,
    dataDir: env.DATA_DIR,
    // An empty DATABASE_URL (compose files, .env templates) means "not set".
    databaseUrl: env.DATABASE_URL || undefined,
    leaseMs: env.LEASE_MS,
    retentionDays: env.JOB_RETENTION_DAYS,
    limits: {
      maxUploadBytes: Math.round(env.MAX_UPLOAD_MB * 1024 * 1024),
      maxRows: env.MAX_ROWS,
      maxCellChars: env.MAX_CELL_CHARS,
    },
    allowedOrigins: env.ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    allowedExtensionOrigins: extensionOriginsFromList(env.ALLOWED_EXTENSION_IDS),
    userApiTimeoutMs: env.USER_API_TIMEOUT_MS,
    uploads: {
      idleMs: env.UPLOAD_IDLE_MS,
      minBytesPerSecond: env.UPLOAD_MIN_BYTES_PER_S,
      rateGraceMs: env.UPLOAD_RATE_GRACE_MS,
      slotsPerTenant: env.UPLOAD_SLOTS_PER_TENANT,
      readSlots: env.UPLOAD_READ_SLOTS,
      parseSlots: env.UPLOAD_PARSE_SLOTS,
      maxQueued: env.UPLOAD_QUEUE_MAX,
      queueTimeoutMs: env.UPLOAD_QUEUE_TIMEOUT_MS,
    },
    sheetJsWorker: { timeoutMs: env.SHEETJS_TIMEOUT_MS, maxHeapMb: env.SHEETJS_HEAP_MB },
    fingerprintSecret: env.FINGERPRINT_SECRET,
  };
}
