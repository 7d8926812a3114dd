// Users made up for large seeded tenants (benchmarks, paging tests): varied names, every field set.
import type { UserFields } from './user-fields.ts';

const GENERATED_GIVEN_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elif',
  'Finn',
  'Greta',
  'Hugo',
  'Ida',
  'Jakob',
];
const GENERATED_FAMILY_NAMES = [
  'Bauer',
  'Hartmann',
  'Lange',
  'Krause',
  'Vogel',
  'Jung',
  'Roth',
  'Frank',
  'Berger',
];

export function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** The default of seedUsers: distinct e-mail addresses and employee numbers, no own schedule. */
export function generatedSeedUser(tenantId: string, index: number): Partial<UserFields> {
  const givenName = GENERATED_GIVEN_NAMES[index % GENERATED_GIVEN_NAMES.length] ?? 'Anna';
  const familyName = GENERATED_FAMILY_NAMES[index % GENERATED_FAMILY_NAMES.length] ?? 'Bauer';
  const number = String(index + 1).padStart(6, '0');
  return {
    givenName,
    familyName,
    email: `${givenName}.${familyName}.${number}@${tenantId}.example.com`.toLowerCase(),
    employeeNumber: `S-${number}`,
    hasOwnSchedule: false,
  };
}
