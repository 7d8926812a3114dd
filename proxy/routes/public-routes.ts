// The routes that need no token (docs/api-guide.md#endpoints): health, readiness, field catalogue, API description and its viewer.
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

const readyRoute = createRoute({
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: the database answers, its migrations are done and the instance is not shutting down',
  responses: {
    200: {
      description: 'Ready for requests',
      content: { 'application/json': { schema: z.object({ status: z.literal('ready') }) } },
    },
    503: {
      description: 'Not ready; a load balancer sends requests elsewhere',
      content: {
        'application/json': { schema: z.object({ status: z.literal('not-ready'), reason: z.string() }) },
      },
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
  // The header aliases stay inside: the answer is what its schema describes (the wizard matches headers itself).
  fields: FIELDS.map(({ aliases: _aliases, weakAliases: _weak, ...field }) => field),
  user: zod.toJSONSchema(userRecordSchema, { target: 'draft-2020-12' }) as Record<string, unknown>,
};

export const publicRoutes = new OpenAPIHono()
  .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(fieldsRoute, (c) => c.json(catalogue, 200));

/** `/readyz`: `notReady` resolves to why the instance should get no requests, or null when it may. */
export function readinessRoutes(notReady: () => Promise<string | null>) {
  return new OpenAPIHono().openapi(readyRoute, async (c) => {
    const reason = await notReady().catch(() => 'the database is not reachable');
    return reason === null
      ? c.json({ status: 'ready' as const }, 200)
      : c.json({ status: 'not-ready' as const, reason }, 503);
  });
}

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
