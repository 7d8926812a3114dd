// GET /api/v1/tenants/{t}: who the company is and whether import/export is offered (docs/api-guide.md#endpoints).
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { problemResponses, tenantParams, tenantSummarySchema } from '../api-schemas.ts';
import type { TenantSummary } from '../../shared/api/tenant-schema.ts';
import type { UnavailableReason } from '../../shared/api/company.ts';
import { importExportRefusal } from '../company-refusal.ts';
import { problemFromUpstream, type TenantEnv } from '../tenant-access.ts';
import { SCIM_PORTATOUR_USER } from '../user-api/scim-user-mapping.ts';

export const LICENSED_USERS_FILTER = `${SCIM_PORTATOUR_USER}:hasOwnSchedule eq true`;

const route = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}',
  summary: 'The company, its licenses and whether user import and export are available',
  security: [{ bearer: [] }],
  request: { params: tenantParams },
  responses: {
    200: { description: 'The company', content: { 'application/json': { schema: tenantSummarySchema } } },
    ...problemResponses(401, 403, 404, 502),
  },
});

export const tenantRoutes = new OpenAPIHono<TenantEnv>().openapi(route, async (c) => {
  const { tenant, directory } = c.get('access');
  let used: number;
  try {
    // Only accounts with own schedule hold a license, deactivated ones included (docs/import-semantics.md).
    used = await directory.countUsers(LICENSED_USERS_FILTER);
  } catch (error) {
    throw problemFromUpstream(error);
  }
  const refusal = importExportRefusal(tenant);
  const summary: TenantSummary = {
    id: tenant.id,
    name: tenant.name,
    licenses: { total: tenant.licenses, used, free: Math.max(0, tenant.licenses - used) },
    hostSystem: tenant.hostSystem,
    importExport: {
      available: !refusal,
      reason: refusal ? (refusal.problem.type.split(':').pop() as UnavailableReason) : null,
      message: refusal?.problem.detail ?? null,
    },
  };
  return c.json(summary, 200);
});
