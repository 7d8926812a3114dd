import { Hono } from 'hono';
import type { StandInDependencies, StandInEnv } from './app-env.ts';
import { ScimError, invalidValue, notFound } from './scim-error.ts';
import { parseUserFilter } from './scim-filter.ts';
import { readJsonBody, SCIM_CONTENT_TYPE, scimBaseUrl, scimJson } from './scim-http.ts';
import { ScimUserJsonCache } from './scim-user-json-cache.ts';
import { FILTER_MAX_RESULTS, listResponse } from './scim-schemas.ts';
import { toScimUser } from './scim-user-resource.ts';
import { createUserFromScim, patchUserFromScim, replaceUserFromScim } from './user-operations.ts';
import { passWriteGate, refusedPatch } from './write-gate.ts';
import { checkIfMatch } from './scim-etag.ts';

/** RFC 7644 §3.4.2.4: absent → default; negative count → 0; startIndex < 1 → 1. */
function integerParameter(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  if (!/^-?\d+$/.test(value.trim())) throw invalidValue(`${name} must be an integer`);
  return Number.parseInt(value, 10);
}

const DEFAULT_PAGE_SIZE = 100;
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** /Users of RFC 7644 §3.3–§3.6 and test/stand-in-tenant/README.md. */
export function scimUserRoutes(dependencies: StandInDependencies) {
  const { store } = dependencies;
  const jsonCache = new ScimUserJsonCache(store);
  return new Hono<StandInEnv>()
    .get('/Users', (c) => {
      const tenant = c.var.tenant;
      const startIndex = Math.max(1, integerParameter(c.req.query('startIndex'), 'startIndex', 1));
      const count = Math.min(
        FILTER_MAX_RESULTS,
        Math.max(0, integerParameter(c.req.query('count'), 'count', DEFAULT_PAGE_SIZE)),
      );
      const filter = c.req.query('filter');
      const conditions = filter === undefined || filter.trim() === '' ? [] : parseUserFilter(filter);
      store.recordRead(tenant.id);
      const page = store.listUserIdsPage(tenant.id, conditions, startIndex, count);
      const resources = jsonCache.resources(
        tenant.id,
        page.ids,
        scimBaseUrl(c),
        () => store.listUsersPage(tenant.id, conditions, startIndex, count).users,
      );
      // listResponse, with the resources' JSON put in as it is kept.
      const { Resources: _none, ...head } = listResponse([], page.totalResults, startIndex);
      const envelope = JSON.stringify({ ...head, itemsPerPage: resources.length }).slice(0, -1);
      const parts: Buffer[] = [Buffer.from(`${envelope},"Resources":[`)];
      resources.forEach((resource, index) => {
        if (index) parts.push(COMMA);
        parts.push(resource);
      });
      parts.push(CLOSE);
      return c.body(Buffer.concat(parts), 200, { 'Content-Type': SCIM_CONTENT_TYPE });
    })
    .get('/Users/:id', (c) => {
      const tenant = c.var.tenant;
      store.recordRead(tenant.id);
      const user = store.getUser(tenant.id, c.req.param('id'));
      if (user === undefined) throw notFound(`user ${c.req.param('id')} does not exist`);
      return scimJson(c, toScimUser(user, scimBaseUrl(c)));
    })
    .post('/Users', async (c) => {
      await passWriteGate(c, dependencies);
      const user = createUserFromScim(store, c.var.tenant, await readJsonBody(c));
      const resource = toScimUser(user, scimBaseUrl(c));
      return scimJson(c, resource, 201, { Location: `${scimBaseUrl(c)}/Users/${user.id}` });
    })
    .put('/Users/:id', async (c) => {
      await passWriteGate(c, dependencies);
      if (dependencies.etag) checkIfMatch(store, c.var.tenant, c.req.param('id'), c.req.header('if-match'));
      const user = replaceUserFromScim(store, c.var.tenant, c.req.param('id'), await readJsonBody(c));
      return scimJson(c, toScimUser(user, scimBaseUrl(c)));
    })
    .patch('/Users/:id', async (c) => {
      const refused = refusedPatch(dependencies, c.var.tenant.id);
      if (refused) throw refused;
      await passWriteGate(c, dependencies);
      if (dependencies.etag) checkIfMatch(store, c.var.tenant, c.req.param('id'), c.req.header('if-match'));
      const user = patchUserFromScim(store, c.var.tenant, c.req.param('id'), await readJsonBody(c));
      return scimJson(c, toScimUser(user, scimBaseUrl(c)));
    })
    .delete('/Users/:id', () => {
      throw new ScimError(
        405,
        'portatour never deletes users through this API: deactivate them (active = false); ' +
          'an administrator deletes accounts in user management after downloading their data',
        undefined,
        { Allow: 'GET, PUT, PATCH' },
      );
    });
}
