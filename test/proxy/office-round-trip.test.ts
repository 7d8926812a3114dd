// The way administrators really edit an export: the CSV of the seeded demo company, opened in LibreOffice Calc
// and saved as XLSX and ODS (`soffice --headless --infilter=CSV:44,34,76,1 --convert-to xlsx|ods`, LibreOffice
// 7.4). The office suite keeps the formula guards ("'+4915112345678") as text and turns postal code 04107 into
// the number 4107; re-importing the file unedited must still change nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/api/preview-schema.ts';
import { readPreview } from '../support/proxy-assertions.ts';
import { useProxyUnderTest } from '../support/proxy-under-test.ts';

const t = useProxyUnderTest();

async function preview(fileName: string): Promise<ImportPreview> {
  const bytes = readFileSync(new URL(`../fixtures/spreadsheets/${fileName}`, import.meta.url));
  return readPreview(await t.preview({ bytes, name: fileName }, { token: 'demo-admin-token' }));
}

describe('a CSV export saved by LibreOffice and imported again', () => {
  for (const format of ['xlsx', 'ods']) {
    it(`as ${format.toUpperCase()}: no change, and the lost leading zero is named`, async () => {
      const body = await preview(`demo-csv-export-saved-by-libreoffice.${format}`);
      expect(body.errors).toEqual([]);
      expect(body.summary).toMatchObject({ create: 0, update: 0, deactivate: 0, invalid: 0 });
      expect(body.summary.unchanged).toBeGreaterThan(10);
      expect(body.warnings.filter((w) => w.code === 'leading-zeros-lost')).toEqual([
        expect.objectContaining({
          column: 'Home postal code',
          message: expect.stringContaining("'04107' is kept"),
          // The row changes nothing, so the preview's table has no line for it: the note names the user.
          name: 'Katarzyna Nowak',
          email: 'katarzyna.nowak@example.com',
        }),
      ]);
    });
  }
});
