// What a preview saw, for an import that names it (docs/import-semantics.md#no-lost-update): when it read the
// users, the version of each user its plan may write, and which rows it planned to create or matched to a user.
// Only ids, versions and keyed hashes of row keys are kept, never cells, names or addresses, and only until the
// record expires (PREVIEW_TTL_MS); the retention purge deletes it then.
import { decodeRowKeys, encodeRowKeys, type PreviewRowKeys } from '../import/preview-row-keys.ts';
import type { SqlDatabase } from './sql-database.ts';
import { decodeVersionLines, VersionLines } from './version-lines.ts';

/** How long an import can name a preview: a working day's review, not a record kept for later. */
export const PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;

export interface PreviewRecord {
  id: string;
  tenant: string;
  /** When the preview began to read the company's users. */
  previewedAt: string;
  expiresAt: string;
  /** User id → its version as the preview read it (ETag, else the time of its last change). */
  versions: ReadonlyMap<string, string>;
  /** The rows it planned to create and those that named a user; absent in records kept before they were. */
  rowKeys?: PreviewRowKeys;
}

/** A record to keep: its versions as a map, or already written as lines while the preview read its users. */
export type NewPreviewRecord = Omit<PreviewRecord, 'versions'> & {
  versions: ReadonlyMap<string, string> | VersionLines;
};

export class PreviewStore {
  constructor(private readonly db: SqlDatabase) {}

  async save(record: NewPreviewRecord): Promise<void> {
    const versions =
      record.versions instanceof VersionLines ? record.versions : VersionLines.of(record.versions);
    await this.db.run(
      `INSERT INTO import_previews (id, tenant, previewed_at, expires_at, versions, row_keys) VALUES (?, ?, ?, ?, ?, ?)`,
      [
        record.id,
        record.tenant,
        record.previewedAt,
        record.expiresAt,
        await versions.encoded(),
        record.rowKeys ? encodeRowKeys(record.rowKeys) : null,
      ],
    );
  }

  /** The company's preview of this id, unless it has expired. */
  async get(tenant: string, id: string, now = new Date()): Promise<PreviewRecord | undefined> {
    const [row] = await this.db.all<{
      previewed_at: string;
      expires_at: string;
      versions: string;
      row_keys: string | null;
    }>(
      `SELECT previewed_at, expires_at, versions, row_keys FROM import_previews WHERE id = ? AND tenant = ? AND expires_at > ?`,
      [id, tenant, now.toISOString()],
    );
    if (!row) return undefined;
    return {
      id,
      tenant,
      previewedAt: row.previewed_at,
      expiresAt: row.expires_at,
      versions: await decodeVersionLines(row.versions),
      ...(row.row_keys ? { rowKeys: decodeRowKeys(row.row_keys) } : {}),
    };
  }
}
