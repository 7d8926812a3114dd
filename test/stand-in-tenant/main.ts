import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { startStandInTenant } from './server.ts';

/**
 * `npm run tenant`: the stand-in tenant on TENANT_PORT (default 8788), with its SQLite database in
 * DATA_DIR (docs/api-guide.md#limits-and-settings-of-the-proxy). The only module of the stand-in that reads process.env.
 */
const environmentSchema = z.object({
  TENANT_PORT: z.coerce.number().int().min(0).max(65535).default(8788),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  /** "1" serves /__test (faults, stats, reset), e.g. for a proxy developer trying failure handling. */
  TENANT_FAULT_INJECTION: z.enum(['0', '1']).default('0'),
});

const parsed = environmentSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(
    `stand-in tenant: invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
  );
  process.exit(1);
}
const environment = parsed.data;

mkdirSync(environment.DATA_DIR, { recursive: true });
const tenant = await startStandInTenant({
  port: environment.TENANT_PORT,
  host: environment.HOST,
  databaseFile: path.join(environment.DATA_DIR, 'stand-in-tenant.sqlite'),
  faultInjection: environment.TENANT_FAULT_INJECTION === '1',
});
console.log(`tenant ready ${tenant.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void tenant.close().then(() => process.exit(0));
  });
}
