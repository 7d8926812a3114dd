// The users of the benchmarks (README.md#benchmarks): realistic accounts with every field of docs/api-guide.md#fields set, so the
// exported files are as wide and as varied as a real company's list.
import type { SeedUser } from '../../test/stand-in-tenant/tenant-store.ts';
import type { Language, AuthorizationLevel } from '../../test/stand-in-tenant/user-fields.ts';

export const BENCH_TENANT = 'bench';
export const BENCH_TOKEN = 'bench-admin-token';
/** Empty at start: the create benchmark imports into it. */
export const NEW_USERS_TENANT = 'bench-new';
export const NEW_USERS_TOKEN = 'bench-new-admin-token';
/** Empty at start: a bare SCIM client creates the same users into it, the create benchmark's baseline. */
export const BULK_TENANT = 'bench-bulk';
export const BULK_TOKEN = 'bench-bulk-admin-token';
/**
 * Empty at start: a second proxy imports the create benchmark's rows into the first, then measured into the
 * second (a proxy that has imported before).
 */
export const NEW_USERS_FIRST_TENANT = 'bench-new-first';
export const NEW_USERS_FIRST_TOKEN = 'bench-new-first-admin-token';
export const NEW_USERS_AGAIN_TENANT = 'bench-new-again';
export const NEW_USERS_AGAIN_TOKEN = 'bench-new-again-admin-token';
/** The stand-in's create path is run here before any benchmark (tenant-process.ts). */
export const WARM_TENANT = 'bench-warm';
export const WARM_TOKEN = 'bench-warm-admin-token';

const GIVEN = ['Anna', 'Jürgen', 'Zoë', 'Lukas', 'Małgorzata', 'Émile', 'Sofia', 'Henrik', 'Chiara', 'Noah'];
const FAMILY = ['Schmidt', 'Weiß', 'Nováková', 'Müller', 'García', 'de Vries', 'Rossi', 'Kowalski', 'Dubois'];
const LANGUAGES: Language[] = ['de', 'en', 'fr', 'it', 'es', 'nl', 'pl', 'cs'];
const LEVELS: AuthorizationLevel[] = ['User', 'User', 'User', 'Supervisor', 'Administrator'];
const GROUPS = ['North', 'South', 'East', 'West', 'Key accounts', 'Pharma', 'Retail', 'Trainees'];
const CITIES: [street: string, postalCode: string, city: string, country: string][] = [
  ['Mönckebergstraße', '20095', 'Hamburg', 'DE'],
  ['Leopoldstraße', '80802', 'München', 'DE'],
  ['Mariahilfer Straße', '1060', 'Wien', 'AT'],
  ['Bahnhofstrasse', '8001', 'Zürich', 'CH'],
  ['Rue de Rivoli', '75001', 'Paris', 'FR'],
  ['Via Roma', '10121', 'Torino', 'IT'],
];

/** The i-th (0-based) benchmark user of a tenant; e-mail and employee number are unique per i. */
export function benchUser(tenant: string, index: number): Required<Omit<SeedUser, 'created' | 'externalId'>> {
  const number = String(index + 1).padStart(6, '0');
  const givenName = GIVEN[index % GIVEN.length]!;
  const familyName = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length]!;
  const [street, postalCode, city, country] = CITIES[index % CITIES.length]!;
  const ascii = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return {
    givenName,
    familyName,
    email: `${ascii(givenName)}.${ascii(familyName)}.${number}@${tenant}.example.com`,
    employeeNumber: `E-${number}`,
    mobilePhone: `+49151${String(10_000_000 + index)}`,
    preferredLanguage: LANGUAGES[index % LANGUAGES.length]!,
    authorizationLevel: LEVELS[index % LEVELS.length]!,
    active: index % 25 !== 0,
    hasOwnSchedule: index % 4 !== 0,
    userGroups: [GROUPS[index % GROUPS.length]!, ...(index % 3 === 0 ? ['Key accounts'] : [])].filter(
      (group, position, all) => all.indexOf(group) === position,
    ),
    note: `Territory ${index % 40}; visits on ${['Mondays', 'Tuesdays', 'Thursdays'][index % 3]}`,
    homeStreet: `${street} ${(index % 180) + 1}`,
    homePostalCode: postalCode,
    homeCity: city,
    homeCountry: country,
    customers: index % 4 !== 0 ? 120 : 0,
    appointments: index % 4 !== 0 ? 800 : 0,
    reports: index % 4 !== 0 ? 650 : 0,
    accessLinkSentAt: new Date(Date.UTC(2024, 0, 1) + index * 60_000).toISOString(),
    lastLoginAt: new Date(Date.UTC(2026, 10, 1) + index * 30_000).toISOString(),
  };
}

/**
 * The i-th benchmark user's creation as a SCIM /Bulk operation (RFC 7644 §3.7), as a bare client sends it: every
 * writable field of the create benchmark's rows.
 */
function bulkCreateOperation(tenant: string, index: number) {
  const user = benchUser(tenant, index);
  return {
    method: 'POST',
    path: '/Users',
    bulkId: `u${index}`,
    data: {
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        'urn:portatour:params:scim:schemas:extension:portatour:2.0:User',
      ],
      name: { givenName: user.givenName, familyName: user.familyName },
      emails: [{ value: user.email, type: 'work', primary: true }],
      phoneNumbers: [{ value: user.mobilePhone, type: 'mobile' }],
      preferredLanguage: user.preferredLanguage,
      active: true,
      addresses: [
        {
          type: 'home',
          streetAddress: user.homeStreet,
          postalCode: user.homePostalCode,
          locality: user.homeCity,
          country: user.homeCountry,
        },
      ],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: user.employeeNumber },
      'urn:portatour:params:scim:schemas:extension:portatour:2.0:User': {
        authorizationLevel: user.authorizationLevel,
        hasOwnSchedule: user.hasOwnSchedule,
        userGroups: user.userGroups,
        note: user.note,
      },
    },
  };
}

/** One /Bulk request to `scimBase` creating these benchmark users of `tenant`, as a bare client sends it. */
export function bulkCreate(scimBase: string, token: string, tenant: string, indexes: readonly number[]) {
  return fetch(`${scimBase}/Bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: indexes.map((index) => bulkCreateOperation(tenant, index)),
    }),
  });
}
