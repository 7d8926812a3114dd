// Which rows a preview planned to create and which named a user then (docs/import-semantics.md#no-lost-update):
// an import that names the preview must not turn "create Ann Lee" into an overwrite of an account someone else
// created since, nor re-create a user someone deleted (or gave another key) since. Kept as keyed hashes only:
// 52 bits of SHA-256 over a random key of this preview and the row's key (field, normalised value), never the
// addresses, numbers or IDs themselves; like the versions they expire with the preview.
import { hash, randomBytes } from 'node:crypto';
import type { MatchKey } from '../../shared/fields/user-fields.ts';
import type { PlannedRow } from '../../shared/import/plan-types.ts';
import { keyValue, type RowKey } from '../../shared/import/planned-row.ts';
import type { Steps } from '../../shared/time-slices.ts';

const STORED_BYTES = 8;
const SALT_BYTES = 16;

/** What the record keeps: hashes of the keys of the rows the preview planned to create and of those that named a user. */
export interface PreviewRowKeys {
  salt: string;
  created: ReadonlySet<number>;
  matched: ReadonlySet<number>;
}

/**
 * One-shot SHA-256 of "salt, field, value" into a number: 100,000 keys cost 0.2–0.4 s of CPU on a loaded
 * 2-core machine, where an HMAC object and a base64 string per key took 2–3 s there (measured). The salt is
 * random per preview and never leaves the store. 52 bits, a JS number a Set holds cheaply: for 100,000 written
 * rows against 100,000 planned keys the chance of one false match is ~2 in 10^6 (and that row would only be a
 * conflict, "preview again", never a wrong write). They are bits 12–63 of the digest, read from its hex text (digits
 * 3–15): a Buffer per digest cost ~45 ms more per 100,000 keys, warm, and twice that in a fresh process.
 */
export function hashKey(salt: string, field: MatchKey, value: string): number {
  return parseInt(hash('sha256', `${salt}\n${field}\n${keyValue(field, value)}`, 'hex').slice(3, 16), 16);
}

/** Collected while the preview plans: the rows that name a user as users arrive, the planned creates at the end. */
export class PreviewRowKeysCollector implements PreviewRowKeys {
  readonly salt = randomBytes(SALT_BYTES).toString('base64');
  readonly created = new Set<number>();
  readonly matched = new Set<number>();

  readonly addMatched = (key: RowKey): void => {
    this.matched.add(hashKey(this.salt, key.field, key.value));
  };

  /** As steps (shared/time-slices.ts): 100,000 planned creates are too many to hash in one turn of the loop. */
  *plannedCreates(rows: readonly PlannedRow[]): Steps<void> {
    for (const row of rows) {
      if (row.action === 'create' && row.key)
        this.created.add(hashKey(this.salt, row.key.field, row.key.value));
      yield;
    }
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

/** Stored as "salt.created.matched", the hashes 8 bytes each (big-endian), their runs base64. */
export function encodeRowKeys(keys: PreviewRowKeys): string {
  const joined = (hashes: ReadonlySet<number>) => {
    const bytes = Buffer.alloc(hashes.size * STORED_BYTES);
    let at = 0;
    for (const hashed of hashes) {
      bytes.writeUInt32BE(Math.floor(hashed / 2 ** 32), at);
      bytes.writeUInt32BE(hashed % 2 ** 32, at + 4);
      at += STORED_BYTES;
    }
    return bytes.toString('base64');
  };
  return [keys.salt, joined(keys.created), joined(keys.matched)].join('.');
}

export function decodeRowKeys(stored: string): PreviewRowKeys {
  const [salt = '', created = '', matched = ''] = stored.split('.');
  const split = (part: string) => {
    const bytes = Buffer.from(part, 'base64');
    const hashes = new Set<number>();
    for (let at = 0; at + STORED_BYTES <= bytes.length; at += STORED_BYTES)
      hashes.add(bytes.readUInt32BE(at) * 2 ** 32 + bytes.readUInt32BE(at + 4));
    return hashes;
  };
  return { salt, created: split(created), matched: split(matched) };
}
