// Which rows a preview planned to create and which named a user then (docs/import-semantics.md#no-lost-update):
// an import that names the preview must not turn "create Ann Lee" into an overwrite of an account someone else
// created since, nor re-create a user someone deleted (or gave another key) since. Kept as keyed hashes only:
// 8 bytes of HMAC-SHA-256 of "field, normalised value" under a random key of this preview, never the addresses,
// numbers or IDs themselves; like the versions they expire with the preview.
import { createHmac, randomBytes } from 'node:crypto';
import type { MatchKey } from '../../shared/fields/user-fields.ts';
import type { PlannedRow } from '../../shared/import/plan-types.ts';
import { keyValue, type RowKey } from '../../shared/import/planned-row.ts';

/** 64 bits: for 100,000 rows against 100,000 keys a chance of one false match below 1 in 10^9. */
const HASH_BYTES = 8;
const SALT_BYTES = 16;

/** What the record keeps: hashes of the keys of the rows the preview planned to create and of those that named a user. */
export interface PreviewRowKeys {
  salt: Buffer;
  created: ReadonlySet<string>;
  matched: ReadonlySet<string>;
}

function hashKey(salt: Buffer, field: MatchKey, value: string): string {
  return createHmac('sha256', salt)
    .update(`${field}\n${keyValue(field, value)}`)
    .digest()
    .subarray(0, HASH_BYTES)
    .toString('base64');
}

/** Collected while the preview plans: the rows that name a user as users arrive, the planned creates at the end. */
export class PreviewRowKeysCollector implements PreviewRowKeys {
  readonly salt = randomBytes(SALT_BYTES);
  readonly created = new Set<string>();
  readonly matched = new Set<string>();

  readonly addMatched = (key: RowKey): void => {
    this.matched.add(hashKey(this.salt, key.field, key.value));
  };

  addPlannedCreates(rows: readonly PlannedRow[]): void {
    for (const row of rows)
      if (row.action === 'create' && row.key)
        this.created.add(hashKey(this.salt, row.key.field, row.key.value));
  }
}

/** What the preview planned for the key of a row the import plans to write, as far as the record tells. */
export function previewedAs(keys: PreviewRowKeys, key: RowKey | null): 'create' | 'matched' | undefined {
  if (!key) return undefined;
  const hash = hashKey(keys.salt, key.field, key.value);
  if (keys.created.has(hash)) return 'create';
  if (keys.matched.has(hash)) return 'matched';
  return undefined;
}

/** Stored as "salt.created.matched", each part the base64 of its bytes (hashes run together). */
export function encodeRowKeys(keys: PreviewRowKeys): string {
  const joined = (hashes: ReadonlySet<string>) =>
    Buffer.concat([...hashes].map((hash) => Buffer.from(hash, 'base64'))).toString('base64');
  return [keys.salt.toString('base64'), joined(keys.created), joined(keys.matched)].join('.');
}

export function decodeRowKeys(stored: string): PreviewRowKeys {
  const [salt = '', created = '', matched = ''] = stored.split('.');
  const split = (part: string) => {
    const bytes = Buffer.from(part, 'base64');
    const hashes = new Set<string>();
    for (let at = 0; at + HASH_BYTES <= bytes.length; at += HASH_BYTES)
      hashes.add(bytes.subarray(at, at + HASH_BYTES).toString('base64'));
    return hashes;
  };
  return { salt: Buffer.from(salt, 'base64'), created: split(created), matched: split(matched) };
}
