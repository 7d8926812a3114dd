// Dialog page entry (an extension page shown in the host page's modal, see content/main.ts): reads
// its context from the URL fragment and the options from storage, then renders the requested view.
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { readDialogFragment } from '../common/dialog-link.ts';
import { chooseToken, readSettings } from '../common/settings.ts';
import { createTranslator, languageFromTag } from '../common/translate.ts';
import { createParentBridge } from './parent-bridge.ts';
import { saveBlob } from './proxy-download.ts';
import { LazyView } from './view-loader.tsx';

async function start(root: HTMLElement): Promise<void> {
  const context = readDialogFragment(location.hash);
  const language = context?.language ?? languageFromTag(browser.i18n.getUILanguage());
  const t = createTranslator(language);
  document.documentElement.lang = language;
  if (!context) {
    root.textContent = t('missingTenant');
    return;
  }
  const settings = await readSettings(browser.storage.local);
  const bridge = createParentBridge(window, context.parentOrigin);
  bridge.followHeight(root);
  render(
    <LazyView
      view={context.view}
      t={t}
      language={language}
      access={{
        proxyUrl: settings.proxyUrl,
        tenantId: context.tenantId,
        token: chooseToken(settings.supportToken, context.pageToken),
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
