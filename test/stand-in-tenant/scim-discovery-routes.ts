import { Hono } from 'hono';
import type { StandInEnv } from './app-env.ts';
import { notFound } from './scim-error.ts';
import { scimBaseUrl, scimJson } from './scim-http.ts';
import {
  USER_SCHEMA_DEFINITIONS,
  listResponse,
  schemaResource,
  serviceProviderConfig,
  userResourceType,
} from './scim-schemas.ts';

/** RFC 7644 §4: what a client can learn about this service provider before it writes. */
export function scimDiscoveryRoutes(bulkSupported = true, etagSupported = false) {
  return new Hono<StandInEnv>()
    .get('/ServiceProviderConfig', (c) =>
      scimJson(c, serviceProviderConfig(scimBaseUrl(c), bulkSupported, etagSupported)),
    )
    .get('/Schemas', (c) => {
      const base = scimBaseUrl(c);
      return scimJson(
        c,
        listResponse(USER_SCHEMA_DEFINITIONS.map((definition) => schemaResource(definition, base))),
      );
    })
    .get('/Schemas/:id', (c) => {
      const definition = USER_SCHEMA_DEFINITIONS.find((candidate) => candidate.id === c.req.param('id'));
      if (definition === undefined) throw notFound(`schema ${c.req.param('id')} is not known`);
      return scimJson(c, schemaResource(definition, scimBaseUrl(c)));
    })
    .get('/ResourceTypes', (c) => scimJson(c, listResponse([userResourceType(scimBaseUrl(c))])))
    .get('/ResourceTypes/:id', (c) => {
      if (c.req.param('id') !== 'User') throw notFound(`resource type ${c.req.param('id')} is not known`);
      return scimJson(c, userResourceType(scimBaseUrl(c)));
    });
}
