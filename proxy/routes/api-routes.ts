// The proxy's API routes as one chained tree: its type (ProxyApi) carries every path, parameter and answer, so a
// client made with hono/client's hc<ProxyApi> is checked against the routes at compile time (docs/architecture.md).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { ExtractSchema } from 'hono/types';
import type { Fingerprints } from '../token-fingerprint.ts';
import type { TenantEnv } from '../tenant-access.ts';
import { auditRoutes } from './audit-routes.ts';
import { exportRoutes } from './export-routes.ts';
import type { ImportForm, UploadForm } from './import-route-definitions.ts';
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

type Routes = ReturnType<typeof apiRoutes>;

/** Each answer variant of an endpoint, told that its request carries `form`. */
type WithForm<Endpoint, Form> = Endpoint extends { input: infer Input }
  ? Omit<Endpoint, 'input'> & { input: Input & { form: Form } }
  : Endpoint;

/** The upload routes' multipart bodies are declared for the OpenAPI description only; their client gets them here. */
type WithUploadForms<S> = {
  [Path in keyof S]: {
    [Method in keyof S[Path]]: Path extends '/api/v1/tenants/:tenant/imports/preview'
      ? WithForm<S[Path][Method], UploadForm>
      : Path extends '/api/v1/tenants/:tenant/imports'
        ? Method extends '$post'
          ? WithForm<S[Path][Method], ImportForm>
          : S[Path][Method]
        : S[Path][Method];
  };
};

/** Every API route with its parameters, bodies and answers, for hc<ProxyApi>(proxyUrl). */
export type ProxyApi = Hono<TenantEnv, WithUploadForms<ExtractSchema<Routes>>, '/'>;
