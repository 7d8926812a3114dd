// The options page (): proxy URL, the support staff's optional token, a link
// to the proxy's API description (docs/administrators.md#the-import-wizard) and, where the browser has not granted it, a button
// that asks for the host permission of the proxy.
import { useEffect, useState } from 'preact/hooks';
import {
  normalizeProxyUrl,
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

type SaveState = { state: 'idle' } | { state: 'saved' } | { state: 'invalid' };

export function OptionsPage({ t, initial, storage, permissions }: OptionsPageProps) {
  const [proxyInput, setProxyInput] = useState(initial.proxyUrl);
  const [supportToken, setSupportToken] = useState(initial.supportToken);
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
    const proxyUrl = normalizeProxyUrl(proxyInput);
    if (!proxyUrl) {
      setSaveState({ state: 'invalid' });
      return;
    }
    const settings = { proxyUrl, supportToken: supportToken.trim() };
    await writeSettings(storage, settings);
    setProxyInput(proxyUrl);
    setSaved(settings);
    setSaveState({ state: 'saved' });
  };

  // Called straight from the click: browsers grant permission requests only during a user gesture.
  const requestPermission = (): void => {
    void permissions.request({ origins: [pattern] }).then(setPermitted);
  };

  const origin = new URL(saved.proxyUrl).origin;
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
            aria-invalid={saveState.state === 'invalid'}
            aria-describedby="proxy-url-hint"
            onInput={(event) => setProxyInput(event.currentTarget.value)}
          />
        </label>
        <p id="proxy-url-hint" class="hint">
          {saveState.state === 'invalid' ? (
            <span class="error">{t('invalidProxyUrl')}</span>
          ) : (
            t('proxyUrlHint')
          )}
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
