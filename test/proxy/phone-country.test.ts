// National phone numbers in an uploaded file are numbers of the company's country, which the proxy learns from
// the user API's tenant info (not the home country of the row).
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/api/preview-schema.ts';
import { readPreview } from '../support/proxy-assertions.ts';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';

const t = useProxyUnderTest();

async function preview(tenant: string, csv: string, lang: 'en' | 'de' = 'en'): Promise<ImportPreview> {
  return readPreview(
    await t.preview(
      { bytes: csv, name: 'users.csv' },
      { tenant, token: `${tenant}-admin-token`, query: { lang } },
    ),
  );
}

const phoneOf = (row: ImportPreview['changes'][number]) =>
  row.changes.find((c) => c.field === 'mobilePhone')?.to;

describe('phone numbers and the company’s country', () => {
  it('a German company: a Vienna resident’s 0171 number is German, with a warning', async () => {
    const body = await preview(
      'demo',
      'First name,Last name,Email,Mobile phone,Home city,Home country\r\nVera,Wien,vera@example.com,0171 4567890,Wien,Österreich\r\n',
    );
    expect(body.companyCountry).toBe('DE');
    // The mapping step shows a few values of each column.
    expect(body.columns.find((c) => c.header === 'Mobile phone')?.samples).toEqual(['0171 4567890']);
    const [vera] = body.changes;
    expect(phoneOf(vera!)).toBe('+491714567890');
    expect(vera!.warnings.map((w) => w.code)).toEqual(['phone-country']);
  });

  it("names the user of a note whose row changes nothing, as the row's own list of changes would", async () => {
    const vera =
      'First name,Last name,Email,Mobile phone,Home city,Home country\r\nVera,Wien,vera@example.com,0171 4567890,Wien,Österreich\r\n';
    const imported = await t.startImport({ bytes: vera, name: 'users.csv' });
    expect(imported.status).toBe(200);

    const again = await preview('demo', vera);
    expect(again.summary.unchanged).toBe(1);
    expect(again.changes).toEqual([]);
    expect(again.warnings.filter((w) => w.row === 2)).toEqual([
      expect.objectContaining({ code: 'phone-country', name: 'Vera Wien', email: 'vera@example.com' }),
    ]);
    // A note about a column is about nobody.
    const columnNote = await preview(
      'demo',
      'First name,Last name,Email,Remarks\r\nVera,Wien,vera@example.com,x\r\n',
    );
    expect(columnNote.warnings).toEqual([expect.objectContaining({ row: 1, name: '', email: '' })]);
  });

  it('an Italian and an American company read national numbers in their own plan', async () => {
    for (const [id, country] of [
      ['roma', 'IT'],
      ['nyc', 'US'],
    ] as const)
      t.tenant.store.putTenant({
        id,
        name: id,
        licenses: 10,
        hostSystem: null,
        defaultLanguage: 'en',
        country,
        adminToken: `${id}-admin-token`,
        userToken: null,
      });
    const italian = await preview(
      'roma',
      'First name,Last name,Email,Mobile phone\r\nUgo,Roma,ugo@example.com,06 1234 5678\r\n',
    );
    expect(italian.companyCountry).toBe('IT');
    expect(phoneOf(italian.changes[0]!)).toBe('+390612345678');
    const american = await preview(
      'nyc',
      'First name,Last name,Email,Mobile phone\r\nAl,York,al@example.com,(212) 555-0100\r\nBo,Berg,bo@example.com,0171 4567890\r\n',
    );
    expect(phoneOf(american.changes[0]!)).toBe('+12125550100');
    expect(american.changes[1]!.action).toBe('invalid');
    expect(american.changes[1]!.errors[0]!.message).toContain('United States');
    // The errors-only view names whose row it is, and a correction starts from the cell's text.
    expect(american.errors).toEqual([
      expect.objectContaining({ row: 3, name: 'Bo Berg', email: 'bo@example.com', value: '0171 4567890' }),
    ]);
  });
});
