// The only module that reads process.env (style.md): parsed once with zod, so a wrong value fails at start
// with a clear message instead of somewhere inside a request.
import { z } from 'zod';

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
  USER_API_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
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
  userApiTimeoutMs: number;
}

export interface ImportLimits {
  maxUploadBytes: number;
  maxRows: number;
}

export const DEFAULT_LIMITS: ImportLimits = { maxUploadBytes: 30 * 1024 * 1024, maxRows: 100_000 };

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
    limits: { maxUploadBytes: Math.round(env.MAX_UPLOAD_MB * 1024 * 1024), maxRows: env.MAX_ROWS },
    allowedOrigins: env.ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    userApiTimeoutMs: env.USER_API_TIMEOUT_MS,
  };
}
