import { describe, expect, it } from 'vitest';
import { newUserBody, useTestTenant, type ScimErrorJson, type ScimUserJson } from './tenant-test-client.ts';
import { PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

const t = useTestTenant();

const page = async (query = '', tenant = 'demo') =>
  (await t.request<string>('GET', `/t/${tenant}/users${query}`, { token: null })).body;

describe('POST /t/{tenant}/users/{id}/access-link (test/stand-in-tenant/README.md)', () => {
  it('records the notification, sends nothing and answers {sent, accessLinkSentAt}', async () => {
    const jan = t.tenant.store.getUserByEmail('demo', 'jan.devries@example.com');
    expect(jan?.accessLinkSentAt).toBeNull();
    const response = await t.request<{ sent: boolean; accessLinkSentAt: string }>(
      'POST',
      `/t/demo/users/${jan?.id ?? ''}/access-link`,
    );
    expect(response.status).toBe(200);
    expect(response.body.sent).toBe(true);
    expect(Date.now() - Date.parse(response.body.accessLinkSentAt)).toBeLessThan(60_000);
    expect(t.tenant.store.getUser('demo', jan?.id ?? '')?.accessLinkSentAt).toBe(
      response.body.accessLinkSentAt,
    );
    const scim = await t.scim<ScimUserJson>('GET', `/Users/${jan?.id ?? ''}`);
    expect(scim.body[PORTATOUR_USER_SCHEMA].accessLinkSentAt).toBe(response.body.accessLinkSentAt);
  });

  it('answers 404 for an unknown user and does not count as a write', async () => {
    const writes = t.tenant.store.countWrites('demo');
    const response = await t.request<ScimErrorJson>('POST', '/t/demo/users/u0000000000000000/access-link');
    expect(response.status).toBe(404);
    expect(t.tenant.store.countWrites('demo')).toBe(writes);
  });
});

describe('GET /t/{tenant}/users, the user management page (test/stand-in-tenant/README.md, docs/administrators.md#the-import-wizard)', () => {
  it('has the title, landmarks, the table inside #user-management and the admin token', async () => {
    const html = await page();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>User management – Demo GmbH</title>');
    expect(html).toContain('<meta name="portatour-api-token" content="demo-admin-token">');
    expect(html).toMatch(/<main>\s*<h1>Users<\/h1>/);
    expect(html).toMatch(/<section id="user-management"[^>]*>\s*<table id="user-list">/);
    for (const header of [
      'Name',
      'Email',
      'User name',
      'Employee number',
      'Authorization level',
      'Active',
      'Own schedule',
      'Access link sent',
      'Last login',
    ]) {
      expect(html).toContain(`<th scope="col">${header}</th>`);
    }
    expect(html.match(/<button type="button" class="send-access-link"/g)).toHaveLength(12);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"' ]+\.(js|css)/);
  });

  it('lists the users sorted by last name', async () => {
    const html = await page();
    const lastNames = [...html.matchAll(/<div class="name">.*?<strong>(.*?)<\/strong>/g)].map(
      (match) => match[1],
    );
    expect(lastNames).toHaveLength(12);
    expect(lastNames[0]).toBe('Becker');
    expect(lastNames.at(-1)).toBe('Yılmaz');
    expect(lastNames.indexOf('Müller')).toBeLessThan(lastNames.indexOf('Nowak'));
  });

  it('escapes names that contain markup', async () => {
    const created = await t.scim('POST', '/Users', {
      body: newUserBody('markup@example.com', {
        name: { givenName: '<img src=x onerror=alert(1)>', familyName: 'Evil"&<script>' },
        [PORTATOUR_USER_SCHEMA]: { hasOwnSchedule: false },
      }),
    });
    expect(created.status).toBe(201);
    const html = await page();
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('Evil"&<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Evil&quot;&amp;&lt;script&gt;');
  });

  it('renders German labels with ?lang=de', async () => {
    const html = await page('?lang=de');
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<title>Benutzerverwaltung – Demo GmbH</title>');
    expect(html).toContain('<th scope="col">Personalnummer</th>');
    expect(html).toContain('>Zugangslink senden</button>');
  });

  it("signs in demo's member with ?as=user, and the admin on other tenants", async () => {
    expect(await page('?as=user')).toContain('content="demo-user-token"');
    expect(await page('?as=user', 'sfdc')).toContain('content="sfdc-admin-token"');
    expect(await page('', 'solo')).toContain('content="solo-admin-token"');
  });

  it('answers 404 for an unknown tenant', async () => {
    expect((await t.request('GET', '/t/nowhere/users', { token: null })).status).toBe(404);
  });

  it('links the four tenants from the index page', async () => {
    const html = (await t.request<string>('GET', '/', { token: null })).body;
    for (const tenant of ['demo', 'solo', 'sfdc', 'dyn']) expect(html).toContain(`href="/t/${tenant}/users"`);
  });
});
