// Feature: the "User import and export" group below the user list (docs/administrators.md#the-import-wizard):
// Import, Export and Import settings for a tenant that may import; one line for a tenant
// whose users come from Salesforce/Dynamics or that has fewer than 2 licenses; one line with the options page
// and Retry when the proxy cannot be reached.
import browser from 'webextension-polyfill';
import { DIALOG_MESSAGE_SOURCE, type DialogView } from '../common/dialog-link.ts';
import {
  OPEN_OPTIONS,
  type DialogTicketRequest,
  type DialogTicketResponse,
  type TenantLookupRequest,
  type TenantLookupResponse,
} from '../common/runtime-messages.ts';
import { languageFromTag, type Language } from '../common/message-format.ts';
import { chooseInjection, type Injection } from '../content/choose-injection.ts';
import { createContentTranslator, type ContentTranslate } from '../content/content-strings.ts';
import { elementReady } from '../content/element-ready.ts';
import { register } from '../content/feature-registry.ts';
import {
  anyOf,
  hostSelectors,
  isUserManagementPage,
  readPageToken,
  refreshUserList,
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

async function lookupTenant(tenantId: string, pageToken: string | null): Promise<TenantLookupResponse> {
  const request: TenantLookupRequest = { type: 'portatour:lookup-tenant', tenantId, pageToken };
  return (await browser.runtime.sendMessage(request)) as TenantLookupResponse;
}

/**
 * The origin of the dialog page's document. Chrome serves a `use_dynamic_url` resource under a
 * per-session host (what runtime.getURL returns), but the document it loads has the extension's own
 * origin, `chrome-extension://{id}`. In Firefox the runtime.getURL host is the document's origin (its
 * runtime.id is the add-on id, not a host).
 */
function dialogOrigin(src: string): string {
  const origin = /^[a-z-]+:\/\/[^/]+/i.exec(src)?.[0] ?? src;
  return origin.startsWith('chrome-extension:') ? `chrome-extension://${browser.runtime.id}` : origin;
}

/** The background's one-time ticket that lets the dialog trust what we hand it (common/dialog-link.ts). */
async function dialogTicket(view: DialogView): Promise<string | null> {
  const request: DialogTicketRequest = { type: 'portatour:dialog-ticket', view };
  const answer = (await browser.runtime.sendMessage(request)) as DialogTicketResponse | undefined;
  return answer?.ok ? answer.ticket : null;
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

function renderGroup(shadow: ShadowRoot, t: ContentTranslate): HTMLElement {
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
  t: ContentTranslate,
  openDialog: (view: DialogView, opener: HTMLElement) => Promise<void>,
  retry: () => void,
): void {
  if (injection.kind === 'nothing') return;
  const group = renderGroup(shadow, t);
  if (injection.kind === 'notice') {
    group.classList.add('has-notice');
    const notice = document.createElement('p');
    notice.className = 'notice';
    notice.textContent = injection.text;
    group.append(notice);
    if (injection.retry) {
      // The proxy address is set in the options; Retry asks again once it runs or is fixed.
      const options = document.createElement('a');
      options.href = '#';
      options.textContent = t('openOptions');
      options.addEventListener('click', (event) => {
        event.preventDefault();
        void browser.runtime.sendMessage({ type: OPEN_OPTIONS });
      });
      group.append(options);
      addButton(group, t('retry'), retry);
    }
    return;
  }
  addButton(group, t('importButton'), (button) => void openDialog('import', button));
  addButton(group, t('exportButton'), (button) => void openDialog('export', button));
  addButton(group, t('importSettingsButton'), (button) => void openDialog('import-settings', button));
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
  const t = createContentTranslator(language);
  const injection = chooseInjection(response, t);
  document.documentElement.setAttribute(DECISION_ATTRIBUTE, injection.kind);
  if (injection.kind === 'nothing') return;

  const { host, shadow } = createRoot();
  const openDialog = async (view: DialogView, opener: HTMLElement): Promise<void> => {
    const { titleKey, width } = dialogs[view];
    const ticket = await dialogTicket(view);
    if (!ticket) return;
    const src = browser.runtime.getURL(DIALOG_PAGE);
    openInPageDialog({
      label: t(titleKey),
      src,
      extensionOrigin: dialogOrigin(src),
      connect: {
        source: DIALOG_MESSAGE_SOURCE,
        type: 'connect',
        ticket,
        context: { view, tenantId, language, pageToken },
      },
      width,
      container: shadow,
      returnFocusTo: opener,
      onClosed: (usersChanged) => {
        if (usersChanged)
          void refreshUserList(document, (...args) => fetch(...args)).then((ok) => ok || location.reload());
      },
    });
  };
  const retry = (): void => {
    host.remove();
    document.documentElement.removeAttribute(DECISION_ATTRIBUTE);
    void init(signal);
  };
  render(injection, shadow, t, openDialog, retry);
  userList.after(host);
}

register({ id: 'import-export-buttons', include: [isUserManagementPage], init });
