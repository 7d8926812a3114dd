// Header row detection and header → field mapping (docs/api-guide.md#fields, docs/api-guide.md#the-settings-file `columns`).
import { describe, expect, it } from 'vitest';
import { findHeaderRow, mapColumns } from '../../shared/import/column-mapping.ts';

describe('findHeaderRow', () => {
  it('finds the header row below title and blank rows', () => {
    const rows = [
      ['Benutzerexport Firma X'],
      ['Stand: 01.05.2024', ''],
      [],
      ['Vorname', 'Nachname', 'E-Mail'],
      ['Anna', 'Arndt', 'a@example.com'],
    ];
    expect(findHeaderRow(rows)).toBe(3);
  });

  it('needs a key column: a row of names without email, ID or employee number is not the header', () => {
    expect(
      findHeaderRow([
        ['Vorname', 'Nachname', 'Notiz'],
        ['Anna', 'Arndt', ''],
      ]),
    ).toBe(-1);
  });

  it('does not take a data row that happens to contain one field name for the header', () => {
    const rows = [
      ['Email', 'x', 'y', 'z'],
      ['Email', 'Vorname', 'Nachname', 'Kommentar'],
    ];
    expect(findHeaderRow(rows)).toBe(1);
  });

  it('takes a wide HR sheet whose extra columns outnumber the user fields, given a key and three known headers', () => {
    const extra = Array.from({ length: 40 }, (_, i) => `HR-Feld ${i}`);
    expect(
      findHeaderRow([['Bericht'], ['Email', 'Vorname', 'Nachname', ...extra], ['a@example.com', 'A', 'B']]),
    ).toBe(1);
    expect(findHeaderRow([['Email', 'Vorname', ...extra]])).toBe(-1);
  });

  it('counts headers mapped by the settings as known', () => {
    const rows = [['Mail-Adresse des MA', 'Kst', 'Name']];
    expect(findHeaderRow(rows)).toBe(-1);
    expect(findHeaderRow(rows, { 'Mail-Adresse des MA': 'email', Name: 'lastName' })).toBe(0);
  });

  it('looks no further than the first 25 rows', () => {
    const rows = [...Array.from({ length: 25 }, () => ['title']), ['Email']];
    expect(findHeaderRow(rows)).toBe(-1);
    expect(findHeaderRow(rows.slice(1))).toBe(24);
  });
});

describe('mapColumns', () => {
  it('maps headers by name and by typo, and ignores unknown and empty headers', () => {
    const { mappings, problems } = mapColumns([' Email ', 'Frist name', 'Kostenstelle', '']);
    expect(mappings).toEqual([
      { index: 0, header: 'Email', field: 'email', matchedBy: 'name' },
      { index: 1, header: 'Frist name', field: 'firstName', matchedBy: 'typo' },
      { index: 2, header: 'Kostenstelle', field: null, matchedBy: 'none' },
      { index: 3, header: '', field: null, matchedBy: 'none' },
    ]);
    expect(problems).toEqual([]);
  });

  it('uses the explicit columns (matched case- and punctuation-insensitively) and lets null ignore a column', () => {
    const { mappings } = mapColumns(['KST', 'E-Mail', 'Note'], { kst: 'note', Note: null });
    expect(mappings.map((m) => [m.header, m.field, m.matchedBy])).toEqual([
      ['KST', 'note', 'settings'],
      ['E-Mail', 'email', 'name'],
      ['Note', null, 'none'],
    ]);
  });

  it('reports two columns that map to one field as a problem on both columns', () => {
    const { problems } = mapColumns(['Email', 'Vorname', 'E-Mail']);
    expect(problems).toEqual([
      { column: 'Email', field: 'email', message: expect.stringContaining("'Email' and 'E-Mail'") },
      { column: 'E-Mail', field: 'email', message: expect.stringContaining("'Email' and 'E-Mail'") },
    ]);
  });

  it('reports an explicit column that maps onto a field another column already has', () => {
    const { problems } = mapColumns(['Email', 'Privat'], { Privat: 'email' });
    expect(problems.map((p) => p.column)).toEqual(['Email', 'Privat']);
  });
});
