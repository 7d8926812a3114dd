// A preview's record of the rows it planned to create and of those that named a user: on both engines it reads
// back as it was kept, holds keyed hashes and never an address or number in clear, and a record kept before it
// had them reads without them (its import checks versions only). A key's hash is the same number in every version.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PreviewRowKeysCollector, hashKey, previewedAs } from '../../../proxy/import/preview-row-keys.ts';
import { migrate } from '../../../proxy/store/migrations.ts';
import { PreviewStore } from '../../../proxy/store/preview-store.ts';
import { DAY_MS } from '../../../proxy/store/retention.ts';
import { openSqliteDatabase } from '../../../proxy/store/sqlite-database.ts';
import type { PlannedRow } from '../../../shared/import/plan-types.ts';
import { runToEnd } from '../../../shared/time-slices.ts';
import { ENGINES, useStoreEngine } from '../../support/store-engines.ts';

const NOW = new Date();
const ANN = { field: 'email', value: 'Ann.Lee@Example.com' } as const;
const BEN = { field: 'employeeNumber', value: '0042' } as const;

function collected(): PreviewRowKeysCollector {
  const keys = new PreviewRowKeysCollector();
  runToEnd(
    keys.plannedCreates([
      { action: 'create', key: ANN },
      { action: 'update', key: { field: 'email', value: 'carl@example.com' } },
      { action: 'create', key: null },
    ] as PlannedRow[]),
  );
  keys.addMatched(BEN);
  return keys;
}

const record = (id: string, keys?: PreviewRowKeysCollector) => ({
  id,
  tenant: 'demo',
  previewedAt: NOW.toISOString(),
  expiresAt: new Date(NOW.getTime() + DAY_MS).toISOString(),
  versions: new Map([['u-1', 'W/"3"']]),
  ...(keys ? { rowKeys: keys } : {}),
});

describe('what a preview planned per row key', () => {
  it('tells a planned create and a matched row by their keys, e-mail case-blind, and nothing else', () => {
    const keys = collected();
    expect(previewedAs(keys, { field: 'email', value: ' ann.lee@example.COM ' })).toBe('create');
    expect(previewedAs(keys, BEN)).toBe('matched');
    // The same value under another key field is another key.
    expect(previewedAs(keys, { field: 'employeeNumber', value: 'Ann.Lee@Example.com' })).toBeUndefined();
    expect(previewedAs(keys, { field: 'email', value: 'carl@example.com' })).toBeUndefined();
    expect(previewedAs(keys, null)).toBeUndefined();
  });
});

describe.each(ENGINES)("a preview's row keys on %s", (engine) => {
  const engines = useStoreEngine(engine);

  it('read back as kept; a record without them reads without', async () => {
    const store = await engines.open();
    await store.previews.save(record('with', collected()));
    await store.previews.save(record('without'));
    const kept = (await store.previews.get('demo', 'with', NOW))!.rowKeys!;
    expect(previewedAs(kept, ANN)).toBe('create');
    expect(previewedAs(kept, BEN)).toBe('matched');
    expect(kept.created.size + kept.matched.size).toBe(2);
    expect((await store.previews.get('demo', 'without', NOW))!.rowKeys).toBeUndefined();
  });
});

describe('the stored row keys', () => {
  it('hold no address or number in clear, and differ between two previews of the same rows', async () => {
    const db = openSqliteDatabase(':memory:');
    await migrate(db);
    const previews = new PreviewStore(db);
    await previews.save(record('one', collected()));
    await previews.save(record('two', collected()));
    const rows = await db.all<{ row_keys: string }>(`SELECT row_keys FROM import_previews ORDER BY id`);
    const [one, two] = rows.map((row) => row.row_keys);
    for (const stored of [one!, two!]) {
      // The random key, then one 8-byte hash per planned create and per matched row: no room for an address.
      expect(stored.split('.').map((part) => Buffer.from(part, 'base64').length)).toEqual([16, 8, 8]);
    }
    // A random key per preview: the same address does not give the same hash in two records.
    expect(one!.split('.')[1]).not.toBe(two!.split('.')[1]);
    await db.close();
  });
});

describe("a row key's hash", () => {
  it('is bits 12–63 of the SHA-256 of salt, field and normalised value, as records kept before hold them', () => {
    // Records are kept across proxy versions (and shared by several proxies): the number must not change.
    const fromBytes = (salt: string, field: string, value: string) => {
      const digest = createHash('sha256').update(`${salt}\n${field}\n${value}`).digest();
      return (digest.readUInt32BE(0) % 2 ** 20) * 2 ** 32 + digest.readUInt32BE(4);
    };
    for (let i = 0; i < 2000; i++) {
      const salt = randomBytes(16).toString('base64');
      const value = `user.${i}@example.com`;
      const hashed = hashKey(salt, 'email', ` ${value.toUpperCase()} `);
      expect(hashed).toBe(fromBytes(salt, 'email', value));
      expect(Number.isSafeInteger(hashed) && hashed < 2 ** 52).toBe(true);
    }
    expect(hashKey('salt', 'employeeNumber', '0042')).toBe(fromBytes('salt', 'employeeNumber', '0042'));
  });
});
