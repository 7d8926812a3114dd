// Import settings (docs/api-guide.md#the-settings-file): the tenant's most recently used settings as a downloadable file, and the
// JSON Schema that describes the file.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { problemResponses, tenantParams } from '../api-schemas.ts';
import type { TenantEnv } from '../tenant-access.ts';
import {
  DEFAULT_IMPORT_SETTINGS,
  importSettingsJsonSchema,
  type ImportSettings,
} from '../../shared/import-settings.ts';

export interface LastSettings {
  lastImportSettings(tenant: string): Promise<ImportSettings | undefined>;
}

const settingsRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/import-settings',
  summary: "The company's most recently used import settings (the defaults before its first import)",
  security: [{ bearer: [] }],
  request: { params: tenantParams },
  responses: {
    200: {
      description: 'The settings file, as an attachment',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...problemResponses(401, 403, 409, 502),
  },
});

const schemaRoute = createRoute({
  method: 'get',
  path: '/api/v1/import-settings.schema.json',
  summary: 'JSON Schema of the import settings file',
  responses: {
    200: {
      description: 'JSON Schema (draft 2020-12)',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
  },
});

export function settingsRoutes(store: LastSettings) {
  return new OpenAPIHono<TenantEnv>().openapi(settingsRoute, async (c) => {
    const { tenant } = c.get('access');
    const settings = (await store.lastImportSettings(tenant.id)) ?? DEFAULT_IMPORT_SETTINGS;
    return c.json(settings, 200, {
      'content-disposition': `attachment; filename="portatour-import-settings-${tenant.id.replace(/[^A-Za-z0-9_-]/g, '_')}.json"`,
      'cache-control': 'no-store',
    });
  });
}

const jsonSchema = importSettingsJsonSchema();

export const settingsSchemaRoutes = new OpenAPIHono().openapi(schemaRoute, (c) => c.json(jsonSchema, 200));
