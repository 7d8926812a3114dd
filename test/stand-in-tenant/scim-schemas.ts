import {
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  LIST_RESPONSE_MESSAGE,
  PORTATOUR_USER_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
} from './scim-uris.ts';
import { AUTHORIZATION_LEVELS, LANGUAGES } from './user-fields.ts';

/**
 * What GET /Schemas, /ResourceTypes and /ServiceProviderConfig answer (RFC 7643 §5–§7), and the
 * attribute catalogue that PATCH paths are resolved against. Only the attributes this server stores
 * are described: a client reading /Schemas learns exactly what round-trips.
 */

export interface ScimAttribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'dateTime' | 'reference';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: ScimAttribute[];
}

export interface ScimSchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: ScimAttribute[];
}

function attribute(
  name: string,
  description: string,
  options: Partial<Omit<ScimAttribute, 'name' | 'description'>> = {},
): ScimAttribute {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

const typeAttribute = (canonical: string) =>
  attribute('type', `A label; this server stores the "${canonical}" value.`, {
    canonicalValues: [canonical],
  });

export const CORE_USER_DEFINITION: ScimSchemaDefinition = {
  id: CORE_USER_SCHEMA,
  name: 'User',
  description: 'A portatour user account.',
  attributes: [
    attribute(
      'userName',
      'Assigned by the server on create (e.g. anna.schmidt@demo); clients cannot change it.',
      {
        required: true,
        mutability: 'readOnly',
        uniqueness: 'server',
      },
    ),
    attribute('name', "The user's name.", {
      type: 'complex',
      required: true,
      subAttributes: [
        attribute('givenName', 'First name, 1–100 characters.', { required: true }),
        attribute('familyName', 'Last name, 1–100 characters.', { required: true }),
      ],
    }),
    attribute(
      'emails',
      'Exactly one address is stored: the primary one, else the "work" one, else the first.',
      {
        type: 'complex',
        multiValued: true,
        required: true,
        subAttributes: [
          attribute('value', 'E-mail address, unique per company (case-insensitive).', {
            required: true,
            uniqueness: 'server',
          }),
          typeAttribute('work'),
          attribute('primary', 'Always true for the stored address.', { type: 'boolean' }),
        ],
      },
    ),
    attribute(
      'phoneNumbers',
      'The mobile phone (E.164), used for the SMS access link. One number is stored.',
      {
        type: 'complex',
        multiValued: true,
        subAttributes: [attribute('value', 'E.164, e.g. +4915112345678.'), typeAttribute('mobile')],
      },
    ),
    attribute(
      'preferredLanguage',
      'Language of the app: one of de, en, fr, it, es, nl, pl, cs; default the company’s.',
      {
        canonicalValues: [...LANGUAGES],
      },
    ),
    attribute('active', 'false = deactivated (the account is kept and still holds its license).', {
      type: 'boolean',
    }),
    attribute('addresses', 'The home address, start and end of the user’s routes. One address is stored.', {
      type: 'complex',
      multiValued: true,
      subAttributes: [
        typeAttribute('home'),
        attribute('streetAddress', 'Street and number, 0–200 characters.'),
        attribute('postalCode', 'Postal code, 0–20 characters.'),
        attribute('locality', 'City, 0–100 characters.'),
        attribute('country', 'ISO 3166-1 alpha-2 code, e.g. DE.'),
      ],
    }),
  ],
};

export const ENTERPRISE_USER_DEFINITION: ScimSchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User (RFC 7643 §4.3); this server stores the employee number only.',
  attributes: [
    attribute('employeeNumber', 'Personnel number, 0–50 characters, unique per company when set.', {
      caseExact: true,
      uniqueness: 'server',
    }),
  ],
};

export const PORTATOUR_USER_DEFINITION: ScimSchemaDefinition = {
  id: PORTATOUR_USER_SCHEMA,
  name: 'PortatourUser',
  description: 'The portatour attributes of a user account.',
  attributes: [
    attribute('authorizationLevel', 'User, Supervisor or Administrator; default User.', {
      caseExact: true,
      canonicalValues: [...AUTHORIZATION_LEVELS],
    }),
    attribute(
      'hasOwnSchedule',
      'true = field user with own schedule, who holds a license (also when deactivated); default true. ' +
        'Changing it to false deletes the user’s customers, appointments and reports.',
      { type: 'boolean' },
    ),
    attribute(
      'userGroups',
      'Group names, each ≤ 40 characters, ≤ 97 per user; companies with ≥ 10 licenses only.',
      {
        multiValued: true,
      },
    ),
    attribute('note', 'A note for administrators, 0–1000 characters.'),
    attribute('accessLinkSentAt', 'When the access link was last sent; null = never.', {
      type: 'dateTime',
      mutability: 'readOnly',
    }),
    attribute('lastLoginAt', 'When the user last signed in; null = never.', {
      type: 'dateTime',
      mutability: 'readOnly',
    }),
  ],
};

export const USER_SCHEMA_DEFINITIONS: readonly ScimSchemaDefinition[] = [
  CORE_USER_DEFINITION,
  ENTERPRISE_USER_DEFINITION,
  PORTATOUR_USER_DEFINITION,
];

/** Attributes common to all resources (RFC 7643 §3.1); not part of any schema's `attributes`. */
export const COMMON_ATTRIBUTES: readonly ScimAttribute[] = [
  attribute('id', 'The portatour ID, assigned by the server.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'An identifier defined by the provisioning client.', { caseExact: true }),
  attribute('meta', 'Resource metadata.', { type: 'complex', mutability: 'readOnly' }),
];

/** test/stand-in-tenant/README.md: the limits the proxy plans its requests around. */
export const BULK_MAX_OPERATIONS = 1000;
export const BULK_MAX_PAYLOAD_BYTES = 10_485_760;
export const FILTER_MAX_RESULTS = 5000;

export function serviceProviderConfig(scimBaseUrl: string, bulkSupported = true) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    bulk: bulkSupported
      ? { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD_BYTES }
      : { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: FILTER_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'Authorization: Bearer <API token of a company administrator>',
        primary: true,
      },
      {
        type: 'httpbasic',
        name: 'HTTP Basic',
        description:
          'Authorization: Basic base64(<any user name>:<API token>), as portatour’s own API accepts',
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${scimBaseUrl}/ServiceProviderConfig`,
    },
  };
}

export function schemaResource(definition: ScimSchemaDefinition, scimBaseUrl: string) {
  return {
    schemas: [SCHEMA_SCHEMA],
    ...definition,
    meta: { resourceType: 'Schema', location: `${scimBaseUrl}/Schemas/${definition.id}` },
  };
}

export function userResourceType(scimBaseUrl: string) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'portatour user accounts',
    schema: CORE_USER_SCHEMA,
    schemaExtensions: [
      { schema: ENTERPRISE_USER_SCHEMA, required: false },
      { schema: PORTATOUR_USER_SCHEMA, required: false },
    ],
    meta: { resourceType: 'ResourceType', location: `${scimBaseUrl}/ResourceTypes/User` },
  };
}

export function listResponse<T>(resources: T[], totalResults = resources.length, startIndex = 1) {
  return {
    schemas: [LIST_RESPONSE_MESSAGE],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
