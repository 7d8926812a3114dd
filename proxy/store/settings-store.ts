import { importSettingsSchema, type ImportSettings } from '../../shared/import-settings.ts';
import type { SettingsStore } from '../routes/settings-routes.ts';
import type { SqliteDatabase } from './proxy-database.ts';

/** The settings each company used last (contract §4 GET …/import-settings), kept in the proxy database. */
export class SqliteSettingsStore implements SettingsStore {
  constructor(private readonly db: SqliteDatabase) {}

  lastImportSettings(tenant: string): ImportSettings | undefined {
    const row = this.db.prepare('SELECT settings FROM import_settings WHERE tenant = ?').get(tenant) as
      { settings: string } | undefined;
    if (!row) return undefined;
    const parsed = importSettingsSchema.safeParse(JSON.parse(row.settings));
    return parsed.success ? parsed.data : undefined;
  }

  saveImportSettings(tenant: string, settings: ImportSettings): void {
    this.db
      .prepare(
        `INSERT INTO import_settings (tenant, settings, saved_at) VALUES (?, ?, ?)
         ON CONFLICT(tenant) DO UPDATE SET settings = excluded.settings, saved_at = excluded.saved_at`,
      )
      .run(tenant, JSON.stringify(settings), new Date().toISOString());
  }
}
