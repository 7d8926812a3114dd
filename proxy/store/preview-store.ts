// What a preview saw, for an import that names it (docs/import-semantics.md#no-lost-update): when it read the
// users, and the version of each user its plan may write. Only ids and versions are kept, never cells, names or
// addresses, and only until the record expires (PREVIEW_TTL_MS); the retention purge deletes it then.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SqlDatabase } from './sql-database.ts';

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
}

export class PreviewStore {
  constructor(private readonly db: SqlDatabase) {}

  async save(record: PreviewRecord): Promise<void> {
    // 100,000 ids and versions are ~5 MB of JSON; deflated they are a fraction of it.
    const versions = deflateRawSync(JSON.stringify(Object.fromEntries(record.versions))).toString('base64');
    await this.db.run(
      `INSERT INTO import_previews (id, tenant, previewed_at, expires_at, versions) VALUES (?, ?, ?, ?, ?)`,
      [record.id, record.tenant, record.previewedAt, record.expiresAt, versions],
    );
  }

  /** The company's preview of this id, unless it has expired. */
  async get(tenant: string, id: string, now = new Date()): Promise<PreviewRecord | undefined> {
    const [row] = await this.db.all<{ previewed_at: string; expires_at: string; versions: string }>(
      `SELECT previewed_at, expires_at, versions FROM import_previews WHERE id = ? AND tenant = ? AND expires_at > ?`,
      [id, tenant, now.toISOString()],
    );
    if (!row) return undefined;
    const versions = JSON.parse(
      inflateRawSync(Buffer.from(row.versions, 'base64')).toString('utf8'),
    ) as Record<string, string>;
    return {
      id,
      tenant,
      previewedAt: row.previewed_at,
      expiresAt: row.expires_at,
      versions: new Map(Object.entries(versions)),
    };
  }
}
