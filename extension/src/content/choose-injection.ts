// What to put below the user list, decided from the background's answer (docs/administrators.md#the-import-wizard): the three
// buttons, one line of explanation (a connected or single-license company, an unreachable proxy), or nothing.
import type { TenantLookupResponse } from '../common/runtime-messages.ts';
import type { ContentTranslate } from './content-strings.ts';

export type Injection =
  | { kind: 'buttons' }
  /** One line; `retry` when the proxy could not be reached: the line then offers the options page and Retry. */
  | { kind: 'notice'; text: string; retry?: true }
  | { kind: 'nothing' };

export function chooseInjection(response: TenantLookupResponse, t: ContentTranslate): Injection {
  if (!response.ok) {
    switch (response.failure) {
      // Not an administrator (or signed out): the page is not theirs to import into; say nothing.
      case 'no-token':
        return { kind: 'nothing' };
      case 'problem':
        if (response.status === 401 || response.status === 403) return { kind: 'nothing' };
        // The proxy answers 200 with `importExport.available: false` for these two (docs/api-guide.md); a proxy
        // that refuses the lookup itself with the company refusal (409) still gets the same page.
        if (response.problemType === 'single-license') return { kind: 'notice', text: t('singleLicense') };
        if (response.problemType === 'host-system-connected') {
          if (response.hostSystem === 'salesforce')
            return { kind: 'notice', text: t('syncedFromSalesforce') };
          if (response.hostSystem === 'dynamics') return { kind: 'notice', text: t('syncedFromDynamics') };
          return { kind: 'notice', text: response.sentence };
        }
        return { kind: 'notice', text: t('unavailable', response.sentence) };
      case 'unreachable':
        return { kind: 'notice', text: t('proxyUnreachable', response.proxyUrl), retry: true };
    }
  }
  const { importExport, hostSystem } = response.tenant;
  if (importExport.available) return { kind: 'buttons' };
  // A connected tenant's users come from its CRM: one line says so instead of the buttons.
  if (importExport.reason === 'host-system-connected' || hostSystem !== null) {
    if (hostSystem === 'salesforce') return { kind: 'notice', text: t('syncedFromSalesforce') };
    if (hostSystem === 'dynamics') return { kind: 'notice', text: t('syncedFromDynamics') };
    return importExport.message ? { kind: 'notice', text: importExport.message } : { kind: 'nothing' };
  }
  // Fewer than 2 licenses: no buttons, but one quiet line, so that an administrator can tell a
  // company that cannot import from a broken extension.
  return { kind: 'notice', text: t('singleLicense') };
}
