// The options page (): proxy URL, the support staff's optional token, a link
// to the proxy's API description (docs/administrators.md#the-import-wizard) and, where the browser has not granted it, a button
// that asks for the host permission of the proxy.
import { useEffect, useState } from 'preact/hooks';
import {
  checkProxyUrl,
  normalizeUserManagementPage,
  writeSettings,
  type ExtensionSettings,
  type SettingsStorage,
} from '../common/settings.ts';
import type { Translate } from '../common/translate.ts';
import { proxyOriginPattern, type PermissionsApi } from './proxy-permission.ts';

export interface OptionsPageProps {
  t: Translate;
  initial: ExtensionSettings;
  storage: SettingsStorage;
  permissions: PermissionsApi;
}

type SaveState =
  | { state: 'idle' }
  | { state: 'saved' }
  /** Which field is wrong, and the sentence that says why. */
  | { state: 'invalid'; field: 'proxyUrl' | 'supportTokenPage'; message: string };

export function OptionsPage({ t, initial, storage, permissions }: OptionsPageProps) {
  const [proxyInput, setProxyInput] = useState(initial.proxyUrl);
  const [supportToken, setSupportToken] = useState(initial.supportToken);
  const [supportTokenPage, setSupportTokenPage] = useState(initial.supportTokenPage);
  const [saved, setSaved] = useState(initial);
  const [saveState, setSaveState] = useState<SaveState>({ state: 'idle' });
  const [permitted, setPermitted] = useState<boolean | null>(null);

  const pattern = proxyOriginPattern(saved.proxyUrl);
  useEffect(() => {
    let current = true;
    void permissions.contains({ origins: [pattern] }).then((granted) => {
      if (current) setPermitted(granted);
    });
    return () => {
      current = false;
    };
  }, [pattern, permissions]);

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const proxy = checkProxyUrl(proxyInput);
    if (!proxy.ok) {
      const message = t(proxy.reason === 'insecure' ? 'insecureProxyUrl' : 'invalidProxyUrl');
      setSaveState({ state: 'invalid', field: 'proxyUrl', message });
      return;
    }
    // A support token is bound to the one customer page it is for; no page, no token.
    const token = supportToken.trim();
    const page = token ? normalizeUserManagementPage(supportTokenPage) : '';
    if (page === null) {
      setSaveState({ state: 'invalid', field: 'supportTokenPage', message: t('invalidSupportTokenPage') });
      return;
    }
    const settings = { proxyUrl: proxy.url, supportToken: token, supportTokenPage: page };
    await writeSettings(storage, settings);
    setProxyInput(proxy.url);
    setSupportTokenPage(page);
    setSaved(settings);
    setSaveState({ state: 'saved' });
  };

  // Called straight from the click: browsers grant permission requests only during a user gesture.
  const requestPermission = (): void => {
    void permissions.request({ origins: [pattern] }).then(setPermitted);
  };

  const origin = new URL(saved.proxyUrl).origin;
  const invalid = (field: 'proxyUrl' | 'supportTokenPage') =>
    saveState.state === 'invalid' && saveState.field === field ? saveState.message : null;
  const proxyUrlError = invalid('proxyUrl');
  const supportTokenPageError = invalid('supportTokenPage');
  return (
    <div class="options">
      <h1>{t('optionsTitle')}</h1>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <label class="field">
          <span>{t('proxyUrlLabel')}</span>
          <input
            type="url"
            name="proxyUrl"
            value={proxyInput}
            aria-invalid={proxyUrlError !== null}
            aria-describedby="proxy-url-hint"
            onInput={(event) => setProxyInput(event.currentTarget.value)}
          />
        </label>
        <p id="proxy-url-hint" class="hint">
          {proxyUrlError ? <span class="error">{proxyUrlError}</span> : t('proxyUrlHint')}
        </p>
        <label class="field">
          <span>{t('supportTokenLabel')}</span>
          <input
            type="password"
            name="supportToken"
            autoComplete="off"
            value={supportToken}
            aria-describedby="support-token-hint"
            onInput={(event) => setSupportToken(event.currentTarget.value)}
          />
        </label>
        <p id="support-token-hint" class="hint">
          {t('supportTokenHint')}
        </p>
        <label class="field">
          <span>{t('supportTokenPageLabel')}</span>
          <input
            type="url"
            name="supportTokenPage"
            value={supportTokenPage}
            aria-invalid={supportTokenPageError !== null}
            aria-describedby="support-token-page-hint"
            onInput={(event) => setSupportTokenPage(event.currentTarget.value)}
          />
        </label>
        <p id="support-token-page-hint" class="hint">
          {supportTokenPageError ? (
            <span class="error">{supportTokenPageError}</span>
          ) : (
            t('supportTokenPageHint')
          )}
        </p>
        <div class="actions">
          <button type="submit" class="primary">
            {t('save')}
          </button>
          <span role="status" class="saved">
            {saveState.state === 'saved' ? t('saved') : ''}
          </span>
        </div>
      </form>
      <section class="permission" aria-live="polite">
        {permitted === false && (
          <>
            <p>{t('permissionNeeded', origin)}</p>
            <button type="button" onClick={requestPermission}>
              {t('grantPermission')}
            </button>
          </>
        )}
        {permitted === true && <p class="granted">{t('permissionGranted', origin)}</p>}
      </section>
      <p class="links">
        <a href={`${saved.proxyUrl}/docs`} target="_blank" rel="noopener noreferrer">
          {t('apiDescription')}
        </a>
      </p>
    </div>
  );
}
