// The repository explains itself: no file may send its reader to a document outside it (a contract or style
// guide that only its first authors had, or the number of an issue in a tracker that a clone does not have).
// Comments say their reason themselves or point into docs/.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const TEXT_FILE = /\.(ts|tsx|mjs|js|md|json|css|html|yaml|yml|sh)$|(^|\/)(Dockerfile|run)$/;
const OUTSIDE = [
  /\bcontract\s*§/i,
  /\bcontract\.md\b/i,
  /\bstyle\.md\b/i,
  /\bissues?\s+#\d/i,
  /\bissue\s+"[^"]+"/i,
  /\.\.\/shared\/(contract|style)/i,
];

function trackedTextFiles(): string[] {
  const listed = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
  return listed.filter((file) => TEXT_FILE.test(file) && !file.endsWith('package-lock.json'));
}

describe('references', () => {
  it('finds the patterns it looks for (the check can fail)', () => {
    const samples = [
      'see contract §4',
      '(issue #5)',
      'style.md says',
      '../shared/contract.md',
      'issue "walking skeleton"',
    ];
    for (const sample of samples) expect(OUTSIDE.some((pattern) => pattern.test(sample))).toBe(true);
    expect(OUTSIDE.some((pattern) => pattern.test('RFC 7644 §3.4.2, ECMA-376 §22.9.2.19'))).toBe(false);
  });

  it('no tracked file points to a document outside the repository', () => {
    const files = trackedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      if (file === 'test/repository/no-outside-references.test.ts') continue;
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (OUTSIDE.some((pattern) => pattern.test(line)))
            found.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
