// Options page entry: wires the browser's storage and permissions into the page component.
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { readSettings } from '../common/settings.ts';
import { createTranslator, languageFromTag } from '../common/translate.ts';
import { OptionsPage } from './options-page.tsx';

async function start(root: HTMLElement): Promise<void> {
  const language = languageFromTag(browser.i18n.getUILanguage());
  const t = createTranslator(language);
  document.documentElement.lang = language;
  document.title = t('optionsTitle');
  const initial = await readSettings(browser.storage.local);
  render(
    <OptionsPage t={t} initial={initial} storage={browser.storage.local} permissions={browser.permissions} />,
    root,
  );
}

const root = document.getElementById('app');
if (root) void start(root);
