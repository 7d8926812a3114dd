// Feature: the "User import and export" group below the user list (docs/administrators.md#the-import-wizard, issue "walking
// skeleton"): Import, Export and Import settings for a tenant that may import; one line for a tenant
// whose users come from Salesforce/Dynamics; nothing for a tenant with fewer than 2 licenses.
import browser from 'webextension-polyfill';
import { dialogFragment, type DialogView } from '../common/dialog-link.ts';
import type { TenantLookupRequest, TenantLookupResponse } from '../common/runtime-messages.ts';
import { createTranslator, languageFromTag, type Language, type Translate } from '../common/translate.ts';
import { chooseInjection, type Injection } from '../content/choose-injection.ts';
import { elementReady } from '../content/element-ready.ts';
import { register } from '../content/feature-registry.ts';
import {
  anyOf,
  hostSelectors,
  isUserManagementPage,
  readPageToken,
  reloadUserList,
  tenantIdFromUrl,
} from '../content/host-page.ts';
import { openInPageDialog } from '../content/in-page-dialog.ts';
import { injectedStyles } from '../content/injected-styles.ts';

// Our own elements (the host page's selectors live in content/host-page.ts).
export const ROOT_ID = 'portatour-user-import-export';
/**
 * Set on <html> once the feature has decided what to show (buttons, notice or nothing), so support
 * staff and the end-to-end tests can tell "nothing on purpose" from "not run yet".
 */
export const DECISION_ATTRIBUTE = 'data-portatour-user-admin';
const DIALOG_PAGE = 'src/dialog/dialog.html';

const dialogs: Record<
  DialogView,
  { titleKey: 'importDialogTitle' | 'exportDialogTitle' | 'importSettingsDialogTitle'; width: number }
> = {
  import: { titleKey: 'importDialogTitle', width: 760 },
  export: { titleKey: 'exportDialogTitle', width: 540 },
  'import-settings': { titleKey: 'importSettingsDialogTitle', width: 500 },
};

function pageLanguage(): Language {
  return languageFromTag(document.documentElement.lang || browser.i18n.getUILanguage());
}

/** `chrome-extension://id` / `moz-extension://uuid`: the origin of our dialog pages. */
function extensionOrigin(): string {
  return browser.runtime.getURL('').replace(/\/$/, '');
}

async function lookupTenant(tenantId: string, pageToken: string | null): Promise<TenantLookupResponse> {
  const request: TenantLookupRequest = { type: 'portatour:lookup-tenant', tenantId, pageToken };
  return (await browser.runtime.sendMessage(request)) as TenantLookupResponse;
}

function createRoot(): { host: HTMLElement; shadow: ShadowRoot } {
  const host = document.createElement('div');
  host.id = ROOT_ID;
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = injectedStyles;
  shadow.append(style);
  return { host, shadow };
}

function renderGroup(shadow: ShadowRoot, t: Translate): HTMLElement {
  const group = document.createElement('div');
  group.className = 'bar';
  group.setAttribute('role', 'group');
  const title = document.createElement('span');
  title.className = 'bar-title';
  title.id = 'bar-title';
  title.textContent = t('groupLabel');
  group.setAttribute('aria-labelledby', title.id);
  group.append(title);
  shadow.append(group);
  return group;
}

function addButton(group: HTMLElement, label: string, onClick: (button: HTMLButtonElement) => void): void {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', () => onClick(button));
  group.append(button);
}

function render(
  injection: Injection,
  shadow: ShadowRoot,
  t: Translate,
  openDialog: (view: DialogView, opener: HTMLElement) => void,
): void {
  if (injection.kind === 'nothing') return;
  const group = renderGroup(shadow, t);
  if (injection.kind === 'notice') {
    group.classList.add('has-notice');
    const notice = document.createElement('p');
    notice.className = 'notice';
    notice.textContent = injection.text;
    group.append(notice);
    return;
  }
  addButton(group, t('importButton'), (button) => openDialog('import', button));
  addButton(group, t('exportButton'), (button) => openDialog('export', button));
  addButton(group, t('importSettingsButton'), (button) => openDialog('import-settings', button));
}

async function init(signal: AbortSignal): Promise<void> {
  if (document.getElementById(ROOT_ID)) return;
  const tenantId = tenantIdFromUrl(new URL(location.href));
  if (!tenantId) return;

  const pageToken = readPageToken(document);
  const [userList, response] = await Promise.all([
    elementReady(anyOf(hostSelectors.userList), signal),
    lookupTenant(tenantId, pageToken),
  ]);
  // Checked again after the awaits: another run may have injected meanwhile.
  if (!userList || signal.aborted || document.getElementById(ROOT_ID)) return;

  const language = pageLanguage();
  const t = createTranslator(language);
  const injection = chooseInjection(response, t);
  document.documentElement.setAttribute(DECISION_ATTRIBUTE, injection.kind);
  if (injection.kind === 'nothing') return;

  const { host, shadow } = createRoot();
  const openDialog = (view: DialogView, opener: HTMLElement): void => {
    const { titleKey, width } = dialogs[view];
    const fragment = dialogFragment({ view, tenantId, language, pageToken, parentOrigin: location.origin });
    openInPageDialog({
      label: t(titleKey),
      src: browser.runtime.getURL(DIALOG_PAGE) + fragment,
      extensionOrigin: extensionOrigin(),
      width,
      container: shadow,
      returnFocusTo: opener,
      onClosed: (usersChanged) => {
        if (usersChanged) reloadUserList(location);
      },
    });
  };
  render(injection, shadow, t, openDialog);
  userList.after(host);
}

register({ id: 'import-export-buttons', include: [isUserManagementPage], init });
