// The import settings file as the administrator saves it, from the wizard ("Save import settings") and from the
// Import settings dialog alike: indented JSON that names its JSON Schema (editors check it) and the API guide
// that explains how a script runs an import with it (the dialog used to save one minified line).

export const IMPORT_SETTINGS_SCHEMA_PATH = '/api/v1/import-settings.schema.json';
export const API_GUIDE_PATH = '/docs';

export function importSettingsFileText(settings: object, proxyUrl: string): string {
  const { $schema: _schema, $comment: _comment, ...rest } = settings as Record<string, unknown>;
  const file = {
    $schema: `${proxyUrl}${IMPORT_SETTINGS_SCHEMA_PATH}`,
    $comment: `Run an import with this file through the API: ${proxyUrl}${API_GUIDE_PATH}`,
    ...rest,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function importSettingsFile(settings: object, proxyUrl: string): Blob {
  return new Blob([importSettingsFileText(settings, proxyUrl)], { type: 'application/json' });
}
