// The headers HR systems export, German and English, with and without a "Heimat"/"Home" prefix, are read as the
// fields they mean: the spellings are a fixture file so that new ones are added as data, not code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldForHeader } from '../../shared/fields/match-headers.ts';
import { mapColumns } from '../../shared/import/column-mapping.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/hr-headers.json', import.meta.url), 'utf8')) as {
  headers: [string, string | null][];
  files: { name: string; headers: string[]; fields: (string | null)[] }[];
};

describe('real-world HR headers', () => {
  it.each(fixture.headers)('%j is read as %s', (header, field) => {
    expect(fieldForHeader(header)?.key ?? null).toBe(field);
  });

  it.each(fixture.files.map((file) => [file.name, file] as const))('%s maps every column', (_name, file) => {
    const { mappings, problems } = mapColumns(file.headers);
    expect(mappings.map((m) => m.field)).toEqual(file.fields);
    expect(problems).toEqual([]);
  });
});
