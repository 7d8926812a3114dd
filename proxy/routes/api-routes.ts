// The proxy's API routes as one chained tree: its type (ProxyApi) carries every path, parameter and answer, so a
// client made with hono/client's hc<ProxyApi> is checked against the routes at compile time (docs/architecture.md).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Fingerprints } from '../token-fingerprint.ts';
import type { TenantEnv } from '../tenant-access.ts';
import { auditRoutes } from './audit-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { importRoutes, type ImportDependencies } from './import-routes.ts';
import { settingsRoutes, settingsSchemaRoutes, type LastSettings } from './settings-routes.ts';
import { tenantRoutes } from './tenant-routes.ts';
import type { AuditStore } from '../store/audit-store.ts';

export interface ApiDependencies {
  imports: ImportDependencies;
  settings: LastSettings;
  audit: AuditStore;
  /** One key for the whole app: the audit and the rate limits must fingerprint a token alike. */
  fingerprints: Fingerprints;
}

export function apiRoutes(deps: ApiDependencies) {
  return new OpenAPIHono<TenantEnv>()
    .route('/', settingsSchemaRoutes)
    .route('/', tenantRoutes)
    .route('/', exportRoutes)
    .route('/', settingsRoutes(deps.settings))
    .route('/', importRoutes(deps.imports))
    .route('/', auditRoutes(deps.audit, deps.fingerprints));
}

/** Every API route with its parameters and answers, for hc<ProxyApi>(proxyUrl). */
export type ProxyApi = ReturnType<typeof apiRoutes>;
