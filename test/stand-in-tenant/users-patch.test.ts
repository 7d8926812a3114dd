import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  newUserBody,
  patchBody,
  startTestTenant,
  type ScimErrorJson,
  type ScimUserJson,
  type TestTenant,
} from './tenant-test-client.ts';
import { ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

let t: TestTenant;
let id: string;
let counter = 0;

beforeAll(async () => {
  t = await startTestTenant();
});
afterAll(() => t.tenant.close());

/** Each test patches its own fresh user with a phone, an address, groups and an employee number. */
beforeEach(async () => {
  counter++;
  const response = await t.scim<ScimUserJson>('POST', '/Users', {
    body: newUserBody(`patch.${counter}@example.com`, {
      phoneNumbers: [{ value: '+4915100000000', type: 'mobile' }],
      addresses: [{ type: 'home', locality: 'Bonn', country: 'DE' }],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: `P-${counter}` },
      [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false, userGroups: ['North'] },
    }),
  });
  expect(response.status).toBe(201);
  id = response.body.id;
});

const patch = (...operations: Parameters<typeof patchBody>) =>
  t.scim<ScimUserJson & ScimErrorJson>('PATCH', `/Users/${id}`, { body: patchBody(...operations) });

describe('PATCH /Users/{id} (RFC 7644 §3.5.2)', () => {
  it('replaces active with a path, also when op is written "Replace"', async () => {
    const response = await patch({ op: 'Replace', path: 'active', value: false });
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(false);
    expect(t.tenant.store.getUser('demo', id)?.active).toBe(false);
  });

  it('replaces name.givenName and leaves familyName', async () => {
    const response = await patch({ op: 'replace', path: 'name.givenName', value: 'Klara' });
    expect(response.body.name).toEqual({ givenName: 'Klara', familyName: 'Neumann' });
  });

  it('replaces emails[type eq "work"].value', async () => {
    const response = await patch({
      op: 'replace',
      path: 'emails[type eq "work"].value',
      value: 'Klara.N@example.com',
    });
    expect(response.status).toBe(200);
    expect(response.body.emails).toEqual([{ value: 'Klara.N@example.com', type: 'work', primary: true }]);
    expect(t.tenant.store.getUserByEmail('demo', 'klara.n@example.com')?.id).toBe(id);
  });

  it('refuses replace with a value filter that matches nothing with 400 noTarget', async () => {
    const response = await patch({
      op: 'replace',
      path: 'emails[type eq "home"].value',
      value: 'x@example.com',
    });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('noTarget');
  });

  it('adds a mobile phone through a value filter, and removes it', async () => {
    await patch({ op: 'remove', path: 'phoneNumbers' });
    expect(t.tenant.store.getUser('demo', id)?.mobilePhone).toBeNull();
    const added = await patch({
      op: 'add',
      path: 'phoneNumbers[type eq "mobile"].value',
      value: '+4917612345678',
    });
    expect(added.body.phoneNumbers).toEqual([{ value: '+4917612345678', type: 'mobile' }]);
    const removed = await patch({ op: 'remove', path: 'phoneNumbers[type eq "mobile"]' });
    expect(removed.body.phoneNumbers).toBeUndefined();
  });

  it('sets and removes extension attributes by URN-prefixed path', async () => {
    const response = await patch(
      { op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:employeeNumber`, value: 'P-NEW' },
      { op: 'replace', path: `${PORTATOUR_USER_SCHEMA}:authorizationLevel`, value: 'Supervisor' },
      { op: 'add', path: `${PORTATOUR_USER_SCHEMA}:note`, value: 'Moved to Bonn.' },
    );
    expect(response.status).toBe(200);
    expect(response.body[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: 'P-NEW' });
    expect(response.body[PORTATOUR_USER_SCHEMA]).toMatchObject({
      authorizationLevel: 'Supervisor',
      note: 'Moved to Bonn.',
    });
    const removed = await patch({ op: 'remove', path: `${ENTERPRISE_USER_SCHEMA}:employeeNumber` });
    expect(removed.body[ENTERPRISE_USER_SCHEMA]).toEqual({});
  });

  it('applies a value without path, with nested and URN-qualified keys', async () => {
    const response = await patch({
      op: 'replace',
      value: {
        active: false,
        name: { familyName: 'Neumann-Roth' },
        [PORTATOUR_USER_SCHEMA]: { userGroups: ['South', 'West'] },
        [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`]: 'P-X',
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      active: false,
      name: { givenName: 'Clara', familyName: 'Neumann-Roth' },
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 'P-X' },
    });
    expect(response.body[PORTATOUR_USER_SCHEMA].userGroups).toEqual(['South', 'West']);
  });

  it('adds to, and removes from, the user groups', async () => {
    const added = await patch({
      op: 'add',
      path: `${PORTATOUR_USER_SCHEMA}:userGroups`,
      value: ['South', 'North'],
    });
    expect(added.body[PORTATOUR_USER_SCHEMA].userGroups).toEqual(['North', 'South']);
    const removed = await patch({
      op: 'remove',
      path: `${PORTATOUR_USER_SCHEMA}:userGroups`,
      value: ['North'],
    });
    expect(removed.body[PORTATOUR_USER_SCHEMA].userGroups).toEqual(['South']);
    const filtered = await patch({
      op: 'remove',
      path: `${PORTATOUR_USER_SCHEMA}:userGroups[value eq "South"]`,
    });
    expect(filtered.body[PORTATOUR_USER_SCHEMA].userGroups).toEqual([]);
  });

  it('replaces a sub-attribute of the home address and removes the whole address', async () => {
    const changed = await patch({ op: 'replace', path: 'addresses[type eq "home"].locality', value: 'Köln' });
    expect(changed.body.addresses).toEqual([{ type: 'home', locality: 'Köln', country: 'DE' }]);
    const removed = await patch({ op: 'remove', path: 'addresses' });
    expect(removed.body.addresses).toBeUndefined();
  });

  it('treats attribute names case-insensitively', async () => {
    const response = await patch({ op: 'replace', path: 'NAME.FAMILYNAME', value: 'Lower' });
    expect(response.body.name.familyName).toBe('Lower');
  });

  it('applies all operations or none: a failing operation leaves the user unchanged', async () => {
    const before = t.tenant.store.getUser('demo', id);
    const response = await patch(
      { op: 'replace', path: 'name.givenName', value: 'Changed' },
      { op: 'replace', path: 'preferredLanguage', value: 'xx' },
    );
    expect(response.status).toBe(400);
    expect(t.tenant.store.getUser('demo', id)).toEqual(before);
  });

  it.each([
    ['a read-only attribute', { op: 'replace', path: 'userName', value: 'x' }, 'mutability'],
    [
      'a read-only extension attribute',
      { op: 'replace', path: `${PORTATOUR_USER_SCHEMA}:accessLinkSentAt`, value: null },
      'mutability',
    ],
    ['an unknown attribute', { op: 'replace', path: 'nickName', value: 'x' }, 'invalidPath'],
    ['an unknown sub-attribute', { op: 'replace', path: 'name.middleName', value: 'x' }, 'invalidPath'],
    ['remove without path', { op: 'remove' }, 'noTarget'],
    ['removing a required attribute', { op: 'remove', path: 'name.givenName' }, 'invalidValue'],
    ['removing the e-mail', { op: 'remove', path: 'emails[type eq "work"]' }, 'invalidValue'],
    ['an unknown op', { op: 'move', path: 'active', value: true }, 'invalidSyntax'],
    [
      'a filter on a single-valued attribute',
      { op: 'replace', path: 'name[givenName eq "x"].familyName', value: 'y' },
      'invalidPath',
    ],
    ['a wrongly typed value', { op: 'replace', path: 'active', value: 'false' }, 'invalidValue'],
  ])('refuses %s with 400 %s', async (_case, operation, scimType) => {
    const response = await patch(operation);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe(scimType);
  });

  it('refuses a message without the PatchOp schema with 400 invalidSyntax', async () => {
    const response = await t.scim<ScimErrorJson>('PATCH', `/Users/${id}`, {
      body: { Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidSyntax');
  });

  it('refuses an e-mail that belongs to another user with 409 uniqueness', async () => {
    const response = await patch({
      op: 'replace',
      path: 'emails[type eq "work"].value',
      value: 'anna.schmidt@example.com',
    });
    expect(response.status).toBe(409);
    expect(response.body.scimType).toBe('uniqueness');
  });

  it('answers 404 for an unknown user', async () => {
    const response = await t.scim('PATCH', '/Users/u0000000000000000', {
      body: patchBody({ op: 'replace', path: 'active', value: false }),
    });
    expect(response.status).toBe(404);
  });
});
