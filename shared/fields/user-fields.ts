// The zod side of the field catalogue (docs/api-guide.md#fields): each field's value schema follows from its kind in
// field-catalogue.ts, so validation, the JSON Schema of a user and the OpenAPI description cannot drift from the
// headers and info texts.
import { z } from 'zod';
import { AUTHORIZATION_LEVELS, LANGUAGES, type AuthorizationLevel, type Language } from './field-values.ts';
import {
  FIELD_CATALOGUE,
  FIELD_KEYS,
  fieldLimit,
  type FieldKey,
  type FieldKind,
  type FieldMeta,
} from './field-catalogue.ts';

export {
  FIELD_CATALOGUE,
  FIELD_KEYS,
  FIELDS,
  MATCH_KEYS,
  HOME_FIELDS,
  type HomeField,
  WRITABLE_FIELD_KEYS,
  fieldHeader,
  fieldLimit,
  type FieldDescription,
  type FieldKey,
  type FieldKind,
  type FieldMeta,
  type MatchKey,
} from './field-catalogue.ts';

/** The canonical value of each kind of field. */
interface KindValue {
  id: string;
  text: string;
  email: string;
  phone: string;
  language: Language;
  authorizationLevel: AuthorizationLevel;
  yesNo: boolean;
  userGroups: string[];
  country: string;
  dateTime: string | null;
}

/** A user as the product sees it; empty text is '' so that values compare simply. */
export type UserRecord = { [K in FieldKey]: KindValue[(typeof FIELD_CATALOGUE)[K]['kind']] };

function valueSchema(meta: FieldMeta): z.ZodType {
  const kinds: Record<FieldKind, () => z.ZodType> = {
    id: () => z.string(),
    text: () =>
      z
        .string()
        .min(meta.requiredOnCreate ? 1 : 0)
        .max(fieldLimit(meta, 'maxLength')),
    email: () => z.string().max(fieldLimit(meta, 'maxLength')),
    phone: () => z.string().regex(/^(\+[1-9]\d{6,14})?$/),
    language: () => z.enum(LANGUAGES),
    authorizationLevel: () => z.enum(AUTHORIZATION_LEVELS),
    yesNo: () => z.boolean(),
    userGroups: () =>
      z.array(z.string().min(1).max(fieldLimit(meta, 'maxLength'))).max(fieldLimit(meta, 'maxItems')),
    country: () => z.string().regex(/^([A-Z]{2})?$/),
    dateTime: () => z.iso.datetime({ offset: true }).nullable(),
  };
  return kinds[meta.kind]().meta({ title: meta.header.en, description: meta.info.en });
}

/** Each field's value schema together with its catalogue entry. */
export const USER_FIELDS = Object.fromEntries(
  FIELD_KEYS.map((key) => [
    key,
    { valueSchema: valueSchema(FIELD_CATALOGUE[key]), meta: FIELD_CATALOGUE[key] },
  ]),
) as { [K in FieldKey]: { valueSchema: z.ZodType<UserRecord[K]>; meta: (typeof FIELD_CATALOGUE)[K] } };

export const fieldKeySchema = z.enum(FIELD_KEYS as [FieldKey, ...FieldKey[]]);

export const userRecordSchema = z.object(
  Object.fromEntries(FIELD_KEYS.map((key) => [key, USER_FIELDS[key].valueSchema])),
) as unknown as z.ZodType<UserRecord>;
