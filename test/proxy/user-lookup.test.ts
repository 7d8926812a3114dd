// Looking up a batch of users with what the server allows: the stand-in refuses "or" in filters, so the lookup
// learns that once, says so, and then takes one filter per value or the paged list, whichever costs fewer requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimUserDirectory } from '../../proxy/user-api/scim-client.ts';
import { findUsers } from '../../proxy/user-api/user-lookup.ts';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';
import {
  startScimmyDirectory,
  SCIMMY_TENANT,
  SCIMMY_TOKEN,
  type ScimmyDirectory,
} from '../support/scimmy-directory.ts';

let tenant: StandInTenant;
let scimmy: ScimmyDirectory;
beforeAll(async () => {
  tenant = await startStandInTenant({ port: 0 });
  scimmy = await startScimmyDirectory();
});
afterAll(async () => {
  await tenant.close();
  await scimmy.close();
});

/** A directory whose GET /Users requests are counted. */
function counted(baseUrl: string, tenantId: string, token: string) {
  const requests: string[] = [];
  const directory = new ScimUserDirectory({
    baseUrl,
    tenant: tenantId,
    authorization: `Bearer ${token}`,
    fetch: (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/Users')) requests.push(url.searchParams.get('filter') ?? '(list)');
      return fetch(input, init);
    },
  });
  return { directory, requests };
}

describe('finding a batch of users', () => {
  it('falls back from "or" to the cheapest other way on a server without it, and says so', async () => {
    const { directory, requests } = counted(tenant.url, 'demo', 'demo-admin-token');
    const emails = ['anna.schmidt@example.com', 'JUERGEN.WEISS@example.com', 'nobody@example.com'];
    const found = await findUsers(directory, 'emails.value', emails);
    expect([...found.keys()].sort()).toEqual(['anna.schmidt@example.com', 'juergen.weiss@example.com']);
    expect([...directory.notices].join(' ')).toMatch(/does not accept "or" in filters/);
    // One refused "or" filter, the count, then the 12 users in one page rather than three filters.
    expect(requests.filter((r) => r.includes(' or '))).toHaveLength(1);
    expect(requests.length).toBeLessThanOrEqual(3);
    // Learned: the next lookup does not try "or" again.
    await findUsers(directory, 'emails.value', emails);
    expect(requests.filter((r) => r.includes(' or '))).toHaveLength(1);
  });

  it('uses one "or" filter on a server that has it (SCIMMY)', async () => {
    const { directory: writer } = counted(scimmy.url, SCIMMY_TENANT, SCIMMY_TOKEN);
    for (const name of ['a', 'b', 'c'])
      await writer.createUser({
        firstName: name,
        lastName: 'X',
        email: `${name}@example.com`,
        userName: name,
      });
    const { directory, requests } = counted(scimmy.url, SCIMMY_TENANT, SCIMMY_TOKEN);
    const found = await findUsers(directory, 'emails.value', [
      'a@example.com',
      'c@example.com',
      'z@example.com',
    ]);
    expect([...found.keys()].sort()).toEqual(['a@example.com', 'c@example.com']);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain(' or ');
    expect(directory.notices.size).toBe(0);
  });
});
