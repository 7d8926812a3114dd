import { Hono } from 'hono';
import { requireTenantAdministrator } from './api-auth.ts';
import type { StandInDependencies, StandInEnv } from './app-env.ts';
import { pageRoutes } from './page-routes.ts';
import { ScimError } from './scim-error.ts';
import { scimBulkRoute } from './scim-bulk-route.ts';
import { scimDiscoveryRoutes } from './scim-discovery-routes.ts';
import { scimErrorResponse } from './scim-http.ts';
import { scimUserRoutes } from './scim-user-routes.ts';
import { tenantRoutes } from './tenant-routes.ts';
import { testControlRoutes } from './test-control-routes.ts';
import { ConnectionResetOnPurpose } from './write-gate.ts';

const TENANT_OF_PATH = /^\/t\/([^/]+)/;

/** The stand-in tenant's HTTP app (test/stand-in-tenant/README.md); server.ts serves it, tests may call `app.request`. */
export function createStandInTenantApp(dependencies: StandInDependencies): Hono<StandInEnv> {
  const { store, faults } = dependencies;
  const app = new Hono<StandInEnv>();

  app.onError((error, c) => {
    if (error instanceof ScimError) return scimErrorResponse(c, error);
    // The connection is gone (fault injection) or the server is closing: nobody reads this answer.
    if (error instanceof ConnectionResetOnPurpose || dependencies.shutdown.aborted) return c.body(null, 503);
    console.error(`stand-in tenant: ${c.req.method} ${c.req.path} failed:`, error);
    return scimErrorResponse(c, new ScimError(500, 'internal error of the stand-in tenant'));
  });
  app.notFound((c) => scimErrorResponse(c, new ScimError(404, `no endpoint ${c.req.method} ${c.req.path}`)));

  if (faults !== undefined) {
    app.route('/__test', testControlRoutes(dependencies, faults));
    app.use('*', async (c, next) => {
      if (!c.req.path.startsWith('/__test/') && faults.isDown(TENANT_OF_PATH.exec(c.req.path)?.[1])) {
        throw new ScimError(503, 'injected fault: the user API is down');
      }
      await next();
    });
  }

  const administrator = requireTenantAdministrator(store);
  app.use('/t/:tenant/tenant', administrator);
  app.use('/t/:tenant/users/:id/access-link', administrator);
  app.use('/t/:tenant/scim/*', administrator);
  app.route('/t/:tenant', tenantRoutes(dependencies));
  const bulkSupported = dependencies.bulk !== false;
  app.route('/t/:tenant/scim/v2', scimDiscoveryRoutes(bulkSupported));
  app.route('/t/:tenant/scim/v2', scimUserRoutes(dependencies));
  if (bulkSupported) app.route('/t/:tenant/scim/v2', scimBulkRoute(dependencies));
  else
    app.post('/t/:tenant/scim/v2/Bulk', (c) =>
      scimErrorResponse(
        c,
        new ScimError(501, 'this server does not support /Bulk (see ServiceProviderConfig)'),
      ),
    );
  app.route('/', pageRoutes(dependencies));
  return app;
}
