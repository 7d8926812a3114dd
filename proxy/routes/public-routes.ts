// The routes that need no token (contract §4): health, field catalogue, API description and its viewer.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { fieldCatalogueSchema } from '../api-schemas.ts';
import { FIELDS, userRecordSchema } from '../../shared/fields/user-fields.ts';

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness',
  responses: {
    200: {
      description: 'Up',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
});

const fieldsRoute = createRoute({
  method: 'get',
  path: '/api/v1/fields',
  summary: 'The user fields with headers and info texts (English and German)',
  responses: {
    200: {
      description: 'The field catalogue',
      content: { 'application/json': { schema: fieldCatalogueSchema } },
    },
  },
});

const catalogue = {
  fields: FIELDS.map((field) => ({ ...field })),
  user: zod.toJSONSchema(userRecordSchema, { target: 'draft-2020-12' }) as Record<string, unknown>,
};

export const publicRoutes = new OpenAPIHono()
  .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(fieldsRoute, (c) => c.json(catalogue, 200));

/** Swagger UI from the swagger-ui-dist package, served by the proxy itself (no CDN). */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>portatour user import and export – API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;
}

export const DOCS_INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;
