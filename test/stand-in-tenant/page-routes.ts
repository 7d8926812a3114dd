import { Hono } from 'hono';
import type { StandInDependencies, StandInEnv } from './app-env.ts';
import {
  escapeHtml,
  renderIndexPage,
  renderUserManagementPage,
  type PageLanguage,
} from './user-management-page.ts';

/** A page of 100,000 rows helps nobody; the page shows the first rows by last name and says so. */
const MAX_ROWS_ON_PAGE = 1000;

/**
 * The HTML pages (test/stand-in-tenant/README.md, docs/administrators.md#the-import-wizard). They need no Authorization header: opening the page is the
 * "sign-in", and the page hands the signed-in person's token to the extension in a meta tag.
 */
export function pageRoutes(dependencies: StandInDependencies) {
  const { store } = dependencies;
  return new Hono<StandInEnv>()
    .get('/', (c) => c.html(renderIndexPage(store.listTenants())))
    .get('/t/:tenant/users', (c) => {
      const tenant = store.getTenant(c.req.param('tenant'));
      if (tenant === undefined) {
        return c.html(
          `<!doctype html><html lang="en"><title>Not found</title><h1>No company "${escapeHtml(
            c.req.param('tenant'),
          )}"</h1><p><a href="/">All companies</a></p></html>`,
          404,
        );
      }
      const language: PageLanguage = c.req.query('lang') === 'de' ? 'de' : 'en';
      // `?as=user` signs in the tenant's member who is not an administrator (demo-user-token on demo).
      const asMember = c.req.query('as') === 'user' && tenant.userToken !== null;
      const collator = new Intl.Collator(language, { sensitivity: 'base' });
      const users = store
        .listUsers(tenant.id)
        .sort(
          (a, b) =>
            collator.compare(a.familyName, b.familyName) || collator.compare(a.givenName, b.givenName),
        );
      return c.html(
        renderUserManagementPage({
          tenant,
          users: users.slice(0, MAX_ROWS_ON_PAGE),
          totalUsers: users.length,
          apiToken: asMember && tenant.userToken !== null ? tenant.userToken : tenant.adminToken,
          signedInAsAdministrator: !asMember,
          language,
          keptQuery: asMember ? 'as=user' : '',
        }),
      );
    });
}
