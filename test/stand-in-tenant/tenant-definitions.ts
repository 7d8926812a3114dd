import type { HostSystem } from '../../shared/api/company.ts';
import type { Language } from './user-fields.ts';

export type { HostSystem };

/** A company on the stand-in, with the demo tokens that act as its administrator / member (test/stand-in-tenant/README.md). */
export interface TenantDefinition {
  id: string;
  name: string;
  licenses: number;
  hostSystem: HostSystem | null;
  /** Assigned to a new account that names no language (docs/api-guide.md#fields "tenant default"). */
  defaultLanguage: Language;
  /** Where the company is (ISO code): national phone numbers in its files are numbers of this country. Default DE. */
  country?: string;
  adminToken: string;
  /** A member that is not an administrator; `null` where the contract lists none. */
  userToken: string | null;
}

/** The seeded tenants of test/stand-in-tenant/README.md; the tokens are valid only on the stand-in. */
export const SEEDED_TENANTS: readonly TenantDefinition[] = [
  {
    id: 'demo',
    name: 'Demo GmbH',
    licenses: 25,
    hostSystem: null,
    country: 'DE',
    defaultLanguage: 'de',
    adminToken: 'demo-admin-token',
    userToken: 'demo-user-token',
  },
  {
    id: 'solo',
    name: 'Handelsvertretung Weber',
    licenses: 1,
    hostSystem: null,
    defaultLanguage: 'de',
    adminToken: 'solo-admin-token',
    userToken: null,
  },
  {
    id: 'sfdc',
    name: 'Alpina Pharma AG',
    licenses: 50,
    hostSystem: 'salesforce',
    country: 'CH',
    defaultLanguage: 'en',
    adminToken: 'sfdc-admin-token',
    userToken: null,
  },
  {
    id: 'dyn',
    name: 'Nordwerk Maschinenbau GmbH',
    licenses: 50,
    hostSystem: 'dynamics',
    defaultLanguage: 'de',
    adminToken: 'dyn-admin-token',
    userToken: null,
  },
];
