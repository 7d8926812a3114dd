// The import settings file (docs/api-guide.md#the-settings-file). The wizard saves it, scripts send it with POST …/imports,
// GET /api/v1/import-settings.schema.json is generated from this schema.
import { z } from 'zod';
import { FIELD_CATALOGUE, fieldKeySchema, fieldLimit } from './fields/user-fields.ts';
import { countryCodeOf } from './fields/countries.ts';

const homeDefaultsSchema = z
  .strictObject({
    homeStreet: z.string().max(fieldLimit(FIELD_CATALOGUE.homeStreet, 'maxLength')).optional(),
    homePostalCode: z.string().max(fieldLimit(FIELD_CATALOGUE.homePostalCode, 'maxLength')).optional(),
    homeCity: z.string().max(fieldLimit(FIELD_CATALOGUE.homeCity, 'maxLength')).optional(),
    homeCountry: z
      .string()
      .max(60)
      .refine((country) => !country.trim() || countryCodeOf(country) !== undefined, {
        message: 'not a country (use an ISO code such as DE or a name such as Germany)',
      })
      .optional(),
  })
  .describe('Values for rows whose home location cells are empty.');

export const importSettingsSchema = z
  .strictObject({
    // A saved file names its JSON Schema and the API guide, so an editor checks it and a reader finds the docs.
    $schema: z.string().max(2000).optional(),
    $comment: z.string().max(2000).optional(),
    version: z.literal(1),
    matchBy: z
      .enum(['auto', 'email', 'portatourId', 'employeeNumber'])
      .default('auto')
      .describe(
        'auto: Portatour ID where the row has one, else employee number where it has one, else email.',
      ),
    actions: z
      .strictObject({
        create: z.boolean().default(true),
        update: z.boolean().default(true),
        deactivate: z.boolean().default(true),
      })
      .default({ create: true, update: true, deactivate: true }),
    columns: z
      .record(z.string(), fieldKeySchema.nullable())
      .optional()
      .describe('Header → field key (null ignores the column). Absent: automatic matching.'),
    updateBehavior: z
      .partialRecord(fieldKeySchema, z.enum(['overwrite', 'keep']))
      .default({})
      .describe('keep: the file value is used only when the user is created; existing users keep theirs.'),
    sheet: z.string().optional().describe('Sheet name; default the first sheet.'),
    headerRow: z.int().min(1).optional().describe('1-based header row; default found automatically.'),
    csv: z
      .strictObject({
        delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto'),
        encoding: z
          .enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'])
          .default('auto'),
      })
      .default({ delimiter: 'auto', encoding: 'auto' }),
    deactivateMissing: z
      .boolean()
      .default(false)
      .describe('true: active users absent from the file are deactivated (never deleted).'),
    emptyCells: z.enum(['keep', 'clear']).default('keep'),
    homeLocation: z
      .strictObject({ apply: z.boolean().default(true), defaults: homeDefaultsSchema.default({}) })
      .default({ apply: true, defaults: {} }),
    skipInvalidRows: z.boolean().default(false),
    newUsersAsOfficeStaff: z
      .boolean()
      .default(false)
      .describe(
        'true: every user the import creates is office staff ("Has own schedule" = No, no license), whatever its row says; an override of the row still counts.',
      ),
    skipRowsBeyondLicenses: z
      .boolean()
      .default(false)
      .describe(
        'true: when the free licenses do not cover every row that needs one, the first such rows in file order are imported and the others are skipped.',
      ),
    allowScheduleDeletion: z
      .boolean()
      .default(false)
      .describe('Must be true to change "Has own schedule" from Yes to No, which deletes that user\'s data.'),
    sendAccessLink: z
      .boolean()
      .default(false)
      .describe('true: new users receive their access link right away.'),
  })
  .describe('portatour user import settings');

export type ImportSettings = z.output<typeof importSettingsSchema>;
export type ImportSettingsInput = z.input<typeof importSettingsSchema>;

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = importSettingsSchema.parse({ version: 1 });

export function importSettingsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(importSettingsSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
