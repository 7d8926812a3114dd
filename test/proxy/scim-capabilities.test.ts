// What the proxy learns from a SCIM server's discovery endpoints, and the defaults for a server without them.
import { describe, expect, it } from 'vitest';
import { capabilitiesFrom, DiscoveryCache, SAFE_DEFAULTS } from '../../proxy/user-api/scim-capabilities.ts';
import { startStandInTenant } from '../stand-in-tenant/server.ts';
import { ScimUserDirectory } from '../../proxy/user-api/scim-client.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PORTATOUR = 'urn:portatour:params:scim:schemas:extension:portatour:2.0:User';

describe('capabilities from discovery', () => {
  it('reads the stand-in: Bulk with its limits, PATCH, no ETags, userName assigned, every field stored', async () => {
    const tenant = await startStandInTenant({ port: 0 });
    try {
      const directory = new ScimUserDirectory({
        baseUrl: tenant.url,
        tenant: 'demo',
        authorization: 'Bearer demo-admin-token',
      });
      const capabilities = await directory.capabilities();
      expect(capabilities).toMatchObject({
        bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 10_485_760 },
        filter: { supported: true, maxResults: 5000 },
        patch: true,
        etag: false,
        assignsUserName: true,
        extensions: { enterprise: true, portatour: true },
        unstoredFields: [],
        missing: [],
      });
    } finally {
      await tenant.close();
    }
  });

  it('on a core-only server: userName is sent, every extension field is unstored', () => {
    const capabilities = capabilitiesFrom(
      {
        patch: { supported: true },
        bulk: { supported: false },
        filter: { supported: true, maxResults: 200 },
      },
      [
        {
          id: CORE,
          attributes: [
            { name: 'userName', mutability: 'readWrite' },
            { name: 'name', subAttributes: [{ name: 'givenName' }, { name: 'familyName' }] },
            { name: 'emails' },
            { name: 'active' },
          ],
        },
      ],
      [{ id: 'User', schema: CORE, schemaExtensions: [] }],
    );
    expect(capabilities.assignsUserName).toBe(false);
    expect(capabilities.filter).toEqual({ supported: true, maxResults: 200 });
    expect(capabilities.bulk.supported).toBe(false);
    expect(capabilities.extensions).toEqual({ enterprise: false, portatour: false });
    expect([...capabilities.unstoredFields].sort()).toEqual(
      [
        'authorizationLevel',
        'employeeNumber',
        'hasOwnSchedule',
        'homeCity',
        'homeCountry',
        'homePostalCode',
        'homeStreet',
        'language',
        'mobilePhone',
        'note',
        'userGroups',
      ].sort(),
    );
  });

  it('a server without discovery endpoints gets the safe defaults', () => {
    expect(capabilitiesFrom(undefined, undefined, undefined)).toEqual(SAFE_DEFAULTS);
  });

  it('an extension the resource type does not list is not served even when /Schemas describes it', () => {
    const capabilities = capabilitiesFrom(
      {},
      [
        { id: CORE, attributes: [{ name: 'userName', mutability: 'readOnly' }] },
        { id: PORTATOUR, attributes: [{ name: 'note' }] },
      ],
      [{ id: 'User', schema: CORE, schemaExtensions: [] }],
    );
    expect(capabilities.extensions.portatour).toBe(false);
    expect(capabilities.unstoredFields).toContain('note');
  });
});

describe('the discovery cache', () => {
  it('asks again after its time to live, and forgets a failed discovery at once', async () => {
    let now = 0;
    const cache = new DiscoveryCache(1000, () => now);
    let loads = 0;
    const load = async () => {
      loads++;
      return SAFE_DEFAULTS;
    };
    await cache.get('a', load);
    await cache.get('a', load);
    expect(loads).toBe(1);
    now = 1500;
    await cache.get('a', load);
    expect(loads).toBe(2);
    await expect(cache.get('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await cache.get('b', load);
    expect(loads).toBe(3);
  });
});
