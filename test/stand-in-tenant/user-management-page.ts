import type { StoredUser, Tenant } from './tenant-store.ts';
import type { AuthorizationLevel } from './user-fields.ts';

/**
 * The HTML user management page `/t/{tenant}/users` (test/stand-in-tenant/README.md, docs/administrators.md#the-import-wizard): the page the extension injects
 * its "User import and export" group into, below `<table id="user-list">` inside
 * `<section id="user-management">`. Plain server-rendered HTML with inline CSS and script, no
 * external assets. Every user-provided text is escaped: names may contain markup.
 */

export type PageLanguage = 'en' | 'de';

export interface UserManagementPageInput {
  tenant: Tenant;
  /** Already sorted and limited by the caller. */
  users: readonly StoredUser[];
  totalUsers: number;
  /** The API token the signed-in person's browser holds; exposed to the extension in a meta tag. */
  apiToken: string;
  signedInAsAdministrator: boolean;
  language: PageLanguage;
  /** The query string to keep when switching language, e.g. `as=user`. */
  keptQuery: string;
}

const LABELS = {
  en: {
    title: 'User management',
    users: 'Users',
    name: 'Name',
    email: 'Email',
    userName: 'User name',
    employeeNumber: 'Employee number',
    authorizationLevel: 'Authorization level',
    active: 'Active',
    ownSchedule: 'Own schedule',
    accessLinkSent: 'Access link sent',
    lastLogin: 'Last login',
    actions: 'Actions',
    sendAccessLink: 'Send access link',
    yes: 'Yes',
    no: 'No',
    never: 'Never',
    deactivated: 'Deactivated',
    noUsers: 'No users yet.',
    summary: (users: number, used: number, total: number) =>
      `${users} ${users === 1 ? 'user' : 'users'} · ${used} of ${total} licenses in use`,
    truncated: (shown: number, total: number) => `Showing the first ${shown} of ${total} users by last name.`,
    signedInAs: (administrator: boolean) =>
      `Signed in as ${administrator ? 'administrator' : 'user (no admin rights)'}`,
    sent: (name: string) => `Access link sent to ${name}.`,
    failed: (reason: string) => `The access link could not be sent: ${reason}`,
    levels: { User: 'User', Supervisor: 'Supervisor', Administrator: 'Administrator' },
    otherLanguage: 'Deutsch',
  },
  de: {
    title: 'Benutzerverwaltung',
    users: 'Benutzer',
    name: 'Name',
    email: 'E-Mail',
    userName: 'Benutzername',
    employeeNumber: 'Personalnummer',
    authorizationLevel: 'Berechtigungsstufe',
    active: 'Aktiv',
    ownSchedule: 'Eigene Terminplanung',
    accessLinkSent: 'Zugangslink gesendet',
    lastLogin: 'Letzte Anmeldung',
    actions: 'Aktionen',
    sendAccessLink: 'Zugangslink senden',
    yes: 'Ja',
    no: 'Nein',
    never: 'Nie',
    deactivated: 'Deaktiviert',
    noUsers: 'Noch keine Benutzer.',
    summary: (users: number, used: number, total: number) =>
      `${users} Benutzer · ${used} von ${total} Lizenzen belegt`,
    truncated: (shown: number, total: number) => `Die ersten ${shown} von ${total} Benutzern nach Nachname.`,
    signedInAs: (administrator: boolean) =>
      `Angemeldet als ${administrator ? 'Administrator' : 'Benutzer (ohne Administratorrechte)'}`,
    sent: (name: string) => `Zugangslink an ${name} gesendet.`,
    failed: (reason: string) => `Der Zugangslink konnte nicht gesendet werden: ${reason}`,
    levels: { User: 'Benutzer', Supervisor: 'Vorgesetzter', Administrator: 'Administrator' },
    otherLanguage: 'English',
  },
} satisfies Record<PageLanguage, unknown>;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** JSON inside <script>: `<` escaped so that no value can close the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The same formats in the page and in its script (Europe/Berlin, where portatour's customers are):
 * the date in the cell, date and time in its tooltip, so that the table fits a laptop screen.
 */
const DATE_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: 'Europe/Berlin' };
const DATE_TIME_FORMAT: Intl.DateTimeFormatOptions = {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Berlin',
};

function dateCell(iso: string | null, language: PageLanguage): string {
  if (iso === null) return `<span class="muted">${LABELS[language].never}</span>`;
  const date = new Date(iso);
  const text = new Intl.DateTimeFormat(language, DATE_FORMAT).format(date);
  const title = new Intl.DateTimeFormat(language, DATE_TIME_FORMAT).format(date);
  return `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(title)}">${escapeHtml(text)}</time>`;
}

function badge(yes: boolean, language: PageLanguage, kinds: [string, string]): string {
  const labels = LABELS[language];
  return `<span class="badge ${yes ? kinds[0] : kinds[1]}">${yes ? labels.yes : labels.no}</span>`;
}

