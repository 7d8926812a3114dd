// The field catalogue (docs/api-guide.md#fields): ONE definition from which validation, export headers, the template's
// "Field info" sheet, the wizard's (i) texts, the settings JSON Schema and the OpenAPI description are made.
// Plain data on purpose: the zod schemas are built from it in user-fields.ts, and the wizard reads it without
// shipping zod (whose compiled parsers use `new Function`, which extension reviews refuse).
import { LANGUAGES } from './field-values.ts';

export const FIELD_KINDS = [
  'id',
  'text',
  'email',
  'phone',
  'language',
  'authorizationLevel',
  'yesNo',
  'userGroups',
  'country',
  'dateTime',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface FieldMeta {
  header: { en: string; de: string };
  /**
   * Other headers HR systems and people give this column, German and English (matched like the headers: case,
   * accents, spaces and punctuation do not count). Home fields are also matched with a "Heimat"/"Home" prefix.
   */
  aliases?: readonly string[];
  /** Headers that mean this field only when no other column of the file does ("Telefon" beside "Mobil"). */
  weakAliases?: readonly string[];
  info: { en: string; de: string };
  kind: FieldKind;
  /** Exported, ignored on import: a changed value is a warning, never a write. */
  readOnly: boolean;
  requiredOnCreate: boolean;
  /** Can identify an existing user (docs/api-guide.md#the-settings-file matchBy). */
  matchKey: boolean;
  /** Wizard page: the mapping step, or page 2 (home location). */
  page: 'columns' | 'home';
  /**
   * The most characters of a value (text, email) or of each list item (a user group's name). The value schemas
   * of user-fields.ts and the cell parsers both read it here, so a limit is written once.
   */
  maxLength?: number;
  /** The most items of a list value (user groups per user). */
  maxItems?: number;
  /** Only offered to companies with at least this many licenses. */
  minLicenses?: number;
}

const base = { readOnly: false, requiredOnCreate: false, matchKey: false, page: 'columns' } as const;

const CATALOGUE = {
  portatourId: {
    ...base,
    header: { en: 'Portatour ID', de: 'Portatour-ID' },
    aliases: ['ID', 'portatour ID', 'Benutzer-ID', 'User ID'],
    kind: 'id',
    readOnly: true,
    matchKey: true,
    info: {
      en: 'The account number portatour assigned. Read-only; leave it as exported so updates find the right user. Empty for new users.',
      de: 'Die von portatour vergebene Kontonummer. Nur lesbar; lassen Sie sie wie exportiert, damit Änderungen den richtigen Benutzer finden. Bei neuen Benutzern leer.',
    },
  },
  firstName: {
    ...base,
    header: { en: 'First name', de: 'Vorname' },
    aliases: ['Given name', 'Rufname', 'Forename'],
    kind: 'text',
    maxLength: 100,
    requiredOnCreate: true,
    info: {
      en: 'Required for new users, 1–100 characters.',
      de: 'Pflicht für neue Benutzer, 1–100 Zeichen.',
    },
  },
  lastName: {
    ...base,
    header: { en: 'Last name', de: 'Nachname' },
    aliases: ['Familienname', 'Surname', 'Family name', 'Zuname'],
    kind: 'text',
    maxLength: 100,
    requiredOnCreate: true,
    info: {
      en: 'Required for new users, 1–100 characters.',
      de: 'Pflicht für neue Benutzer, 1–100 Zeichen.',
    },
  },
  email: {
    ...base,
    header: { en: 'Email', de: 'E-Mail' },
    aliases: [
      'Mail',
      'E-Mail-Adresse',
      'Email address',
      'E-Mail geschäftlich',
      'Business email',
      'Work email',
      'Dienstliche E-Mail',
      'Geschäftliche E-Mail',
    ],
    kind: 'email',
    maxLength: 254,
    requiredOnCreate: true,
    matchKey: true,
    info: {
      en: 'Required for new users. Unique within the company (upper and lower case count as the same). Identifies existing users when there is no Portatour ID.',
      de: 'Pflicht für neue Benutzer. Eindeutig im Unternehmen (Groß- und Kleinschreibung zählen gleich). Erkennt bestehende Benutzer, wenn keine Portatour-ID angegeben ist.',
    },
  },
  employeeNumber: {
    ...base,
    header: { en: 'Employee number', de: 'Personalnummer' },
    aliases: [
      'Personal-Nr.',
      'Personalnr',
      'Pers.-Nr.',
      'PNr',
      'Mitarbeiternummer',
      'Mitarbeiter-Nr.',
      'Employee ID',
      'Employee no',
      'Staff number',
      'Personnel number',
    ],
    kind: 'text',
    maxLength: 50,
    matchKey: true,
    info: {
      en: 'Optional, up to 50 characters, unique within the company when set. Can identify existing users.',
      de: 'Optional, bis 50 Zeichen, eindeutig im Unternehmen, wenn gesetzt. Kann bestehende Benutzer erkennen.',
    },
  },
  userName: {
    ...base,
    header: { en: 'User name', de: 'Benutzername' },
    aliases: ['Username', 'Login', 'Anmeldename'],
    kind: 'id',
    readOnly: true,
    info: {
      en: 'The sign-in name portatour assigns to new users. Read-only.',
      de: 'Der Anmeldename, den portatour neuen Benutzern zuweist. Nur lesbar.',
    },
  },
  mobilePhone: {
    ...base,
    header: { en: 'Mobile phone', de: 'Mobiltelefon' },
    aliases: [
      'Mobil',
      'Mobile',
      'Handy',
      'Mobilnummer',
      'Handynummer',
      'Mobilfunk',
      'Mobilfunknummer',
      'Telefon mobil',
      'Mobile number',
      'Cell phone',
      'Cell',
    ],
    weakAliases: ['Telefon', 'Telefonnummer', 'Tel.', 'Phone', 'Phone number'],
    kind: 'phone',
    info: {
      en: "Optional. Used to send the access link by SMS. Stored internationally (+49…); a national number such as 0171… is read as a number of the company's country, so give numbers from other countries with their country code.",
      de: 'Optional. Für den Versand des Zugangslinks per SMS. Wird international gespeichert (+49…); eine nationale Nummer wie 0171… gilt als Nummer des Landes Ihres Unternehmens, Nummern anderer Länder daher mit Landesvorwahl angeben.',
    },
  },
  language: {
    ...base,
    header: { en: 'Language', de: 'Sprache' },
    aliases: ['Sprache (portatour)', 'Language code', 'Sprachcode'],
    kind: 'language',
    info: {
      en: `The user's portatour language: ${LANGUAGES.join(', ')}. New users get the company's default when empty.`,
      de: `Die portatour-Sprache des Benutzers: ${LANGUAGES.join(', ')}. Neue Benutzer erhalten ohne Angabe die Voreinstellung des Unternehmens.`,
    },
  },
  authorizationLevel: {
    ...base,
    header: { en: 'Authorization level', de: 'Berechtigungsstufe' },
    aliases: ['Role', 'Rolle', 'Berechtigung', 'Access level', 'Permission level'],
    kind: 'authorizationLevel',
    info: {
      en: 'User, Supervisor or Administrator (also 0, 1, 2). New users are User when empty.',
      de: 'Benutzer, Vorgesetzter oder Administrator (auch 0, 1, 2). Neue Benutzer sind ohne Angabe Benutzer.',
    },
  },
  active: {
    ...base,
    header: { en: 'Active', de: 'Aktiv' },
    aliases: ['Status aktiv', 'Is active', 'Enabled', 'Aktiviert'],
    kind: 'yesNo',
    info: {
      en: 'Yes or No. No deactivates the user (nothing is deleted). New users are active.',
      de: 'Ja oder Nein. Nein deaktiviert den Benutzer (es wird nichts gelöscht). Neue Benutzer sind aktiv.',
    },
  },
  hasOwnSchedule: {
    ...base,
    header: { en: 'Has own schedule', de: 'Eigene Terminplanung' },
    aliases: ['Eigener Terminplan', 'Eigene Tourenplanung', 'Own schedule', 'Field user', 'Außendienst'],
    kind: 'yesNo',
    info: {
      en: "Yes for field users who plan their own appointments: they need a license (deactivated ones too, until deleted). Changing Yes to No deletes that user's customers, appointments and reports.",
      de: 'Ja für Außendienstler mit eigener Terminplanung: Sie benötigen eine Lizenz (auch deaktivierte, bis sie gelöscht sind). Eine Änderung von Ja auf Nein löscht Kunden, Termine und Berichte dieses Benutzers.',
    },
  },
  userGroups: {
    ...base,
    header: { en: 'User groups', de: 'Benutzergruppen' },
    aliases: ['Groups', 'Gruppen', 'Gruppe', 'Group', 'Abteilung', 'Department'],
    kind: 'userGroups',
    maxLength: 40,
    maxItems: 97,
    minLicenses: 10,
    info: {
      en: 'Group names separated by commas (each up to 40 characters, up to 97 per user). Unknown groups are created. Only for companies with 10 or more licenses.',
      de: 'Gruppennamen durch Kommas getrennt (je bis 40 Zeichen, bis 97 je Benutzer). Unbekannte Gruppen werden angelegt. Nur für Unternehmen mit mindestens 10 Lizenzen.',
    },
  },
  note: {
    ...base,
    header: { en: 'Note', de: 'Notiz' },
    aliases: ['Notes', 'Notizen'],
    kind: 'text',
    maxLength: 1000,
    info: {
      en: 'Optional, up to 1000 characters. Visible to administrators only.',
      de: 'Optional, bis 1000 Zeichen. Nur für Administratoren sichtbar.',
    },
  },
  homeStreet: {
    ...base,
    page: 'home',
    header: { en: 'Home street', de: 'Heimatadresse Straße' },
    aliases: [
      'Straße',
      'Strasse',
      'Str.',
      'Straße und Hausnummer',
      'Straße + Hausnummer',
      'Street',
      'Street address',
    ],
    weakAliases: ['Anschrift', 'Adresse', 'Address'],
    kind: 'text',
    maxLength: 200,
    info: {
      en: "Street and number of the user's home location, where route planning starts and ends.",
      de: 'Straße und Hausnummer der Heimatadresse, an der die Tourenplanung beginnt und endet.',
    },
  },
  homePostalCode: {
    ...base,
    page: 'home',
    header: { en: 'Home postal code', de: 'Heimatadresse PLZ' },
    aliases: ['PLZ', 'Postleitzahl', 'Postal code', 'Postcode', 'ZIP', 'ZIP code'],
    kind: 'text',
    maxLength: 20,
    info: {
      en: 'Postal code of the home location, kept as text (leading zeros stay).',
      de: 'Postleitzahl der Heimatadresse, als Text gespeichert (führende Nullen bleiben).',
    },
  },
  homeCity: {
    ...base,
    page: 'home',
    header: { en: 'Home city', de: 'Heimatadresse Ort' },
    aliases: ['Ort', 'Stadt', 'Wohnort', 'City', 'Town'],
    kind: 'text',
    maxLength: 100,
    info: { en: 'City of the home location.', de: 'Ort der Heimatadresse.' },
  },
  homeCountry: {
    ...base,
    page: 'home',
    header: { en: 'Home country', de: 'Heimatadresse Land' },
    aliases: ['Land', 'Country', 'Staat', 'Länderkennzeichen', 'Country code'],
    kind: 'country',
    info: {
      en: 'Country of the home location: an ISO code (DE) or a name (Germany, Deutschland); stored as the code.',
      de: 'Land der Heimatadresse: ISO-Code (DE) oder Name (Deutschland, Germany); gespeichert wird der Code.',
    },
  },
  accessLinkSentAt: {
    ...base,
    header: { en: 'Access link sent', de: 'Zugangslink gesendet' },
    kind: 'dateTime',
    readOnly: true,
    info: {
      en: 'When the access link was last sent, in UTC: a date in XLSX and ODS, ISO text in CSV. Read-only; new users are not notified until "Send access link" is clicked.',
      de: 'Wann der Zugangslink zuletzt gesendet wurde, in UTC: ein Datum in XLSX und ODS, ISO-Text in CSV. Nur lesbar; neue Benutzer werden erst benachrichtigt, wenn "Zugangslink senden" geklickt wird.',
    },
  },
  lastLoginAt: {
    ...base,
    header: { en: 'Last login', de: 'Letzte Anmeldung' },
    kind: 'dateTime',
    readOnly: true,
    info: {
      en: 'When the user last signed in, in UTC: a date in XLSX and ODS, ISO text in CSV. Read-only.',
      de: 'Wann sich der Benutzer zuletzt angemeldet hat, in UTC: ein Datum in XLSX und ODS, ISO-Text in CSV. Nur lesbar.',
    },
  },
} as const satisfies Record<string, FieldMeta>;

/** Every field's description; `kind` stays literal so that UserRecord can follow from it. */
export const FIELD_CATALOGUE: {
  [K in keyof typeof CATALOGUE]: FieldMeta & { kind: (typeof CATALOGUE)[K]['kind'] };
} = CATALOGUE;

export type FieldKey = keyof typeof FIELD_CATALOGUE;
export const FIELD_KEYS = Object.keys(FIELD_CATALOGUE) as FieldKey[];

export interface FieldDescription extends FieldMeta {
  key: FieldKey;
}

export const FIELDS: readonly FieldDescription[] = FIELD_KEYS.map((key) => ({
  key,
  ...FIELD_CATALOGUE[key],
}));

export const WRITABLE_FIELD_KEYS = FIELDS.filter((f) => !f.readOnly).map((f) => f.key);
/** The fields a row can name its user by, in the order `matchBy: auto` tries them. */
export const MATCH_KEYS = ['portatourId', 'employeeNumber', 'email'] as const satisfies readonly FieldKey[];
export type MatchKey = (typeof MATCH_KEYS)[number];
/** The fields of wizard page 2 (`page: 'home'`), in their order. */
export const HOME_FIELDS = [
  'homeStreet',
  'homePostalCode',
  'homeCity',
  'homeCountry',
] as const satisfies readonly FieldKey[];
export type HomeField = (typeof HOME_FIELDS)[number];

export function fieldHeader(key: FieldKey, lang: 'en' | 'de'): string {
  return FIELD_CATALOGUE[key].header[lang];
}

/**
 * A limit of a field (`maxLength`, `maxItems`) that its kind needs: the zod value schema and the cell parser both
 * read it here, so the two cannot disagree.
 */
export function fieldLimit(meta: FieldMeta, limit: 'maxLength' | 'maxItems'): number {
  const value = meta[limit];
  if (value === undefined) throw new Error(`the field catalogue gives no ${limit} for "${meta.header.en}"`);
  return value;
}
