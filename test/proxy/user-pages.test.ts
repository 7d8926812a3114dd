// ScimUserDirectory.userPages asks for the next page before the current one is handed on; these prove
// that no user is lost, doubled or reordered by that, also against a server whose pages are smaller than asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCIM_PAGE_SIZE, ScimUserDirectory } from '../../proxy/user-api/scim-client.ts';
import { revisionOf } from '../../proxy/user-api/scim-user-mapping.ts';
import { startStandInTenant, type StandInTenant } from '../stand-in-tenant/server.ts';

const USERS = 2 * SCIM_PAGE_SIZE + 345;
let tenant: StandInTenant;
let ids: string[];

beforeAll(async () => {
  tenant = await startStandInTenant({ port: 0 });
  tenant.store.putTenant({
    id: 'paging',
    name: 'Paging AG',
    licenses: 10 * USERS,
    hostSystem: null,
    defaultLanguage: 'en',
    adminToken: 'paging-admin-token',
    userToken: null,
  });
  ids = tenant.store.seedUsers('paging', USERS);
});
afterAll(() => tenant.close());

/** The directory of a tenant whose administrator token is `<tenant>-admin-token`. */
function directoryOf(tenantId: string, fetchImpl: typeof fetch = fetch): ScimUserDirectory {
  return new ScimUserDirectory({
    baseUrl: tenant.url,
    tenant: tenantId,
    authorization: `Bearer ${tenantId}-admin-token`,
    fetch: fetchImpl,
  });
}

const directory = (fetchImpl?: typeof fetch) => directoryOf('paging', fetchImpl);

/** A fetch that records the startIndex of every GET /Users and caps `count` like a stricter SCIM server. */
function cappingFetch(cap: number | null, startIndexes: number[]): typeof fetch {
  return (input, init) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/Users')) {
      startIndexes.push(Number(url.searchParams.get('startIndex')));
      if (cap !== null)
        url.searchParams.set('count', String(Math.min(cap, Number(url.searchParams.get('count')))));
    }
    return fetch(url, init);
  };
}

describe('reading every user page by page with the next page asked for ahead', () => {
  it('returns every user exactly once in creation order, asking for each page once', async () => {
    const asked: number[] = [];
    const users = await directory(cappingFetch(null, asked)).listUsers();
    expect(users.map((user) => user.portatourId)).toEqual(ids);
    expect(asked).toEqual([1, 1 + SCIM_PAGE_SIZE, 1 + 2 * SCIM_PAGE_SIZE]);
  });

  it('follows a server that sends smaller pages than asked, without skipping users', async () => {
    const asked: number[] = [];
    const users = await directory(cappingFetch(700, asked)).listUsers();
    expect(users.map((user) => user.portatourId)).toEqual(ids);
    // After the first page the guess of where the next one starts follows the server's page size.
    expect(asked.slice(0, 4)).toEqual([1, 701, 1401, 2101]);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('stops cleanly when the caller stops early, and a failing page ahead is not an unhandled rejection', async () => {
    let calls = 0;
    // Discovery (what the server can do) passes; of the user pages only the first arrives.
    const failingAhead: typeof fetch = (input, init) =>
      !new URL(String(input)).pathname.endsWith('/Users') || ++calls === 1
        ? fetch(input, init)
        : Promise.reject(new TypeError('connection reset'));
    for await (const page of directory(failingAhead).userPages()) {
      expect(page).toHaveLength(SCIM_PAGE_SIZE);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('reports a failing later page to the caller', async () => {
    const third = String(1 + 2 * SCIM_PAGE_SIZE);
    // Every attempt at the third page fails (the client sends a failed read once more).
    const failingLater: typeof fetch = (input, init) =>
      new URL(String(input)).searchParams.get('startIndex') === third
        ? Promise.reject(new TypeError('connection reset'))
        : fetch(input, init);
    await expect(directory(failingLater).listUsers()).rejects.toMatchObject({
      name: 'UpstreamError',
      status: 0,
    });
  });
});

describe('reading the text of every user exactly (pages are read as Latin-1 and decoded per string)', () => {
  const NAMES = [
    ['Małgorzata', 'Wąsowska-Żółć'],
    ['Zoë', 'Müller'],
    ['Ægir', 'Þórsson'],
    ['Jürgen 😀', '中村'],
    ['Ascii', 'Only'],
  ] as const;

  beforeAll(() => {
    tenant.store.putTenant({
      id: 'texts',
      name: 'Texte GmbH',
      licenses: 100,
      hostSystem: null,
      defaultLanguage: 'de',
      adminToken: 'texts-admin-token',
      userToken: null,
    });
    tenant.store.seedUsers('texts', NAMES.length, (index) => ({
      givenName: NAMES[index]![0],
      familyName: NAMES[index]![1],
      email: `user${index}@texte.example`,
      userGroups: ['Süd', 'Nord → Ost'],
      note: 'Straße "Ä" \\ Ende',
      homeCity: 'Kraków',
    }));
  });

  const textsDirectory = (fetchImpl?: typeof fetch) => directoryOf('texts', fetchImpl);

  function expectExact(users: Awaited<ReturnType<ScimUserDirectory['listUsers']>>): void {
    expect(users.map((user) => [user.firstName, user.lastName])).toEqual(NAMES.map(([a, b]) => [a, b]));
    for (const user of users) {
      expect(user.userGroups).toEqual(['Süd', 'Nord → Ost']);
      expect(user.note).toBe('Straße "Ä" \\ Ende');
      expect(user.homeCity).toBe('Kraków');
    }
  }

  it('gives back names with characters from one to four UTF-8 bytes as they are stored', async () => {
    expectExact(await textsDirectory().listUsers());
  });

  it('gives back the same from a server that writes non-ASCII characters as \\u escapes', async () => {
    const escaping: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const text = (await response.text()).replace(
        /[\u0080-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      expect([...text].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
      return new Response(text, { status: response.status, headers: response.headers });
    };
    expectExact(await textsDirectory(escaping).listUsers());
  });
});

describe('reading pages into buffers used again', () => {
  it('hands on every user of many small pages exactly once, in order, batch by batch', async () => {
    const read: string[] = [];
    for await (const batch of directory().userPages(undefined, undefined, 100, 30)) {
      expect(batch.length).toBeLessThanOrEqual(30);
      read.push(...batch.map((user) => user.portatourId));
      // Pages asked for ahead arrive meanwhile: they must not overwrite the bytes of users not yet handed on.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(read).toEqual(ids);
  });
});

describe('reading users without their versions', () => {
  it('gives the same users, and keeps their versions only when asked to', async () => {
    const read = async (versions: boolean) => {
      const users = [];
      for await (const batch of directory().userPages(undefined, undefined, SCIM_PAGE_SIZE, 100, versions))
        users.push(...batch);
      return users;
    };
    const [withVersions, without] = [await read(true), await read(false)];
    expect(without).toEqual(withVersions);
    expect(withVersions.every((user) => /^W\/"\d+"$/.test(revisionOf(user) ?? ''))).toBe(true);
    expect(without.every((user) => revisionOf(user) === undefined)).toBe(true);
  });
});
