// Row errors and warnings in German for German pages (the wizard asks with lang=de); English by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyUnderTest, type ProxyUnderTest } from '../support/proxy-under-test.ts';
import { readPreview, toCsv } from '../support/proxy-assertions.ts';

let t: ProxyUnderTest;
beforeAll(async () => {
  t = await startProxyUnderTest();
});
afterAll(async () => {
  await t?.close();
});

const file = {
  bytes: toCsv([
    ['E-Mail', 'Vorname', 'Nachname', 'Kostenstelle'],
    ['neu@', 'Neu', 'Mensch', 'Vertrieb'],
  ]),
  name: 'benutzer.csv',
};

const preview = async (query: { lang?: 'en' | 'de' }) => readPreview(await t.preview(file, { query }));

describe('preview messages', () => {
  it('are German with lang=de, naming the German header', async () => {
    const plan = await preview({ lang: 'de' });
    expect(plan.errors.map((e) => e.message)).toEqual(["E-Mail: 'neu@' ist keine gültige E-Mail-Adresse"]);
    expect(plan.warnings.map((w) => w.message)).toEqual([
      "Die Spalte 'Kostenstelle' ist kein Benutzerfeld und wird ignoriert.",
    ]);
  });

  it('are English by default', async () => {
    const plan = await preview({});
    expect(plan.errors.map((e) => e.message)).toEqual(["Email 'neu@' is not a valid e-mail address"]);
  });

  it('refuses a language it does not speak', async () => {
    // Raw path: the typed client's query only takes the languages the route declares.
    const response = await t.upload('/api/v1/tenants/demo/imports/preview?lang=fr', file);
    expect(response.status).toBe(400);
  });
});
