import { describe, expect, it } from 'vitest';
import {
  newUserBody,
  patchBody,
  useTestTenant,
  type ScimErrorJson,
  type ScimUserJson,
} from './tenant-test-client.ts';
import { BULK_REQUEST_MESSAGE, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

const t = useTestTenant();

const hasOwnSchedule = `${PORTATOUR_USER_SCHEMA}:hasOwnSchedule`;

describe('license guard (test/stand-in-tenant/README.md, docs/import-semantics.md)', () => {
  it('counts accounts with own schedule, deactivated ones included', () => {
    expect(t.tenant.store.getTenant('demo')?.licensedUsers).toBe(10);
    expect(t.tenant.store.getTenant('solo')).toMatchObject({ licenses: 1, licensedUsers: 1 });
  });

  it('refuses a create with own schedule beyond the licenses with 400 "license limit exceeded"', async () => {
    const response = await t.scim<ScimErrorJson>('POST', '/Users', {
      tenant: 'solo',
      token: 'solo-admin-token',
      body: newUserBody('second.field.user@example.com'),
    });
    expect(response.status).toBe(400);
    expect(response.body.detail).toBe('license limit exceeded');
    expect(t.tenant.store.getUserByEmail('solo', 'second.field.user@example.com')).toBeUndefined();
  });

  it('allows office staff without own schedule beyond the licenses', async () => {
    const response = await t.scim('POST', '/Users', {
      tenant: 'solo',
      token: 'solo-admin-token',
      body: newUserBody('office@example.com', { [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false } }),
    });
    expect(response.status).toBe(201);
  });

  it('refuses No→Yes of own schedule beyond the licenses, also in /Bulk, and allows it within', async () => {
    const office = t.tenant.store.getUserByEmail('solo', 'office@example.com');
    const single = await t.scim<ScimErrorJson>('PATCH', `/Users/${office?.id ?? ''}`, {
      tenant: 'solo',
      token: 'solo-admin-token',
      body: patchBody({ op: 'replace', path: hasOwnSchedule, value: true }),
    });
    expect(single.status).toBe(400);
    expect(single.body.detail).toBe('license limit exceeded');

    const bulk = await t.scim<{ Operations: { status: string; response?: ScimErrorJson }[] }>(
      'POST',
      '/Bulk',
      {
        tenant: 'solo',
        token: 'solo-admin-token',
        body: {
          schemas: [BULK_REQUEST_MESSAGE],
          Operations: [
            {
              method: 'PATCH',
              path: `/Users/${office?.id ?? ''}`,
              data: patchBody({ op: 'replace', path: hasOwnSchedule, value: true }),
            },
          ],
        },
      },
    );
    expect(bulk.body.Operations[0]).toMatchObject({
      status: '400',
      response: { detail: 'license limit exceeded' },
    });

    t.tenant.store.setLicenses('solo', 2);
    const allowed = await t.scim('PATCH', `/Users/${office?.id ?? ''}`, {
      tenant: 'solo',
      token: 'solo-admin-token',
      body: patchBody({ op: 'replace', path: hasOwnSchedule, value: true }),
    });
    expect(allowed.status).toBe(200);
    expect(t.tenant.store.getTenant('solo')?.licensedUsers).toBe(2);
  });

  it('lets a deactivated field user be reactivated without a free license (it still holds one)', async () => {
    const eva = t.tenant.store.getUserByEmail('demo', 'eva.novakova@example.com');
    t.tenant.store.setLicenses('demo', 10);
    const response = await t.scim<ScimUserJson>('PATCH', `/Users/${eva?.id ?? ''}`, {
      body: patchBody({ op: 'replace', path: 'active', value: true }),
    });
    expect(response.status).toBe(200);
    expect(response.body.active).toBe(true);
    t.tenant.store.setLicenses('demo', 25);
  });
});

describe('schedule data (docs/api-guide.md#fields "Yes→No deletes")', () => {
  it("deletes the user's customers, appointments and reports when own schedule goes Yes→No", async () => {
    const lukas = t.tenant.store.getUserByEmail('demo', 'lukas.mueller@example.com');
    if (lukas === undefined) throw new Error('seed changed');
    const before = t.tenant.store.scheduleData('demo', lukas.id);
    expect(before?.customers).toBeGreaterThan(0);
    expect(before?.appointments).toBeGreaterThan(0);
    const response = await t.scim<ScimUserJson>('PATCH', `/Users/${lukas.id}`, {
      body: patchBody({ op: 'replace', path: hasOwnSchedule, value: false }),
    });
    expect(response.body[PORTATOUR_USER_SCHEMA].hasOwnSchedule).toBe(false);
    expect(t.tenant.store.scheduleData('demo', lukas.id)).toEqual({
      customers: 0,
      appointments: 0,
      reports: 0,
    });
    expect(t.tenant.store.getTenant('demo')?.licensedUsers).toBe(9);
  });

  it('keeps schedule data on every other change', async () => {
    const anna = t.tenant.store.getUserByEmail('demo', 'anna.schmidt@example.com');
    if (anna === undefined) throw new Error('seed changed');
    const before = t.tenant.store.scheduleData('demo', anna.id);
    await t.scim('PATCH', `/Users/${anna.id}`, {
      body: patchBody(
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'name.familyName', value: 'S.' },
      ),
    });
    expect(t.tenant.store.scheduleData('demo', anna.id)).toEqual(before);
  });

  it('keeps schedule data when the Yes→No change is refused', async () => {
    const juergen = t.tenant.store.getUserByEmail('demo', 'juergen.weiss@example.com');
    if (juergen === undefined) throw new Error('seed changed');
    const before = t.tenant.store.scheduleData('demo', juergen.id);
    const response = await t.scim('PATCH', `/Users/${juergen.id}`, {
      body: patchBody(
        { op: 'replace', path: hasOwnSchedule, value: false },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'anna.schmidt@example.com' },
      ),
    });
    expect(response.status).toBe(409);
    expect(t.tenant.store.scheduleData('demo', juergen.id)).toEqual(before);
  });
});
