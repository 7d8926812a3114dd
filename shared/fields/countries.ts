// ISO 3166-1 alpha-2 codes (docs/api-guide.md#fields: home country is stored as the code; names are accepted on import).
// Names come from Intl.DisplayNames, so every language the product speaks recognises its own country names
// without shipping a name table.
const ISO_3166_ALPHA_2 =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
  'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
  'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
  'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
  'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK';

export const COUNTRY_CODES: ReadonlySet<string> = new Set(ISO_3166_ALPHA_2.split(' '));

const NAME_LANGUAGES = ['en', 'de', 'fr', 'it', 'es', 'nl', 'pl', 'cs'];

// Common spellings Intl does not produce (its names are e.g. "United Kingdom", "Deutschland").
const EXTRA_NAMES: Record<string, string> = {
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  grossbritannien: 'GB',
  usa: 'US',
  'united states of america': 'US',
  brd: 'DE',
  'bundesrepublik deutschland': 'DE',
  holland: 'NL',
  suisse: 'CH',
  schweiz: 'CH',
  osterreich: 'AT',
  oesterreich: 'AT',
  czechia: 'CZ',
  'czech republic': 'CZ',
  'tschechische republik': 'CZ',
  tschechien: 'CZ',
};

export function normalizeCountryName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

let countryByName: Map<string, string> | undefined;

function countryNameIndex(): Map<string, string> {
  if (countryByName) return countryByName;
  const index = new Map<string, string>(Object.entries(EXTRA_NAMES));
  for (const language of NAME_LANGUAGES) {
    const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    for (const code of COUNTRY_CODES) {
      const name = names.of(code);
      if (name) index.set(normalizeCountryName(name), code);
    }
  }
  countryByName = index;
  return index;
}

/** An ISO code ("de", "DE") or a country name in one of the product's languages → the ISO code, else undefined. */
export function countryCodeOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^[a-z]{2}$/i.test(trimmed) && COUNTRY_CODES.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return countryNameIndex().get(normalizeCountryName(trimmed));
}
