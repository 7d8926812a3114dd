/**
 * Schema and message URNs of SCIM 2.0 (RFC 7643 §8.7.1, RFC 7644 §3) and the portatour extension
 * schema (test/stand-in-tenant/README.md). One place, so a typo cannot make two modules disagree.
 */
export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PORTATOUR_USER_SCHEMA = 'urn:portatour:params:scim:schemas:extension:portatour:2.0:User';

export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export const LIST_RESPONSE_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_REQUEST_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

/** The User resource's extension schemas, in the order they appear in `schemas`. */
export const USER_EXTENSION_SCHEMAS = [ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA] as const;
