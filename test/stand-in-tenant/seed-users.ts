import type { SeedUser } from './tenant-store.ts';

/**
 * The deterministic users of the seeded tenants (test/stand-in-tenant/README.md). Realistic on purpose: demos and the
 * README screenshot show them, and the e2e tests rely on their shape (demo: 12 users, 10 with own
 * schedule, 2 office staff without, one deactivated field user).
 */

const day = (date: string, time = '08:00'): string => `${date}T${time}:00.000Z`;

const DEMO_USERS: SeedUser[] = [
  {
    givenName: 'Anna',
    familyName: 'Schmidt',
    email: 'anna.schmidt@example.com',
    employeeNumber: 'E-1001',
    mobilePhone: '+4915112345678',
    authorizationLevel: 'Administrator',
    userGroups: ['North', 'Key accounts'],
    homeStreet: 'Mönckebergstraße 7',
    homePostalCode: '20095',
    homeCity: 'Hamburg',
    homeCountry: 'DE',
    accessLinkSentAt: day('2024-02-01', '09:12'),
    lastLoginAt: day('2026-11-26', '07:41'),
  },
  {
    givenName: 'Jürgen',
    familyName: 'Weiß',
    email: 'juergen.weiss@example.com',
    employeeNumber: 'E-1002',
    mobilePhone: '+4917623456789',
    authorizationLevel: 'Supervisor',
    userGroups: ['South'],
    homeStreet: 'Leopoldstraße 112',
    homePostalCode: '80802',
    homeCity: 'München',
    homeCountry: 'DE',
    accessLinkSentAt: day('2024-02-01', '09:15'),
    lastLoginAt: day('2026-11-25', '06:58'),
  },
  {
    givenName: 'Lukas',
    familyName: 'Müller',
    email: 'lukas.mueller@example.com',
    employeeNumber: 'E-1003',
    mobilePhone: '+4915798765432',
    userGroups: ['North'],
    homeStreet: 'Am Markt 3',
    homePostalCode: '28195',
    homeCity: 'Bremen',
    homeCountry: 'DE',
    accessLinkSentAt: day('2024-03-11', '10:02'),
    lastLoginAt: day('2026-11-26', '08:20'),
  },
  {
    givenName: 'Sophie',
    familyName: 'Becker',
    email: 'sophie.becker@example.com',
    mobilePhone: '+4916090112233',
    userGroups: ['West'],
    accessLinkSentAt: day('2025-06-02', '13:30'),
    lastLoginAt: day('2026-11-20', '16:05'),
  },
  {
    givenName: 'Mehmet',
    familyName: 'Yılmaz',
    email: 'mehmet.yilmaz@example.com',
    employeeNumber: 'E-1005',
    userGroups: ['West', 'Key accounts'],
    homeStreet: 'Venloer Straße 210',
    homePostalCode: '50823',
    homeCity: 'Köln',
    homeCountry: 'DE',
    accessLinkSentAt: day('2024-09-16', '08:45'),
    lastLoginAt: day('2026-11-24', '07:10'),
  },
  {
    givenName: 'Katarzyna',
    familyName: 'Nowak',
    email: 'katarzyna.nowak@example.com',
    employeeNumber: 'E-1006',
    mobilePhone: '+48601234567',
    preferredLanguage: 'pl',
    userGroups: ['East'],
    homeStreet: 'Karl-Liebknecht-Straße 9',
    homePostalCode: '04107',
    homeCity: 'Leipzig',
    homeCountry: 'DE',
    accessLinkSentAt: day('2025-01-07', '11:00'),
    lastLoginAt: day('2026-11-19', '09:33'),
  },
  {
    givenName: 'Pierre',
    familyName: 'Dubois',
    email: 'pierre.dubois@example.com',
    employeeNumber: 'E-1007',
    preferredLanguage: 'fr',
    userGroups: ['South'],
    homeStreet: '12 Rue des Hallebardes',
    homePostalCode: '67000',
    homeCity: 'Strasbourg',
    homeCountry: 'FR',
    note: 'Covers Alsace and Baden.',
    accessLinkSentAt: day('2025-04-14', '14:20'),
    lastLoginAt: day('2026-11-23', '18:02'),
  },
  {
    givenName: 'Giulia',
    familyName: 'Rossi',
    email: 'giulia.rossi@example.com',
    mobilePhone: '+393471234567',
    preferredLanguage: 'it',
    userGroups: ['South'],
    accessLinkSentAt: day('2025-10-01', '08:00'),
    lastLoginAt: null,
  },
  {
    givenName: 'Jan',
    familyName: 'de Vries',
    email: 'jan.devries@example.com',
    employeeNumber: 'E-1009',
    preferredLanguage: 'nl',
    userGroups: ['West'],
    accessLinkSentAt: null,
    lastLoginAt: null,
  },
  {
    givenName: 'Eva',
    familyName: 'Nováková',
    email: 'eva.novakova@example.com',
    employeeNumber: 'E-1010',
    preferredLanguage: 'cs',
    active: false,
    userGroups: ['East'],
    note: 'Parental leave until spring; keep her customers.',
    accessLinkSentAt: day('2024-05-21', '12:00'),
    lastLoginAt: day('2026-03-30', '15:47'),
  },
  {
    givenName: 'Sabine',
    familyName: 'Hoffmann',
    email: 'sabine.hoffmann@example.com',
    employeeNumber: 'E-2001',
    authorizationLevel: 'Administrator',
    hasOwnSchedule: false,
    note: 'Back office, manages user accounts.',
    accessLinkSentAt: day('2024-02-01', '09:05'),
    lastLoginAt: day('2026-11-26', '10:15'),
  },
  {
    givenName: 'Thomas',
    familyName: 'Wagner',
    email: 'thomas.wagner@example.com',
    authorizationLevel: 'Supervisor',
    hasOwnSchedule: false,
    userGroups: ['North', 'South', 'East', 'West'],
    accessLinkSentAt: day('2024-02-19', '16:40'),
    lastLoginAt: day('2026-11-18', '11:11'),
  },
];