function userRow(user: StoredUser, language: PageLanguage): string {
  const labels = LABELS[language];
  const fullName = `${user.givenName} ${user.familyName}`;
  const level = labels.levels[user.authorizationLevel satisfies AuthorizationLevel];
  return `<tr data-user-id="${escapeHtml(user.id)}"${user.active ? '' : ' class="inactive"'}>
  <td><div class="name"><span class="avatar" aria-hidden="true">${escapeHtml(
    (user.givenName.slice(0, 1) + user.familyName.slice(0, 1)).toUpperCase(),
  )}</span><span><strong>${escapeHtml(user.familyName)}</strong>, ${escapeHtml(user.givenName)}${
    user.active ? '' : ` <span class="tag">${labels.deactivated}</span>`
  }</span></div></td>
  <td><a href="mailto:${escapeHtml(user.email)}">${escapeHtml(user.email)}</a></td>
  <td class="mono">${escapeHtml(user.userName)}</td>
  <td class="mono">${escapeHtml(user.employeeNumber ?? '')}</td>
  <td>${escapeHtml(level)}</td>
  <td>${badge(user.active, language, ['ok', 'off'])}</td>
  <td>${badge(user.hasOwnSchedule, language, ['info', 'off'])}</td>
  <td class="access-link-sent date">${dateCell(user.accessLinkSentAt, language)}</td>
  <td class="date">${dateCell(user.lastLoginAt, language)}</td>
  <td><button type="button" class="send-access-link" data-user-id="${escapeHtml(user.id)}" data-user-name="${escapeHtml(
    fullName,
  )}">${labels.sendAccessLink}</button></td>
</tr>`;
}

const STYLE = `
:root { --brand: #0b5cab; --brand-dark: #083f77; --ink: #1d2733; --muted: #667085; --line: #e4e7ec; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
.app-bar { display: flex; align-items: center; gap: 24px; padding: 0 24px; height: 56px; background: var(--brand); color: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
.brand { font-weight: 700; font-size: 17px; letter-spacing: .2px; }
.brand sup { font-size: 9px; }
.app-bar nav { display: flex; gap: 4px; }
.app-bar nav a { color: #dbe8f7; text-decoration: none; padding: 6px 10px; border-radius: 6px; }
.app-bar nav a[aria-current="page"] { background: rgba(255,255,255,.16); color: #fff; }
.app-bar .spacer { flex: 1; }
.app-bar .company { font-weight: 600; }
.app-bar .who, .app-bar .language { color: #dbe8f7; font-size: 13px; }
.app-bar .language { color: #fff; }
main { max-width: 1480px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 8px 0 4px; }
.summary { color: var(--muted); margin: 0 0 16px; }
#user-management { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 8px 0 16px; box-shadow: 0 1px 2px rgba(16,24,40,.05); overflow-x: auto; }
#user-list { width: 100%; border-collapse: collapse; font-size: 13.5px; }
#user-list th { text-align: left; font-size: 11.5px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .4px; padding: 10px 8px; border-bottom: 1px solid var(--line); vertical-align: bottom; }
#user-list td { padding: 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
#user-list td.date { white-space: nowrap; }
#user-list tbody tr:hover { background: #f9fbfd; }
#user-list tr.inactive td { color: var(--muted); }
#user-list a { color: var(--brand); text-decoration: none; }
.name { display: flex; align-items: center; gap: 10px; white-space: nowrap; }
.avatar { display: inline-grid; place-items: center; width: 30px; height: 30px; border-radius: 50%; background: #e0ecf9; color: var(--brand-dark); font-size: 12px; font-weight: 700; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; }
.badge.ok { background: #e3f5e9; color: #1f7a3d; }
.badge.info { background: #e0ecf9; color: var(--brand-dark); }
.badge.off { background: #f0f1f3; color: var(--muted); }
.tag { font-size: 11px; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; color: var(--muted); }
button.send-access-link { font: inherit; font-size: 13px; padding: 5px 9px; border: 1px solid var(--brand); color: var(--brand); background: #fff; border-radius: 6px; cursor: pointer; white-space: nowrap; }
button.send-access-link:hover { background: #eef5fc; }
button.send-access-link:disabled { opacity: .5; cursor: progress; }
.empty { padding: 24px 12px; color: var(--muted); }
#page-status { position: fixed; right: 24px; bottom: 24px; max-width: 420px; padding: 10px 14px; border-radius: 8px; background: var(--ink); color: #fff; box-shadow: 0 4px 12px rgba(0,0,0,.2); }
#page-status:empty { display: none; }
#page-status.error { background: #b42318; }
`;

