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

const STANDARD = /\b(RFC|ECMA|XML|ISO)\b/;

/**
 * Whether `line` points outside. The line before it counts too: a comment may break "contract" and "§2" over two
 * lines, and a section sign is fine only where this line or the one before names the standard it belongs to.
 */
function pointsOutside(previous: string, line: string): boolean {
  if (OUTSIDE.some((pattern) => pattern.test(line))) return true;
  if (/§\s?\d/.test(line) && !STANDARD.test(previous) && !STANDARD.test(line)) return true;
  const joined = `${previous} ${line.replace(/^\s*(\/\/|\*|#)\s*/, '')}`;
  return OUTSIDE.some((pattern) => pattern.test(joined) && !pattern.test(previous));
}

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
      'with the §4 refusal',
    ];
    for (const sample of samples) expect(pointsOutside('', sample)).toBe(true);
    expect(pointsOutside('// every field of contract', '// §2 set')).toBe(true);
    expect(pointsOutside('// (docs/x.md, issue "walking', '// skeleton"): the group')).toBe(true);
    expect(pointsOutside('', 'RFC 7644 §3.4.2, ECMA-376 §22.9.2.19')).toBe(false);
    expect(pointsOutside('', 'XML 1.0 §2.11')).toBe(false);
    expect(pointsOutside(' * (RFC 7644', ' * §3.4.2.2).')).toBe(false);
  });

  it('no tracked file points to a document outside the repository', () => {
    const files = trackedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      if (file === 'test/repository/no-outside-references.test.ts') continue;
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (pointsOutside(lines[index - 1] ?? '', line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
