// What a SCIM 2.0 server can do, read from its discovery endpoints (RFC 7644 section 4: /ServiceProviderConfig, /Schemas,
// /ResourceTypes), so the proxy drives any directory the way it can be driven: Bulk or single requests, page sizes
// within its filter limit, PATCH or PUT, If-Match, and only the attributes its schemas describe.
import type { FieldKey } from '../../shared/fields/user-fields.ts';
import { SCIM_CORE_USER, SCIM_ENTERPRISE_USER, SCIM_PORTATOUR_USER } from './scim-user-mapping.ts';

export interface DirectoryCapabilities {
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  /** maxResults 0: the server named no limit. */
  filter: { supported: boolean; maxResults: number };
  patch: boolean;
  etag: boolean;
  /** The server assigns userName itself (readOnly in its User schema): creates leave it out. */
  assignsUserName: boolean;
  /** The extension schemas of the User resource type the server serves. */
  extensions: { enterprise: boolean; portatour: boolean };
  /** Fields whose attributes the server's schemas lack: never sent, their columns are ignored. */
  unstoredFields: FieldKey[];
  /** The discovery endpoints that did not answer: their safe defaults apply. */
  missing: ('ServiceProviderConfig' | 'Schemas' | 'ResourceTypes')[];
  /** What the server refused when asked (no discovery says it), remembered while the capabilities are. */
  learned: { noOrFilter: boolean; unfilterable: Set<string> };
}

interface SchemaAttribute {
  name?: string;
  mutability?: string;
  subAttributes?: SchemaAttribute[];
}
interface SchemaResource {
  id?: string;
  attributes?: SchemaAttribute[];
}
interface ServiceProviderConfig {
  patch?: { supported?: boolean };
  bulk?: { supported?: boolean; maxOperations?: number; maxPayloadSize?: number };
  filter?: { supported?: boolean; maxResults?: number };
  etag?: { supported?: boolean };
}
interface ResourceType {
  id?: string;
  name?: string;
  schema?: string;
  schemaExtensions?: { schema?: string }[];
}

/** Where each field lives: schema, attribute and sub-attribute (RFC 7643 section 4.1 and the extensions). */
const FIELD_ATTRIBUTES: Partial<Record<FieldKey, [schema: string, attribute: string, sub?: string]>> = {
  firstName: [SCIM_CORE_USER, 'name', 'givenName'],
  lastName: [SCIM_CORE_USER, 'name', 'familyName'],
  email: [SCIM_CORE_USER, 'emails', 'value'],
  mobilePhone: [SCIM_CORE_USER, 'phoneNumbers', 'value'],
  language: [SCIM_CORE_USER, 'preferredLanguage'],
  active: [SCIM_CORE_USER, 'active'],
  homeStreet: [SCIM_CORE_USER, 'addresses', 'streetAddress'],
  homePostalCode: [SCIM_CORE_USER, 'addresses', 'postalCode'],
  homeCity: [SCIM_CORE_USER, 'addresses', 'locality'],
  homeCountry: [SCIM_CORE_USER, 'addresses', 'country'],
  employeeNumber: [SCIM_ENTERPRISE_USER, 'employeeNumber'],
  authorizationLevel: [SCIM_PORTATOUR_USER, 'authorizationLevel'],
  hasOwnSchedule: [SCIM_PORTATOUR_USER, 'hasOwnSchedule'],
  userGroups: [SCIM_PORTATOUR_USER, 'userGroups'],
  note: [SCIM_PORTATOUR_USER, 'note'],
};

/**
 * A server that does not describe itself is driven in the way every SCIM 2.0 server must accept: single requests,
 * PATCH (a 405/501 switches to PUT), no If-Match, the core User schema of RFC 7643 with userName sent on create.
 */
export const SAFE_DEFAULTS: DirectoryCapabilities = {
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: 0 },
  patch: true,
  etag: false,
  assignsUserName: false,
  extensions: { enterprise: false, portatour: false },
  unstoredFields: ['employeeNumber', 'authorizationLevel', 'hasOwnSchedule', 'userGroups', 'note'],
  missing: ['ServiceProviderConfig', 'Schemas', 'ResourceTypes'],
  learned: { noOrFilter: false, unfilterable: new Set() },
};

