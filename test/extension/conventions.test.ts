// The extension's own conventions (docs/): every feature registered, every string translated,
// all host-page selectors in one module, and no preact in the content script.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sourceDir = join(root, 'extension/src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

type Catalog = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const catalog = (language: string): Catalog =>
  JSON.parse(readFileSync(join(root, `extension/_locales/${language}/messages.json`), 'utf8')) as Catalog;

describe('extension conventions', () => {
  it('translates every string into German, with the same placeholders', () => {
    const en = catalog('en');
    const de = catalog('de');
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(en)) {
      const placeholders = (text: string) => (text.match(/\$[A-Z0-9_]+\$/g) ?? []).sort();
      expect(placeholders(de[key]?.message ?? ''), key).toEqual(placeholders(entry.message));
      expect(de[key]?.placeholders, key).toEqual(entry.placeholders);
    }
  });

  it('never loads zod at run time: its compiled parsers use `new Function`, which extension reviews refuse', () => {
    const offenders = sourceFiles(sourceDir).filter((file) => {
      const source = readFileSync(file, 'utf8');
      const runtimeImports = source.match(/^import (?!type )[^;]*from '[^']+';/gm) ?? [];
      return runtimeImports.some((line) =>
        /from '(zod|[^']*shared\/(fields\/user-fields|import-settings|api\/[^']*-schema)\.ts)'/.test(line),
      );
    });
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it('uses every string of the catalogue somewhere (no dead translations)', () => {
    const sources = sourceFiles(sourceDir).map((file) => readFileSync(file, 'utf8'));
    const manifest = readFileSync(join(root, 'manifest.json'), 'utf8');
    const unused = Object.keys(catalog('en')).filter(
      (key) => !manifest.includes(`__MSG_${key}__`) && !sources.some((source) => source.includes(`'${key}'`)),
    );
    expect(unused).toEqual([]);
  });

  it('registers every feature file and imports it in all-features.ts', () => {
    const featureDir = join(sourceDir, 'features');
    const index = readFileSync(join(featureDir, 'all-features.ts'), 'utf8');
    const features = readdirSync(featureDir).filter((name) => name !== 'all-features.ts');
    expect(features.length).toBeGreaterThan(0);
    for (const name of features) {
      expect(index, `${name} is not imported by all-features.ts`).toContain(`'./${name}'`);
      expect(readFileSync(join(featureDir, name), 'utf8'), `${name} does not register itself`).toMatch(
        /\bregister\(\{/,
      );
    }
  });

  it('keeps every selector of the host page in content/host-page.ts', () => {
    const injected = [
      ...sourceFiles(join(sourceDir, 'content')),
      ...sourceFiles(join(sourceDir, 'features')),
    ];
    const offenders = injected
      .filter((file) => !file.endsWith('host-page.ts'))
      .filter((file) => /querySelector(All)?\(\s*['"`]|\.closest\(\s*['"`]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('keeps preact out of the content script (it must stay tiny)', () => {
    const injected = [
      ...sourceFiles(join(sourceDir, 'content')),
      ...sourceFiles(join(sourceDir, 'features')),
    ];
    const offenders = injected
      .filter((file) => /from ['"]preact/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});
