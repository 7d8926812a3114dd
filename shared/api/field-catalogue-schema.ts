// GET /api/v1/fields: the field catalogue with headers and info texts in English and German.
import { z } from 'zod';
import { FIELD_KINDS } from '../fields/field-catalogue.ts';
import { fieldKeySchema } from '../fields/user-fields.ts';

const bilingual = z.strictObject({ en: z.string(), de: z.string() });

export const fieldDescriptionSchema = z.strictObject({
  key: fieldKeySchema,
  header: bilingual,
  info: bilingual,
  kind: z.enum(FIELD_KINDS),
  readOnly: z.boolean(),
  requiredOnCreate: z.boolean(),
  matchKey: z.boolean(),
  page: z.enum(['columns', 'home']),
  maxLength: z.int().optional(),
  maxItems: z.int().optional(),
  minLicenses: z.int().optional(),
});

export const fieldCatalogueSchema = z.strictObject({
  fields: z.array(fieldDescriptionSchema),
  user: z.record(z.string(), z.unknown()).describe('JSON Schema of a user record'),
});

export type FieldCatalogueBody = z.infer<typeof fieldCatalogueSchema>;
