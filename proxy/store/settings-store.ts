import { importSettingsSchema, type ImportSettings } from '../../shared/import-settings.ts';
import type { SqlDatabase } from './sql-database.ts';

/** The settings each company used last (GET …/import-settings), kept in the proxy's database. */
export class SettingsStore {
  constructor(private readonly db: SqlDatabase) {}

  async lastImportSettings(tenant: string): Promise<ImportSettings | undefined> {
    const [row] = await this.db.all<{ settings: string }>(
      `SELECT settings FROM import_settings WHERE tenant = ?`,
      [tenant],
    );
    if (!row) return undefined;
    const parsed = importSettingsSchema.safeParse(JSON.parse(row.settings));
    return parsed.success ? parsed.data : undefined;
  }

  async saveImportSettings(tenant: string, settings: ImportSettings, now = new Date()): Promise<void> {
    await this.db.run(
      `INSERT INTO import_settings (tenant, settings, saved_at) VALUES (?, ?, ?)
       ON CONFLICT (tenant) DO UPDATE SET settings = excluded.settings, saved_at = excluded.saved_at`,
      [tenant, JSON.stringify(settings), now.toISOString()],
    );
  }
}
