// Convention test for the field catalogue (docs/api-guide.md#fields): one definition from which headers, info texts,
// validation and the settings JSON Schema are made. Adding a field that breaks one of these fails here.
import { describe, expect, it } from 'vitest';
import { foldText } from '../../shared/fields/field-values.ts';
import { fieldForHeader } from '../../shared/fields/match-headers.ts';
import { emptyValueOf, formatCell, parseCell } from '../../shared/fields/parse-cell.ts';
import {
  FIELD_KEYS,
  FIELDS,
  HOME_FIELDS,
  MATCH_KEYS,
  USER_FIELDS,
  userRecordSchema,
  type FieldKey,
  type FieldKind,
  type UserRecord,
} from '../../shared/fields/user-fields.ts';
import { DEFAULT_IMPORT_SETTINGS, importSettingsJsonSchema } from '../../shared/import-settings.ts';
import { CONTRACT_FIELDS } from '../support/contract-fields.ts';

/** A user with a non-empty, non-default value in every field. */
const FULL_USER: UserRecord = {
  portatourId: '100042',
  firstName: 'Zoë',
  lastName: "O'Neill-Müller",
  email: 'Zoe.ONeill@Example.com',
  employeeNumber: '000815',
  userName: 'zoe.oneill',
  mobilePhone: '+4915112345678',
  language: 'cs',
  authorizationLevel: 'Supervisor',
  active: true,
  hasOwnSchedule: true,
  userGroups: ['Sales North', 'Außendienst'],
  note: 'Line 1\nLine 2; "quoted", 100%',
  homeStreet: 'Königsallee 1',
  homePostalCode: '01067',
  homeCity: 'Düsseldorf',
  homeCountry: 'AT',
  accessLinkSentAt: '2024-05-01T08:00:00.000Z',
  lastLoginAt: '2024-05-02T09:30:00+02:00',
};

/** The other values of the kinds whose first sample does not cover every case. */
const OTHER_VALUES: Partial<UserRecord> = {
  authorizationLevel: 'Administrator',
  active: false,
  hasOwnSchedule: false,
  language: 'de',
  userGroups: ['Einzige'],
};

describe('field catalogue conventions', () => {
  it('has exactly the fields, order and headers of docs/api-guide.md#fields', () => {
    expect(FIELDS.map((f) => [f.key, f.header.en, f.header.de])).toEqual(CONTRACT_FIELDS);
  });

  it.each(FIELDS.map((f) => [f.key, f] as const))(
    '%s has English and German headers and info texts',
    (_, field) => {
      for (const text of [field.header.en, field.header.de, field.info.en, field.info.de])
        expect(text.trim().length).toBeGreaterThan(0);
      expect(field.info.de).not.toBe(field.info.en);
    },
  );

  it('has headers that stay unique across fields after folding', () => {
    const owner = new Map<string, FieldKey>();
    for (const field of FIELDS) {
      for (const name of new Set([field.header.en, field.header.de, field.key].map(foldText))) {
        expect(owner.get(name), `'${name}' names both ${owner.get(name)} and ${field.key}`).toBeUndefined();
        owner.set(name, field.key);
      }
    }
  });

  it.each(FIELD_KEYS)('matches %s by its own English header, German header and key', (key) => {
    const { header } = USER_FIELDS[key].meta;
    for (const name of [header.en, header.de, key, header.en.toUpperCase(), header.de.toLowerCase()])
      expect(fieldForHeader(name), name).toEqual({ key, by: 'name' });
  });

  it('marks the keys, required and read-only fields as docs/api-guide.md#fields says', () => {
    expect(
      FIELDS.filter((f) => f.matchKey)
        .map((f) => f.key)
        .sort(),
    ).toEqual([...MATCH_KEYS].sort());
    expect(FIELDS.filter((f) => f.requiredOnCreate).map((f) => f.key)).toEqual([
      'firstName',
      'lastName',
      'email',
    ]);
    expect(FIELDS.filter((f) => f.readOnly).map((f) => f.key)).toEqual([
      'portatourId',
      'userName',
      'accessLinkSentAt',
      'lastLoginAt',
    ]);
    expect(FIELDS.filter((f) => f.page === 'home').map((f) => f.key)).toEqual([
      'homeStreet',
      'homePostalCode',
      'homeCity',
      'homeCountry',
    ]);
    // The list the planner and the wizard use is the catalogue's page 2.
    expect([...HOME_FIELDS]).toEqual(FIELDS.filter((f) => f.page === 'home').map((f) => f.key));
  });

  it('generates the JSON Schema of the import settings', () => {
    const schema = importSettingsJsonSchema();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['version'],
      properties: { version: { const: 1 }, matchBy: { default: 'auto' } },
    });
    const properties = Object.keys(schema.properties as object).sort();
    // $schema and $comment: the saved settings file names its schema and the API guide.
    expect(properties).toEqual(
      Object.keys(DEFAULT_IMPORT_SETTINGS)
        .concat('$comment', '$schema', 'columns', 'headerRow', 'sheet')
        .sort(),
    );
  });
});

