// The docs explain the repository in its own words: every link in docs/ and the README leads to a file (and
// heading) of the repository, and docs/ names no document outside it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docs = readdirSync(join(root, 'docs'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
  .map((entry) => join(entry.parentPath, entry.name));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = markdown.match(/^#{1,6} .+$/gm) ?? [];
  return new Set(
    headings.map((heading) =>
      heading
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} -]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('docs', () => {
  it.each([...docs, join(root, 'README.md')].map((file) => [relative(root, file), file]))(
    '%s links only to files and headings that exist',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#');
        const resolved = path ? join(dirname(file), path) : file;
        expect(existsSync(resolved), `${target} in ${relative(root, file)}`).toBe(true);
        if (anchor) expect(anchors(readFileSync(resolved, 'utf8')), target).toContain(anchor);
      }
    },
  );

  it.each(docs.map((file) => [relative(root, file), file]))(
    '%s names no document outside the repository',
    (_name, file) => {
      expect(readFileSync(file, 'utf8')).not.toMatch(/contract|§|issue #|style\.md|\.\.\/shared/i);
    },
  );
});
