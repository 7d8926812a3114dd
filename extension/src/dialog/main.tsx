// Dialog page entry (an extension page shown in the host page's modal, see content/main.ts): waits
// for the content script to hand it its context (common/dialog-link.ts), reads the options from
// storage, then renders the requested view. Framed by anything else, it says so and does nothing.
import { render } from 'preact';
import browser from 'webextension-polyfill';
import type { DialogTicketRedeemed } from '../common/runtime-messages.ts';
import { chooseToken, readSettings } from '../common/settings.ts';
import { createTranslator, languageFromTag, type Translate } from '../common/translate.ts';
import { connectToParent } from './parent-bridge.ts';
import { saveBlob } from './proxy-download.ts';
import { LazyView } from './view-loader.tsx';

/**
 * The refusal. `pending`: shown while waiting for the content script, visible only after a moment
 * (dialog.css), so a page that frames the dialog and never connects still gets an explanation.
 */
function showRefusal(root: HTMLElement, t: Translate, pending: boolean): void {
  const refusal = document.createElement('p');
  refusal.className = pending ? 'refusal pending' : 'refusal';
  refusal.setAttribute('role', 'alert');
  refusal.textContent = t('dialogNotConnected');
  root.replaceChildren(refusal);
}

async function start(root: HTMLElement): Promise<void> {
  const uiLanguage = languageFromTag(browser.i18n.getUILanguage());
  showRefusal(root, createTranslator(uiLanguage), true);
  const connection = await connectToParent(
    window,
    (redemption) => browser.runtime.sendMessage(redemption) as Promise<DialogTicketRedeemed | undefined>,
  );
  if (!connection.ok) {
    showRefusal(root, createTranslator(uiLanguage), false);
    return;
  }
  const { context, pageUrl, bridge } = connection;
  const t = createTranslator(context.language);
  document.documentElement.lang = context.language;
  const settings = await readSettings(browser.storage.local);
  root.replaceChildren();
  bridge.followHeight(root);
  render(
    <LazyView
      view={context.view}
      t={t}
      language={context.language}
      access={{
        proxyUrl: settings.proxyUrl,
        tenantId: context.tenantId,
        token: chooseToken(settings, pageUrl, context.pageToken),
        fetch: (...args) => fetch(...args),
      }}
      save={(blob, fileName) => saveBlob(document, blob, fileName)}
      onClose={(usersChanged) => bridge.close(usersChanged)}
      session={browser.storage.session}
    />,
    root,
  );
}

const root = document.getElementById('app');
if (root) void start(root);