describe('empty values', () => {
  it('has a valid empty value for every field except those an import may not empty', () => {
    const withoutValidEmpty = FIELD_KEYS.filter(
      (key) => !USER_FIELDS[key].valueSchema.safeParse(emptyValueOf(key)).success,
    );
    // The planner refuses `emptyCells: clear` on these (test/shared/plan-import.test.ts).
    expect(withoutValidEmpty).toEqual(['firstName', 'lastName', 'language', 'authorizationLevel']);
  });
});

describe('parse/format round trips', () => {
  const kinds = new Set<FieldKind>(FIELDS.map((f) => f.kind));

  it('samples every field kind', () => {
    expect(userRecordSchema.parse(FULL_USER)).toEqual(FULL_USER);
    expect(kinds.size).toBe(10);
  });

  describe.each(['en', 'de'] as const)('in %s', (lang) => {
    it.each(FIELD_KEYS)('formatCell then parseCell gives the same %s', (key) => {
      for (const sample of [FULL_USER, { ...FULL_USER, ...OTHER_VALUES }]) {
        const value = sample[key];
        const text = formatCell(key, value, lang);
        const parsed = parseCell(key, text);
        expect(parsed, `${key} ${JSON.stringify(value)} → ${JSON.stringify(text)}`).toEqual({
          ok: true,
          value,
        });
        expect(USER_FIELDS[key].valueSchema.safeParse(value).success).toBe(true);
      }
    });

    it.each(FIELD_KEYS)('formats an empty %s as an empty cell, which parses as empty', (key) => {
      const empty = emptyValueOf(key);
      const text = formatCell(key, empty, lang);
      if (typeof empty === 'boolean') expect(parseCell(key, text)).toEqual({ ok: true, value: false });
      else {
        expect(text).toBe('');
        expect(parseCell(key, text)).toEqual({ ok: true, value: null });
      }
    });
  });
});

describe('one limit per rule: the value schema and the cell parser refuse at the same length', () => {
  const limited = FIELDS.filter((field) => field.maxLength !== undefined);

  it('covers every text, e-mail and user-groups field', () => {
    const kinds = new Set(['text', 'email', 'userGroups']);
    expect(limited.map((f) => f.key)).toEqual(FIELDS.filter((f) => kinds.has(f.kind)).map((f) => f.key));
  });

  it.each(limited.map((field) => [field.key, field] as const))('%s', (key, field) => {
    const max = field.maxLength!;
    const sized = (length: number): [text: string, value: unknown] => {
      if (field.kind === 'email') {
        const email = `${'a'.repeat(length - '@example.com'.length)}@example.com`;
        return [email, email];
      }
      if (field.kind === 'userGroups') return ['g'.repeat(length), ['g'.repeat(length)]];
      return ['x'.repeat(length), 'x'.repeat(length)];
    };
    for (const [length, accepted] of [
      [max, true],
      [max + 1, false],
    ] as const) {
      const [text, value] = sized(length);
      expect(parseCell(key, text).ok, `parser, ${length} characters`).toBe(accepted);
      expect(USER_FIELDS[key].valueSchema.safeParse(value).success, `schema, ${length}`).toBe(accepted);
    }
    if (field.maxItems !== undefined) {
      const groups = (n: number) => Array.from({ length: n }, (_, i) => `G${i}`);
      for (const [count, accepted] of [
        [field.maxItems, true],
        [field.maxItems + 1, false],
      ] as const) {
        expect(parseCell(key, groups(count).join(',')).ok, `parser, ${count} items`).toBe(accepted);
        expect(USER_FIELDS[key].valueSchema.safeParse(groups(count)).success, `schema, ${count}`).toBe(
          accepted,
        );
      }
    }
  });
});
