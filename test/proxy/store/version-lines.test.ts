// A preview's versions written as lines while its users arrive: whatever the ids and versions, across many
// 64 KB pieces, the stored record reads back as the map of what was added.
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../proxy/store/migrations.ts';
import { PreviewStore } from '../../../proxy/store/preview-store.ts';
import { openSqliteDatabase } from '../../../proxy/store/sqlite-database.ts';
import { VersionLines } from '../../../proxy/store/version-lines.ts';

function versionsOf(count: number): [string, string][] {
  const texts = ['W/"3"', '2026-12-07T10:00:00.000Z', 'W/"größe-ł"', '😀"', 'W/"' + 'x'.repeat(40_000) + '"'];
  return Array.from({ length: count }, (_, index) => [
    index % 997 === 0 ? `ü-${index}-ßł😀` : `2b6f0cc9-4a5e-4e4b-9f1d-${String(index).padStart(12, '0')}`,
    texts[index % 1000 === 1 ? 4 : index % 4]!,
  ]);
}

const inflated = (lines: VersionLines) =>
  lines.encoded().then((text) => inflateRawSync(Buffer.from(text, 'base64')).toString('utf8'));

describe("a preview's versions as lines", () => {
  it('holds every line in order across pieces, lines longer than a piece included', async () => {
    const versions = versionsOf(30_000);
    const lines = VersionLines.of(versions);
    expect(lines.count).toBe(30_000);
    expect(await inflated(lines)).toBe(versions.map(([id, version]) => `${id}\t${version}`).join('\n'));
  });

  it('leaves out an id or version with a tab or line break, and is empty when nothing was added', async () => {
    const lines = VersionLines.of([
      ['u-1', 'W/"1"'],
      ['u\t2', 'W/"2"'],
      ['u-3', 'W/"3\n"'],
      ['u-4', 'W/"4"'],
    ]);
    expect(lines.count).toBe(2);
    expect(await inflated(lines)).toBe('u-1\tW/"1"\nu-4\tW/"4"');
    expect(await inflated(new VersionLines())).toBe('');
  });

  it('reads back from the store as the map of what was added', async () => {
    const db = openSqliteDatabase(':memory:');
    await migrate(db);
    const previews = new PreviewStore(db);
    const versions = versionsOf(5_000);
    const now = new Date();
    const record = {
      tenant: 'demo',
      previewedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 60_000).toISOString(),
    };
    await previews.save({ ...record, id: 'lines', versions: VersionLines.of(versions) });
    await previews.save({ ...record, id: 'map', versions: new Map(versions) });
    expect((await previews.get('demo', 'lines', now))?.versions).toEqual(new Map(versions));
    expect((await previews.get('demo', 'map', now))?.versions).toEqual(new Map(versions));
  });
});