/** Sends the access link with the page's token and updates the row (test/stand-in-tenant/README.md). */
const SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById('page-data').textContent);
  const token = document.querySelector('meta[name="portatour-api-token"]').content;
  const status = document.getElementById('page-status');
  const format = new Intl.DateTimeFormat(data.language, data.dateFormat);
  const formatWithTime = new Intl.DateTimeFormat(data.language, data.dateTimeFormat);
  const show = (text, isError) => {
    status.textContent = text;
    status.className = isError ? 'error' : '';
    clearTimeout(show.timer);
    show.timer = setTimeout(() => { status.textContent = ''; }, 6000);
  };
  document.getElementById('user-list').addEventListener('click', async (event) => {
    const button = event.target.closest('button.send-access-link');
    if (!button) return;
    button.disabled = true;
    try {
      const response = await fetch(data.accessLinkUrl.replace('{id}', encodeURIComponent(button.dataset.userId)), {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + token },
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || 'HTTP ' + response.status);
      const cell = button.closest('tr').querySelector('.access-link-sent');
      const time = document.createElement('time');
      time.dateTime = body.accessLinkSentAt;
      time.textContent = format.format(new Date(body.accessLinkSentAt));
      time.title = formatWithTime.format(new Date(body.accessLinkSentAt));
      cell.replaceChildren(time);
      show(data.messages.sent.replace('{name}', button.dataset.userName), false);
    } catch (error) {
      show(data.messages.failed.replace('{reason}', error.message), true);
    } finally {
      button.disabled = false;
    }
  });
})();
`;

export function renderUserManagementPage(input: UserManagementPageInput): string {
  const { tenant, users, language } = input;
  const labels = LABELS[language];
  const otherLanguage: PageLanguage = language === 'en' ? 'de' : 'en';
  const switchQuery = [input.keptQuery, `lang=${otherLanguage}`].filter((part) => part !== '').join('&');
  const pageData = {
    language,
    dateFormat: DATE_FORMAT,
    dateTimeFormat: DATE_TIME_FORMAT,
    accessLinkUrl: `/t/${encodeURIComponent(tenant.id)}/users/{id}/access-link`,
    messages: { sent: labels.sent('{name}'), failed: labels.failed('{reason}') },
  };
  const headers = [
    labels.name,
    labels.email,
    labels.userName,
    labels.employeeNumber,
    labels.authorizationLevel,
    labels.active,
    labels.ownSchedule,
    labels.accessLinkSent,
    labels.lastLogin,
  ];
  const body =
    users.length === 0
      ? `<tr><td colspan="${headers.length + 1}" class="empty">${labels.noUsers}</td></tr>`
      : users.map((user) => userRow(user, language)).join('\n');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta name="portatour-api-token" content="${escapeHtml(input.apiToken)}">
<meta name="portatour-tenant" content="${escapeHtml(tenant.id)}">
<title>${labels.title} – ${escapeHtml(tenant.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="app-bar">
  <span class="brand">portatour<sup>®</sup> Anywhere</span>
  <nav aria-label="portatour"><a href="#" aria-current="page">${labels.title}</a></nav>
  <span class="spacer"></span>
  <span class="company">${escapeHtml(tenant.name)}</span>
  <span class="who">${labels.signedInAs(input.signedInAsAdministrator)}</span>
  <a class="language" href="?${escapeHtml(switchQuery)}" lang="${otherLanguage}">${labels.otherLanguage}</a>
</header>
<main>
  <h1>${labels.users}</h1>
  <p class="summary">${escapeHtml(labels.summary(input.totalUsers, tenant.licensedUsers, tenant.licenses))}${
    users.length < input.totalUsers ? ` ${escapeHtml(labels.truncated(users.length, input.totalUsers))}` : ''
  }</p>
  <section id="user-management" aria-label="${labels.users}">
    <table id="user-list">
      <thead><tr>${headers.map((header) => `<th scope="col">${header}</th>`).join('')}<th scope="col"><span class="muted">${
        labels.actions
      }</span></th></tr></thead>
      <tbody>
${body}
      </tbody>
    </table>
  </section>
</main>
<div id="page-status" role="status" aria-live="polite"></div>
<script type="application/json" id="page-data">${scriptJson(pageData)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** `GET /`: links to each tenant's page, for people starting the stand-in by hand. */
export function renderIndexPage(tenants: readonly Tenant[]): string {
  const items = tenants
    .map((tenant) => {
      const href = `/t/${encodeURIComponent(tenant.id)}/users`;
      const member =
        tenant.userToken === null ? '' : ` · <a href="${href}?as=user">as a member (no admin)</a>`;
      const system =
        tenant.hostSystem === null ? '' : ` · synchronized from ${escapeHtml(tenant.hostSystem)}`;
      return `<li><a href="${href}">${escapeHtml(tenant.name)}</a> <span class="muted">(${escapeHtml(tenant.id)}, ${
        tenant.licenses
      } ${tenant.licenses === 1 ? 'license' : 'licenses'}${system})</span> · <a href="${href}?lang=de">Deutsch</a>${member}</li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>portatour stand-in tenant</title>
<style>body{font:15px/1.6 system-ui,sans-serif;max-width:760px;margin:40px auto;padding:0 16px;color:#1d2733}a{color:#0b5cab}.muted{color:#667085}</style></head>
<body>
<h1>portatour stand-in tenant</h1>
<p>User management pages of the seeded companies:</p>
<ul>
${items}
</ul>
<p class="muted">SCIM 2.0 base of a company: <code>/t/{tenant}/scim/v2</code>; tenant info: <code>/t/{tenant}/tenant</code>.</p>
</body>
</html>
`;
}