const SOLO_USERS: SeedUser[] = [
  {
    givenName: 'Martin',
    familyName: 'Weber',
    email: 'martin.weber@example.com',
    mobilePhone: '+491701234567',
    authorizationLevel: 'Administrator',
    homeStreet: 'Königstraße 28',
    homePostalCode: '70173',
    homeCity: 'Stuttgart',
    homeCountry: 'DE',
    accessLinkSentAt: day('2023-11-02', '09:00'),
    lastLoginAt: day('2026-11-26', '06:30'),
  },
];

/** Name pairs for the synchronized tenants; 20 each, all distinct within a tenant. */
const EUROPEAN_NAMES: readonly (readonly [string, string])[] = [
  ['Maximilian', 'Fischer'],
  ['Lena', 'Schneider'],
  ['Felix', 'Meyer'],
  ['Marie', 'Schulz'],
  ['Paul', 'Koch'],
  ['Emma', 'Richter'],
  ['Jonas', 'Klein'],
  ['Hannah', 'Wolf'],
  ['Elias', 'Neumann'],
  ['Mia', 'Schwarz'],
  ['Noah', 'Zimmermann'],
  ['Laura', 'Braun'],
  ['Luca', 'Bianchi'],
  ['Chloé', 'Martin'],
  ['Mateo', 'García'],
  ['Sanne', 'Bakker'],
  ['Tomasz', 'Kowalski'],
  ['Petra', 'Svobodová'],
  ['Florian', 'Hofer'],
  ['Nina', 'Krüger'],
];

function asciiSlug(text: string): string {
  return text
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function synchronizedTenantUsers(domain: string, groups: readonly string[]): SeedUser[] {
  return EUROPEAN_NAMES.map(([givenName, familyName], index): SeedUser => {
    const officeStaff = index >= 18;
    return {
      givenName,
      familyName,
      email: `${asciiSlug(givenName)}.${asciiSlug(familyName)}@${domain}`,
      employeeNumber: `P${String(4711 + index * 13).padStart(6, '0')}`,
      mobilePhone: index % 3 === 0 ? `+49151${String(2000000 + index * 7919).padStart(8, '0')}` : null,
      authorizationLevel: index === 0 ? 'Administrator' : index % 7 === 3 ? 'Supervisor' : 'User',
      hasOwnSchedule: !officeStaff,
      userGroups: officeStaff ? [] : [groups[index % groups.length] ?? 'Field'],
      accessLinkSentAt: day(`2025-0${1 + (index % 9)}-1${index % 10}`),
      lastLoginAt: index % 5 === 4 ? null : day(`2026-11-${String(6 + index).padStart(2, '0')}`, '07:30'),
    };
  });
}

/** Realistic per-user schedule data for field users (test/stand-in-tenant/README.md: seeded non-zero, zeroed on Yes→No). */
function withScheduleData(users: SeedUser[], tenantSalt: number): SeedUser[] {
  return users.map((user, index) =>
    user.hasOwnSchedule === false
      ? user
      : {
          customers: 40 + ((index * 37 + tenantSalt) % 160),
          appointments: 300 + ((index * 131 + tenantSalt) % 900),
          reports: 120 + ((index * 53 + tenantSalt) % 500),
          ...user,
        },
  );
}

/** The seeded users per tenant id; creation timestamps are fixed so that every seed looks the same. */
export const SEEDED_USERS: Readonly<Record<string, readonly SeedUser[]>> = {
  demo: withScheduleData(DEMO_USERS, 1),
  solo: withScheduleData(SOLO_USERS, 2),
  sfdc: withScheduleData(synchronizedTenantUsers('alpina-pharma.example.com', ['Oncology', 'Cardiology']), 3),
  dyn: withScheduleData(
    synchronizedTenantUsers('nordwerk.example.com', ['Nord', 'Süd', 'Export']).map((user) => ({
      ...user,
      preferredLanguage: 'de' as const,
    })),
    4,
  ),
};

/** The first seeded account was created on this day; each further one a day later. */
export const SEED_CREATED_FROM = Date.parse('2023-10-02T08:00:00.000Z');
