import { describe, expect, it } from 'vitest';
import type { TenantInfo } from '../../extension/src/common/tenant-info.ts';
import { chooseInjection } from '../../extension/src/content/choose-injection.ts';
import { createTranslator } from '../../extension/src/common/translate.ts';

const t = createTranslator('en');

function tenant(overrides: Partial<TenantInfo>): TenantInfo {
  return {
    id: 'demo',
    name: 'Demo GmbH',
    licenses: { total: 25, used: 10, free: 15 },
    hostSystem: null,
    importExport: { available: true, reason: null, message: null },
    ...overrides,
  };
}

describe('chooseInjection', () => {
  it('offers the buttons when import and export are available', () => {
    expect(chooseInjection({ ok: true, tenant: tenant({}) }, t)).toEqual({ kind: 'buttons' });
  });

  it('explains a Salesforce or Dynamics connection in one line instead of the buttons', () => {
    const connected = { available: false, reason: 'host-system-connected' as const, message: 'x' };
    const salesforce = chooseInjection(
      { ok: true, tenant: tenant({ hostSystem: 'salesforce', importExport: connected }) },
      t,
    );
    expect(salesforce).toEqual({
      kind: 'notice',
      text: expect.stringContaining('synchronized from Salesforce'),
    });
    const dynamics = chooseInjection(
      { ok: true, tenant: tenant({ hostSystem: 'dynamics', importExport: connected }) },
      t,
    );
    expect(dynamics).toEqual({
      kind: 'notice',
      text: expect.stringContaining('synchronized from Dynamics CRM'),
    });
  });

  it('says it in German on a German page', () => {
    const connected = { available: false, reason: 'host-system-connected' as const, message: null };
    const injection = chooseInjection(
      { ok: true, tenant: tenant({ hostSystem: 'salesforce', importExport: connected }) },
      createTranslator('de'),
    );
    expect(injection).toEqual({
      kind: 'notice',
      text: expect.stringContaining('aus Salesforce synchronisiert'),
    });
  });

  it('says in one quiet line why a tenant with fewer than 2 licenses has no buttons', () => {
    const single = { available: false, reason: 'single-license' as const, message: 'One license.' };
    expect(chooseInjection({ ok: true, tenant: tenant({ importExport: single }) }, t)).toEqual({
      kind: 'notice',
      text: 'Import and export are offered to companies with at least 2 licenses.',
    });
  });

  it('gives the same page when the proxy refuses the lookup itself with the company refusal (409)', () => {
    const refusal = { ok: false as const, failure: 'problem' as const, status: 409, sentence: 'Connected.' };
    expect(chooseInjection({ ...refusal, problemType: 'single-license' }, t)).toEqual({
      kind: 'notice',
      text: t('singleLicense'),
    });
    expect(
      chooseInjection({ ...refusal, problemType: 'host-system-connected', hostSystem: 'dynamics' }, t),
    ).toEqual({
      kind: 'notice',
      text: t('syncedFromDynamics'),
    });
    expect(chooseInjection({ ...refusal, problemType: 'host-system-connected' }, t)).toEqual({
      kind: 'notice',
      text: 'Connected.',
    });
  });

  it('shows nothing to someone who is not an administrator (401, 403, no token)', () => {
    expect(chooseInjection({ ok: false, failure: 'problem', status: 401, sentence: 'No.' }, t)).toEqual({
      kind: 'nothing',
    });
    expect(chooseInjection({ ok: false, failure: 'problem', status: 403, sentence: 'No.' }, t)).toEqual({
      kind: 'nothing',
    });
    expect(chooseInjection({ ok: false, failure: 'no-token' }, t)).toEqual({ kind: 'nothing' });
  });

  it('tells an administrator when the proxy cannot be reached or fails', () => {
    expect(
      chooseInjection({ ok: false, failure: 'unreachable', proxyUrl: 'http://127.0.0.1:8787' }, t),
    ).toEqual({
      kind: 'notice',
      text: 'User import and export is unavailable: the import service at http://127.0.0.1:8787 could not be reached.',
      retry: true,
    });
    expect(
      chooseInjection(
        { ok: false, failure: 'problem', status: 502, sentence: 'The user API did not answer.' },
        t,
      ),
    ).toEqual({
      kind: 'notice',
      text: 'User import and export is unavailable: The user API did not answer.',
    });
  });
});