const positive = (value: unknown) => (typeof value === 'number' && value > 0 ? Math.floor(value) : 0);

/** The capabilities from the three discovery answers; undefined = that endpoint is not there. */
export function capabilitiesFrom(
  config: ServiceProviderConfig | undefined,
  schemas: SchemaResource[] | undefined,
  resourceTypes: ResourceType[] | undefined,
): DirectoryCapabilities {
  const missing: DirectoryCapabilities['missing'] = [];
  if (!config) missing.push('ServiceProviderConfig');
  if (!schemas) missing.push('Schemas');
  if (!resourceTypes) missing.push('ResourceTypes');

  const bulkSupported = config ? config.bulk?.supported === true : false;
  const capabilities: DirectoryCapabilities = {
    ...SAFE_DEFAULTS,
    missing,
    learned: { noOrFilter: false, unfilterable: new Set() },
    bulk: bulkSupported
      ? {
          supported: true,
          maxOperations: positive(config?.bulk?.maxOperations) || 1,
          maxPayloadSize: positive(config?.bulk?.maxPayloadSize),
        }
      : SAFE_DEFAULTS.bulk,
    filter: config
      ? { supported: config.filter?.supported === true, maxResults: positive(config.filter?.maxResults) }
      : SAFE_DEFAULTS.filter,
    patch: config ? config.patch?.supported === true : SAFE_DEFAULTS.patch,
    etag: config ? config.etag?.supported === true : SAFE_DEFAULTS.etag,
  };

  const userType = resourceTypes?.find((type) => type.id === 'User' || type.name === 'User');
  const listedExtensions = userType?.schemaExtensions?.map((extension) => extension.schema ?? '');
  const byId = new Map((schemas ?? []).map((schema) => [schema.id ?? '', schema]));
  // An extension is served when the User resource type lists it, or (no /ResourceTypes) when /Schemas has it.
  const serves = (schema: string) =>
    schema === SCIM_CORE_USER ||
    (listedExtensions ? listedExtensions.includes(schema) : schemas ? byId.has(schema) : false);
  capabilities.extensions = {
    enterprise: serves(SCIM_ENTERPRISE_USER),
    portatour: serves(SCIM_PORTATOUR_USER),
  };

  if (schemas) {
    const attributeOf = (schema: string, name: string) =>
      byId.get(schema)?.attributes?.find((a) => a.name?.toLowerCase() === name.toLowerCase());
    const stored = (field: FieldKey) => {
      const [schema, name, sub] = FIELD_ATTRIBUTES[field]!;
      if (!serves(schema)) return false;
      const attribute = attributeOf(schema, name);
      if (!attribute) return false;
      // A complex attribute without a description of its sub-attributes is taken to have the standard ones.
      if (!sub || !attribute.subAttributes) return true;
      return attribute.subAttributes.some((a) => a.name?.toLowerCase() === sub.toLowerCase());
    };
    capabilities.unstoredFields = (Object.keys(FIELD_ATTRIBUTES) as FieldKey[]).filter((f) => !stored(f));
    capabilities.assignsUserName = attributeOf(SCIM_CORE_USER, 'userName')?.mutability === 'readOnly';
  } else {
    capabilities.unstoredFields = (Object.keys(FIELD_ATTRIBUTES) as FieldKey[]).filter(
      (field) => !serves(FIELD_ATTRIBUTES[field]![0]),
    );
  }
  return capabilities;
}

/** Capabilities per user API and tenant for a while: servers rarely change what they can do. */
export class DiscoveryCache {
  private readonly entries = new Map<string, { at: number; value: Promise<DirectoryCapabilities> }>();

  constructor(
    readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<DirectoryCapabilities>): Promise<DirectoryCapabilities> {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.value;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    // A failed discovery (the server was down) is asked again next time, not remembered.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
