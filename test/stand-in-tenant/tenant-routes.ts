import { Hono } from 'hono';
import type { StandInDependencies, StandInEnv } from './app-env.ts';

/** The non-SCIM part of the user API (test/stand-in-tenant/README.md): tenant info and "send access link". */
export function tenantRoutes(dependencies: StandInDependencies) {
  const { store } = dependencies;
  return new Hono<StandInEnv>()
    .get('/tenant', (c) => {
      const tenant = c.var.tenant;
      // defaultLanguage is an addition to test/stand-in-tenant/README.md: the language a new account gets when none is given.
      return c.json({
        id: tenant.id,
        name: tenant.name,
        licenses: tenant.licenses,
        hostSystem: tenant.hostSystem,
        defaultLanguage: tenant.defaultLanguage,
        // Also an addition: the company's country, in which national phone numbers of its files are read.
        country: tenant.country ?? 'DE',
      });
    })
    .post('/users/:id/access-link', (c) => {
      // Records the notification and sends nothing: the stand-in has no mail or SMS gateway.
      const user = store.recordAccessLinkSent(c.var.tenant.id, c.req.param('id'));
      return c.json({ sent: true, accessLinkSentAt: user.accessLinkSentAt });
    });
}
