import { describe, expect, it } from 'vitest';
import { useTestTenant, type ScimErrorJson, type ScimListJson } from './tenant-test-client.ts';
import { LIST_RESPONSE_MESSAGE } from './scim-uris.ts';

const t = useTestTenant();

const list = (query: string) => t.scim<ScimListJson>('GET', `/Users${query}`);
const filtered = (filter: string, extra = '') => list(`?filter=${encodeURIComponent(filter)}${extra}`);
const emailsOf = (page: ScimListJson) => page.Resources.map((user) => user.emails[0]?.value);

describe('GET /Users paging (RFC 7644 §3.4.2.4)', () => {
  it('answers a ListResponse in creation order with 100 per page by default', async () => {
    const response = await list('');
    expect(response.status).toBe(200);
    expect(response.body.schemas).toEqual([LIST_RESPONSE_MESSAGE]);
    expect(response.body).toMatchObject({ totalResults: 12, startIndex: 1, itemsPerPage: 12 });
    expect(response.body.Resources.map((user) => user.id)).toEqual(
      t.tenant.store.listUsers('demo').map((user) => user.id),
    );
  });

  it('lists each user exactly as GET /Users/{id} answers it, names with ü, á, ß and ı included', async () => {
    const listed = (await list('')).body.Resources;
    expect(listed.map((user) => user.name.familyName)).toEqual(
      expect.arrayContaining(['Müller', 'Nováková', 'Weiß', 'Yılmaz']),
    );
    for (const user of listed) expect((await t.scim('GET', `/Users/${user.id}`)).body).toEqual(user);
  });

  it('pages with startIndex and count without gaps or repeats', async () => {
    const all = (await list('')).body.Resources.map((user) => user.id);
    const paged: string[] = [];
    for (let startIndex = 1; startIndex <= 12; startIndex += 5) {
      const page = await list(`?startIndex=${startIndex}&count=5`);
      expect(page.body.totalResults).toBe(12);
      expect(page.body.startIndex).toBe(startIndex);
      paged.push(...page.body.Resources.map((user) => user.id));
    }
    expect(paged).toEqual(all);
  });

  it('treats startIndex < 1 as 1, negative count as 0, and caps count at 5000', async () => {
    expect((await list('?startIndex=0&count=2')).body.startIndex).toBe(1);
    expect((await list('?count=-5')).body).toMatchObject({
      totalResults: 12,
      itemsPerPage: 0,
      Resources: [],
    });
    t.tenant.store.seedUsers('dyn', 5100);
    const big = await t.scim<ScimListJson>('GET', '/Users?count=9999', {
      tenant: 'dyn',
      token: 'dyn-admin-token',
    });
    expect(big.body.itemsPerPage).toBe(5000);
    expect(big.body.totalResults).toBe(5120);
  });

  it('answers an empty page beyond the end', async () => {
    expect((await list('?startIndex=50')).body).toMatchObject({
      totalResults: 12,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('refuses a non-numeric count with 400 invalidValue', async () => {
    const response = await t.scim<ScimErrorJson>('GET', '/Users?count=ten');
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });

  it('keeps pages right when users are created between two pages', async () => {
    const first = await list('?startIndex=1&count=6');
    const created = await t.scim<{ id: string }>('POST', '/Users', {
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        name: { givenName: 'Paging', familyName: 'Test' },
        emails: [{ value: 'paging.test@example.com' }],
        'urn:portatour:params:scim:schemas:extension:portatour:2.0:User': { hasOwnSchedule: false },
      },
    });
    expect(created.status).toBe(201);
    const second = await list('?startIndex=7&count=6');
    expect(second.body.totalResults).toBe(13);
    const ids = [...first.body.Resources, ...second.body.Resources].map((user) => user.id);
    expect(new Set(ids).size).toBe(12);
  });
});

describe('GET /Users filters (test/stand-in-tenant/README.md)', () => {
  it('finds by userName, case-insensitively', async () => {
    const response = await filtered('userName eq "ANNA.SCHMIDT@demo"');
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0]?.userName).toBe('anna.schmidt@demo');
  });

  it('finds by emails.value case-insensitively and trimmed, also written as "emails"', async () => {
    expect(emailsOf((await filtered('emails.value eq "Juergen.Weiss@EXAMPLE.com"')).body)).toEqual([
      'juergen.weiss@example.com',
    ]);
    expect((await filtered('emails eq "juergen.weiss@example.com"')).body.totalResults).toBe(1);
    expect((await filtered('emails.value eq "nobody@example.com"')).body).toMatchObject({
      totalResults: 0,
      Resources: [],
    });
  });

  it('finds by the enterprise employeeNumber', async () => {
    const response = await filtered(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "E-1003"',
    );
    expect(emailsOf(response.body)).toEqual(['lukas.mueller@example.com']);
  });

  it('finds by externalId', async () => {
    const anna = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com');
    if (anna === undefined) throw new Error('seed changed');
    t.tenant.store.updateUser('demo', anna.id, { ...anna, externalId: 'hr-4711' });
    expect(emailsOf((await filtered('externalId eq "hr-4711"')).body)).toEqual(['anna.schmidt@example.com']);
  });

  it('counts licenses with hasOwnSchedule eq true and count=0', async () => {
    const response = await filtered(
      'urn:portatour:params:scim:schemas:extension:portatour:2.0:User:hasOwnSchedule eq true',
      '&count=0',
    );
    expect(response.body).toMatchObject({ totalResults: 10, itemsPerPage: 0, Resources: [] });
  });

  it('filters by active and joins comparisons with and', async () => {
    expect((await filtered('active eq false')).body.totalResults).toBe(1);
    const both = await filtered(
      'active eq true and urn:portatour:params:scim:schemas:extension:portatour:2.0:User:hasOwnSchedule eq true',
    );
    expect(both.body.totalResults).toBe(9);
    expect((await filtered('active eq true AND userName eq "eva.novakova@demo"')).body.totalResults).toBe(0);
  });

  it('accepts the core URN prefix on attribute names', async () => {
    const response = await filtered(
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "lukas.mueller@demo"',
    );
    expect(response.body.totalResults).toBe(1);
  });

  it.each([
    ['an unsupported operator', 'userName co "anna"'],
    ['or', 'userName eq "a" or userName eq "b"'],
    ['an unsupported attribute', 'name.familyName eq "Schmidt"'],
    ['parentheses', '(userName eq "a")'],
    ['a boolean attribute compared with a string', 'active eq "true"'],
    ['an unterminated string', 'userName eq "anna'],
    ['not', 'not (userName eq "a")'],
  ])('refuses %s with 400 invalidFilter', async (_name, filter) => {
    const response = await filtered(filter);
    expect(response.status).toBe(400);
    expect(response.body as unknown as ScimErrorJson).toMatchObject({
      scimType: 'invalidFilter',
      status: '400',
    });
  });
});

describe('GET /Users after a change (the listing keeps rendered resources while nothing changes)', () => {
  it('lists a user as changed right after a PATCH, and with the address the request came to', async () => {
    const before = (await list('?count=3')).body.Resources;
    const target = before[1]!;
    const patched = await t.scim('PATCH', `/Users/${target.id}`, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'name.givenName', value: 'Geändert' }],
      },
    });
    expect(patched.status).toBe(200);
    const after = (await list('?count=3')).body.Resources;
    expect(after.map((user) => user.id)).toEqual(before.map((user) => user.id));
    expect((after[1] as unknown as { name: { givenName: string } }).name.givenName).toBe('Geändert');
    expect(after[0]).toEqual(before[0]);
    const viaLocalhost = await fetch(
      `${t.tenant.url.replace('127.0.0.1', 'localhost')}/t/demo/scim/v2/Users?count=1`,
      {
        headers: { authorization: 'Bearer demo-admin-token' },
      },
    );
    const located = ((await viaLocalhost.json()) as { Resources: { meta: { location: string } }[] })
      .Resources[0]!;
    expect(located.meta.location.startsWith(t.tenant.url.replace('127.0.0.1', 'localhost'))).toBe(true);
  });
});
