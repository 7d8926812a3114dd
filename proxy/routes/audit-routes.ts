// Access links sent on request, and the audit log of every write the proxy made for a company.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import {
  auditAnswerSchema,
  problemResponses,
  sendAccessLinkAnswerSchema,
  tenantParams,
} from '../api-schemas.ts';
import { sendAccessLinkRequestSchema } from '../../shared/api/users-schema.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { Fingerprints } from '../token-fingerprint.ts';
import { problemFromUpstream, type TenantEnv } from '../tenant-access.ts';
import { json } from './import-route-definitions.ts';

const sendLinkRoute = createRoute({
  method: 'post',
  path: '/api/v1/tenants/{tenant}/users/send-access-link',
  summary: 'Send the access link to these users',
  security: [{ bearer: [] }],
  request: {
    params: tenantParams,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: sendAccessLinkRequestSchema,
        },
      },
    },
  },
  responses: {
    200: json(sendAccessLinkAnswerSchema, 'How many were sent'),
    ...problemResponses(400, 401, 403, 409),
  },
});

const auditRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/audit',
  summary:
    'Every write the proxy made for this company: who (a token fingerprint), when, which user, fields before → after',
  security: [{ bearer: [] }],
  request: {
    params: tenantParams,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Page backwards: entries with an id below this'),
      userId: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: json(auditAnswerSchema, 'Newest first'),
    ...problemResponses(401, 403, 409),
  },
});

export function auditRoutes(audit: AuditStore, fingerprints: Fingerprints) {
  return new OpenAPIHono<TenantEnv>()
    .openapi(sendLinkRoute, async (c) => {
      const { directory, tenant } = c.get('access');
      const { ids } = c.req.valid('json');
      const actor = fingerprints.of(c.req.header('authorization') ?? '');
      let sent = 0;
      const failed: { id: string; message: string }[] = [];
      for (const id of new Set(ids)) {
        try {
          const answer = await directory.sendAccessLink(id);
          sent++;
          await audit.record([
            {
              tenant: tenant.id,
              actor,
              jobId: null,
              userId: id,
              action: 'access-link-sent',
              changes: [{ field: 'accessLinkSentAt', from: null, to: answer.accessLinkSentAt ?? null }],
            },
          ]);
        } catch (error) {
          const problem = problemFromUpstream(error, 'There is no such user.');
          if (problem.problem.status === 401 || problem.problem.status === 403) throw problem;
          failed.push({ id, message: problem.problem.detail });
        }
      }
      return c.json({ sent, failed }, 200);
    })
    .openapi(auditRoute, async (c) => {
      const { limit, before, userId } = c.req.valid('query');
      const entries = await audit.list(c.get('access').tenant.id, { limit, before, userId });
      return c.json({ entries }, 200);
    });
}
