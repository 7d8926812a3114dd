import { describe, expect, it } from 'vitest';
import { newUserBody, useTestTenant, type ScimErrorJson, type ScimUserJson } from './tenant-test-client.ts';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

const t = useTestTenant();

const create = (body: unknown) => t.scim<ScimUserJson & ScimErrorJson>('POST', '/Users', { body });

describe('POST /Users (test/stand-in-tenant/README.md server rules)', () => {
  it('creates an active user with the defaults, an assigned userName and no access link sent', async () => {
    const response = await create(newUserBody('clara.neumann@example.com'));
    expect(response.status).toBe(201);
    const user = response.body;
    expect(response.headers.get('location')).toBe(user.meta.location);
    expect(user.id).toMatch(/^u[0-9a-f]{16}$/);
    expect(user.userName).toBe('clara.neumann@demo');
    expect(user.active).toBe(true);
    expect(user.preferredLanguage).toBe('de');
    expect(user[PORTATOUR_USER_SCHEMA]).toEqual({
      authorizationLevel: 'User',
      hasOwnSchedule: true,
      userGroups: [],
      accessLinkSentAt: null,
      lastLoginAt: null,
    });
    expect(user.schemas).toEqual([CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA]);
    expect(user.meta).toMatchObject({ resourceType: 'User', version: 'W/"1"' });
    const stored = t.tenant.store.getUserByEmail('demo', 'CLARA.NEUMANN@example.com');
    expect(stored?.id).toBe(user.id);
    expect(t.tenant.store.accessLinkToken('demo', user.id)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes the userName unique and ignores read-only attributes the client sends', async () => {
    const response = await create(
      newUserBody('clara.neumann.2@example.com', {
        id: 'u-chosen-by-client',
        userName: 'my-own-name',
        meta: { created: '2000-01-01T00:00:00Z' },
        [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false, accessLinkSentAt: '2020-01-01T00:00:00Z' },
      }),
    );
    expect(response.status).toBe(201);
    expect(response.body.userName).toBe('clara.neumann2@demo');
    expect(response.body.id).not.toBe('u-chosen-by-client');
    expect(response.body[PORTATOUR_USER_SCHEMA].accessLinkSentAt).toBeNull();
    expect(response.body.meta.created).not.toBe('2000-01-01T00:00:00Z');
  });

  it('stores every attribute of the mapping and reads it back', async () => {
    const body = newUserBody('full.mapping@example.com', {
      externalId: 'crm-1',
      name: { givenName: 'Zoë', familyName: "O'Neill" },
      phoneNumbers: [{ value: '+33612345678', type: 'mobile' }],
      preferredLanguage: 'fr-FR',
      active: false,
      addresses: [
        {
          type: 'home',
          streetAddress: '1 Rue de Rivoli',
          postalCode: '75001',
          locality: 'Paris',
          country: 'fr',
        },
      ],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-9001' },
      [PORTATOUR_USER_SCHEMA]: {
        authorizationLevel: 'supervisor',
        hasOwnSchedule: false,
        userGroups: ['Paris', 'Key accounts', 'Paris'],
        note: 'Joined in November.',
      },
    });
    const created = await create(body);
    expect(created.status).toBe(201);
    const read = await t.scim<ScimUserJson>('GET', `/Users/${created.body.id}`);
    expect(read.body).toMatchObject({
      externalId: 'crm-1',
      name: { givenName: 'Zoë', familyName: "O'Neill" },
      emails: [{ value: 'full.mapping@example.com', type: 'work', primary: true }],
      phoneNumbers: [{ value: '+33612345678', type: 'mobile' }],
      preferredLanguage: 'fr',
      active: false,
      addresses: [
        {
          type: 'home',
          streetAddress: '1 Rue de Rivoli',
          postalCode: '75001',
          locality: 'Paris',
          country: 'FR',
        },
      ],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-9001' },
      [PORTATOUR_USER_SCHEMA]: {
        authorizationLevel: 'Supervisor',
        hasOwnSchedule: false,
        userGroups: ['Paris', 'Key accounts'],
        note: 'Joined in November.',
      },
    });
    expect(read.body.userName).toBe('zoe.o-neill@demo');
  });

  it.each([
    ['givenName is missing', { name: { familyName: 'X' } }, 'name.givenName'],
    ['familyName is missing', { name: { givenName: 'X' } }, 'name.familyName'],
    ['email is missing', { emails: [] }, 'emails'],
    ['email is invalid', { emails: [{ value: 'not-an-email' }] }, 'not a valid e-mail'],
    ['language is unknown', { preferredLanguage: 'ru' }, 'preferredLanguage'],
    [
      'authorization level is unknown',
      { [PORTATOUR_USER_SCHEMA]: { authorizationLevel: 'Boss' } },
      'authorizationLevel',
    ],
    ['country is not ISO 3166-1', { addresses: [{ type: 'home', country: 'Germany' }] }, 'country'],
    ['phone is not E.164', { phoneNumbers: [{ value: '0151 123', type: 'mobile' }] }, 'E.164'],
    ['active is not a boolean', { active: 'yes' }, 'active'],
    [
      'a group name is longer than 40',
      { [PORTATOUR_USER_SCHEMA]: { userGroups: ['x'.repeat(41)] } },
      'user group',
    ],
    [
      'there are 98 groups',
      { [PORTATOUR_USER_SCHEMA]: { userGroups: Array.from({ length: 98 }, (_, i) => `G${i}`) } },
      '97',
    ],
    ['the note is longer than 1000', { [PORTATOUR_USER_SCHEMA]: { note: 'n'.repeat(1001) } }, 'note'],
    [
      'the first name is longer than 100',
      { name: { givenName: 'a'.repeat(101), familyName: 'B' } },
      'givenName',
    ],
  ])('refuses with 400 invalidValue when %s', async (_case, overrides, detail) => {
    const response = await create(newUserBody('invalid.case@example.com', overrides));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(response.body.detail).toContain(detail);
    expect(t.tenant.store.getUserByEmail('demo', 'invalid.case@example.com')).toBeUndefined();
  });

  it('refuses a body without the core schema and a body that is not JSON with 400 invalidSyntax', async () => {
    const { schemas: _schemas, ...withoutSchemas } = newUserBody('no.schemas@example.com');
    expect((await create(withoutSchemas)).body.scimType).toBe('invalidSyntax');
    const response = await t.request<ScimErrorJson>('POST', '/t/demo/scim/v2/Users', {
      headers: { 'Content-Type': 'application/scim+json' },
      body: undefined,
    });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
  });

  it('refuses a second account with the same e-mail, in any case, with 409 uniqueness', async () => {
    const response = await create(newUserBody('  ANNA.Schmidt@Example.com '));
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(response.body.detail).toContain('e-mail');
  });

  it('refuses a used employee number with 409 uniqueness, and allows many without one', async () => {
    const response = await create(
      newUserBody('new.person@example.com', { [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'E-1001' } }),
    );
    expect(response.status).toBe(409);
    expect(response.body.detail).toContain('employee number');
    for (const email of ['no.number.1@example.com', 'no.number.2@example.com']) {
      const ok = await create(
        newUserBody(email, {
          [ENTERPRISE_USER_SCHEMA]: { employeeNumber: '' },
          [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false },
        }),
      );
      expect(ok.status).toBe(201);
    }
  });

  it('refuses user groups in a company with fewer than 10 licenses', async () => {
    const response = await t.scim<ScimErrorJson>('POST', '/Users', {
      tenant: 'solo',
      token: 'solo-admin-token',
      body: newUserBody('solo.groups@example.com', {
        [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false, userGroups: ['A'] },
      }),
    });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('10 licenses');
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces the writable attributes, clears omitted optional ones and keeps userName', async () => {
    const anna = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com');
    if (anna === undefined) throw new Error('seed changed');
    const response = await t.scim<ScimUserJson>('PUT', `/Users/${anna.id}`, {
      body: newUserBody('anna.schmidt@example.com', {
        name: { givenName: 'Anna', familyName: 'Schmidt-Berg' },
        userName: 'ignored',
      }),
    });
    expect(response.status).toBe(200);
    expect(response.body.userName).toBe('anna.schmidt@demo');
    expect(response.body.name.familyName).toBe('Schmidt-Berg');
    expect(response.body.phoneNumbers).toBeUndefined();
    expect(response.body.addresses).toBeUndefined();
    expect(response.body[ENTERPRISE_USER_SCHEMA]).toEqual({});
    expect(response.body[PORTATOUR_USER_SCHEMA]).toMatchObject({
      authorizationLevel: 'Administrator',
      hasOwnSchedule: true,
      userGroups: [],
    });
    expect(response.body.meta.version).toBe('W/"2"');
    expect(t.tenant.store.getUser('demo', anna.id)?.mobilePhone).toBeNull();
  });

  it('answers 404 for an unknown id and 409 when the new e-mail belongs to someone else', async () => {
    expect(
      (await t.scim('PUT', '/Users/u0000000000000000', { body: newUserBody('x@example.com') })).status,
    ).toBe(404);
    const lukas = t.tenant.store.getUserByEmail('demo', 'lukas.mueller@example.com');
    const response = await t.scim<ScimErrorJson>('PUT', `/Users/${lukas?.id ?? ''}`, {
      body: newUserBody('sophie.becker@example.com'),
    });
    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
  });

  it('counts a write that changes nothing but keeps version and lastModified', async () => {
    const sophie = t.tenant.store.getUserByEmail('demo', 'sophie.becker@example.com');
    if (sophie === undefined) throw new Error('seed changed');
    const before = await t.scim<ScimUserJson>('GET', `/Users/${sophie.id}`);
    const writes = t.tenant.store.countWrites('demo');
    const { id: _id, meta: _meta, userName: _userName, ...writable } = before.body;
    const response = await t.scim<ScimUserJson>('PUT', `/Users/${sophie.id}`, { body: writable });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(before.body);
    expect(t.tenant.store.countWrites('demo')).toBe(writes + 1);
  });
});

describe('DELETE /Users/{id}', () => {
  it('refuses with 405 and says that portatour never deletes through this API', async () => {
    const lukas = t.tenant.store.getUserByEmail('demo', 'lukas.mueller@example.com');
    const response = await t.scim<ScimErrorJson>('DELETE', `/Users/${lukas?.id ?? ''}`);
    expect(response.status).toBe(405);
    expect(response.body.detail).toContain('never deletes');
    expect(t.tenant.store.getUser('demo', lukas?.id ?? '')).toBeDefined();
  });
});
