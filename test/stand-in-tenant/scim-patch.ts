import {
  findKeyCaseInsensitive,
  getCaseInsensitive,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from './json.ts';
import { ScimError, invalidValue } from './scim-error.ts';
import { parseComparisons, type Comparison } from './scim-filter.ts';
import { COMMON_ATTRIBUTES, USER_SCHEMA_DEFINITIONS, type ScimAttribute } from './scim-schemas.ts';
import { CORE_USER_SCHEMA, PATCH_OP_MESSAGE, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

/**
 * PATCH of a User (RFC 7644 §3.5.2): add, replace and remove, with and without `path`, on the
 * resource's JSON. The result is read back like a PUT body, so PATCH and PUT share every rule.
 */

export type PatchOperationName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOperationName;
  path: string | undefined;
  value: JsonValue | undefined;
}

function invalidSyntax(detail: string): ScimError {
  return new ScimError(400, detail, 'invalidSyntax');
}

function invalidPath(detail: string): ScimError {
  return new ScimError(400, detail, 'invalidPath');
}

/** Validates the PatchOp message; `op` is case-insensitive because common clients send "Replace". */
export function parsePatchRequest(body: JsonValue): PatchOperation[] {
  if (!isJsonObject(body)) throw invalidSyntax('the request body must be a JSON object');
  const schemas = getCaseInsensitive(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_OP_MESSAGE)) {
    throw invalidSyntax(`"schemas" must be ["${PATCH_OP_MESSAGE}"]`);
  }
  const operations = getCaseInsensitive(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax('"Operations" must be a non-empty array');
  }
  return operations.map((operation, index): PatchOperation => {
    if (!isJsonObject(operation)) throw invalidSyntax(`Operations[${index}] must be an object`);
    const op = getCaseInsensitive(operation, 'op');
    const name = typeof op === 'string' ? op.toLowerCase() : undefined;
    if (name !== 'add' && name !== 'replace' && name !== 'remove') {
      throw invalidSyntax(`Operations[${index}].op must be add, replace or remove`);
    }
    const path = getCaseInsensitive(operation, 'path');
    if (path !== undefined && path !== null && typeof path !== 'string') {
      throw invalidPath(`Operations[${index}].path must be a string`);
    }
    const value = getCaseInsensitive(operation, 'value');
    if (name !== 'remove' && value === undefined)
      throw invalidValue(`Operations[${index}] (${name}) needs a value`);
    return {
      op: name,
      path: typeof path === 'string' && path.trim() !== '' ? path.trim() : undefined,
      value,
    };
  });
}

// ---- paths ----

type ResolvedPath =
  | { kind: 'extension'; schema: string }
  | {
      kind: 'attribute';
      /** CORE_USER_SCHEMA for core and common attributes, else the extension whose object holds it. */
      schema: string;
      attribute: ScimAttribute;
      filter: Comparison[] | undefined;
      filterText: string | undefined;
      subAttribute: ScimAttribute | undefined;
    };

/** Extensions first and longest first, so that a prefix never shadows a longer URN. */
const SCHEMAS_BY_URN = [...USER_SCHEMA_DEFINITIONS].sort((a, b) => b.id.length - a.id.length);
const PATH_SHAPE = /^([A-Za-z][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z][\w$-]*))?$/s;

function findAttribute(attributes: readonly ScimAttribute[], name: string): ScimAttribute | undefined {
  const wanted = name.toLowerCase();
  return attributes.find((attribute) => attribute.name.toLowerCase() === wanted);
}

function resolvePath(path: string): ResolvedPath {
  let schema = CORE_USER_SCHEMA;
  let rest = path;
  const lower = path.toLowerCase();
  for (const definition of SCHEMAS_BY_URN) {
    const urn = definition.id.toLowerCase();
    if (lower === urn) {
      if (definition.id === CORE_USER_SCHEMA) throw invalidPath(`"${path}" names a schema, not an attribute`);
      return { kind: 'extension', schema: definition.id };
    }
    if (lower.startsWith(`${urn}:`)) {
      schema = definition.id;
      rest = path.slice(urn.length + 1);
      break;
    }
  }
  const shape = PATH_SHAPE.exec(rest);
  if (shape === null) throw invalidPath(`"${path}" is not an attribute path`);
  const [, name = '', filterText, subName] = shape;
  const definition = USER_SCHEMA_DEFINITIONS.find((candidate) => candidate.id === schema);
  const attribute =
    findAttribute(definition?.attributes ?? [], name) ??
    (schema === CORE_USER_SCHEMA ? findAttribute(COMMON_ATTRIBUTES, name) : undefined);
  if (attribute === undefined) throw invalidPath(`"${path}": this server has no attribute "${name}"`);
  let subAttribute: ScimAttribute | undefined;
  if (subName !== undefined) {
    subAttribute = findAttribute(attribute.subAttributes ?? [], subName);
    if (subAttribute === undefined)
      throw invalidPath(`"${path}": ${attribute.name} has no sub-attribute "${subName}"`);
  }
  if (filterText !== undefined && !attribute.multiValued) {
    throw invalidPath(`"${path}": only multi-valued attributes take a [filter]`);
  }
  let filter: Comparison[] | undefined;
  if (filterText !== undefined) {
    try {
      filter = parseComparisons(filterText);
    } catch (error) {
      throw error instanceof ScimError ? invalidPath(`"${path}": ${error.detail}`) : error;
    }
  }
  return { kind: 'attribute', schema, attribute, filter, filterText, subAttribute };
}

/** Attributes that always have a value; removing them would leave the account invalid. */
function isRemovable(
  schema: string,
  attribute: ScimAttribute,
  subAttribute: ScimAttribute | undefined,
): boolean {
  if (schema === CORE_USER_SCHEMA) {
    if (attribute.name === 'name' || attribute.name === 'active' || attribute.name === 'preferredLanguage') {
      return false;
    }
    if (attribute.name === 'emails' && (subAttribute === undefined || subAttribute.name === 'value'))
      return false;
  }
  if (schema === PORTATOUR_USER_SCHEMA) {
    return attribute.name !== 'authorizationLevel' && attribute.name !== 'hasOwnSchedule';
  }
  return true;
}

// ---- applying ----

/** Renames the keys of a complex value to the attribute's canonical sub-attribute names. */
function canonicalComplex(attribute: ScimAttribute, value: JsonValue, where: string): JsonObject {
  if (!isJsonObject(value)) throw invalidValue(`${where} must be an object`);
  const result: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) {
    const sub = findAttribute(attribute.subAttributes ?? [], key);
    result[sub?.name ?? key] = entry;
  }
  return result;
}

function matches(element: JsonValue, filter: Comparison[]): boolean {
  if (!isJsonObject(element))
    return filter.every(
      ({ attributePath, value }) => attributePath.toLowerCase() === 'value' && equalsLoosely(element, value),
    );
  return filter.every(({ attributePath, value }) =>
    equalsLoosely(getCaseInsensitive(element, attributePath), value),
  );
}

/** Sub-attributes compared in value filters (type, value, primary) are not case-exact (RFC 7643 §4.1.2). */
function equalsLoosely(actual: JsonValue | undefined, expected: string | boolean): boolean {
  if (typeof expected === 'boolean') return actual === expected;
  return typeof actual === 'string' && actual.toLowerCase() === expected.toLowerCase();
}

/** A new element of a multi-valued attribute, from the `eq` comparisons of the filter that found none. */
function elementFromFilter(attribute: ScimAttribute, filter: Comparison[] | undefined): JsonObject {
  const element: JsonObject = {};
  for (const { attributePath, value } of filter ?? []) {
    const sub = findAttribute(attribute.subAttributes ?? [], attributePath);
    element[sub?.name ?? attributePath] = value;
  }
  return element;
}

/** RFC 7643 §2.4: at most one value is primary; the most recently written one wins. */
function keepOnePrimary(values: JsonValue[], preferred: number): JsonValue[] {
  const preferredIsPrimary = isJsonObject(values[preferred]) && values[preferred]?.primary === true;
  if (!preferredIsPrimary) return values;
  return values.map((value, index) =>
    index !== preferred && isJsonObject(value) && value.primary === true
      ? { ...value, primary: false }
      : value,
  );
}

function containerOf(resource: JsonObject, schema: string): JsonObject {
  if (schema === CORE_USER_SCHEMA) return resource;
  const key = findKeyCaseInsensitive(resource, schema) ?? schema;
  const existing = resource[key];
  const container = isJsonObject(existing) ? existing : {};
  delete resource[key];
  resource[schema] = container;
  return container;
}

function applyWithoutPath(resource: JsonObject, operation: PatchOperation): void {
  if (operation.op === 'remove')
    throw new ScimError(400, 'remove needs a "path" (RFC 7644 §3.5.2.2)', 'noTarget');
  if (!isJsonObject(operation.value))
    throw invalidValue(`${operation.op} without a path needs an object of attributes`);
  for (const [key, value] of Object.entries(operation.value)) {
    if (key.toLowerCase() === 'schemas') continue;
    // Each key is itself a path: "name", "urn:…:User" (an extension) or "urn:…:User:employeeNumber".
    applyOperation(resource, { op: operation.op, path: key, value });
  }
}

function applyOperation(resource: JsonObject, operation: PatchOperation): void {
  if (operation.path === undefined) {
    applyWithoutPath(resource, operation);
    return;
  }
  const path = resolvePath(operation.path);
  if (path.kind === 'extension') {
    if (operation.op === 'remove') {
      const container = containerOf(resource, path.schema);
      for (const key of Object.keys(container)) {
        applyOperation(resource, { op: 'remove', path: `${path.schema}:${key}`, value: undefined });
      }
      return;
    }
    if (!isJsonObject(operation.value)) throw invalidValue(`${operation.path} needs an object of attributes`);
    for (const [key, value] of Object.entries(operation.value)) {
      applyOperation(resource, { op: operation.op, path: `${path.schema}:${key}`, value });
    }
    return;
  }
  const { attribute, subAttribute, schema } = path;
  if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') {
    throw new ScimError(400, `${operation.path} is read-only`, 'mutability');
  }
  if (
    operation.op === 'remove' &&
    path.filter === undefined &&
    !isRemovable(schema, attribute, subAttribute)
  ) {
    throw invalidValue(`${operation.path} always has a value and cannot be removed; replace it instead`);
  }
  const container = containerOf(resource, schema);
  const key = findKeyCaseInsensitive(container, attribute.name);
  const current = key === undefined ? undefined : container[key];
  if (key !== undefined && key !== attribute.name) delete container[key];
  const next = attribute.multiValued
    ? applyToMultiValued(attribute, path, operation, Array.isArray(current) ? current : [])
    : applyToSingleValued(attribute, subAttribute, operation, current);
  if (next === undefined) delete container[attribute.name];
  else container[attribute.name] = next;
}

function applyToSingleValued(
  attribute: ScimAttribute,
  subAttribute: ScimAttribute | undefined,
  operation: PatchOperation,
  current: JsonValue | undefined,
): JsonValue | undefined {
  const value = operation.value ?? null;
  if (attribute.type !== 'complex') return operation.op === 'remove' ? undefined : value;
  const object = isJsonObject(current) ? { ...current } : {};
  if (subAttribute !== undefined) {
    if (operation.op === 'remove') delete object[subAttribute.name];
    else object[subAttribute.name] = value;
    return object;
  }
  if (operation.op === 'remove') return undefined;
  // RFC 7644 §3.5.2.1 and §3.5.2.3: sub-attributes not in the value are left unchanged, for add and replace.
  return { ...object, ...canonicalComplex(attribute, value, attribute.name) };
}

function applyToMultiValued(
  attribute: ScimAttribute,
  path: Extract<ResolvedPath, { kind: 'attribute' }>,
  operation: PatchOperation,
  current: JsonValue[],
): JsonValue[] | undefined {
  const { filter, subAttribute } = path;
  const complex = attribute.type === 'complex';
  const given =
    operation.value === undefined ? [] : Array.isArray(operation.value) ? operation.value : [operation.value];

  if (filter === undefined && subAttribute === undefined) {
    if (operation.op === 'remove') {
      if (complex || operation.value === undefined) return undefined;
      // A simple multi-valued attribute (userGroups) drops the listed values.
      const removed = given.map((value) =>
        isJsonObject(value) ? getCaseInsensitive(value, 'value') : value,
      );
      const remaining = current.filter(
        (value) => !removed.some((gone) => equalsLoosely(value, String(gone))),
      );
      return remaining.length === 0 ? undefined : remaining;
    }
    const values = complex
      ? given.map((value, index) => canonicalComplex(attribute, value, `value[${index}]`))
      : given;
    if (operation.op === 'replace') return keepOnePrimary(values, values.length - 1);
    if (!complex) return [...current, ...values.filter((value) => !current.some((old) => old === value))];
    const appended = [...current, ...values];
    return keepOnePrimary(appended, appended.length - 1);
  }

  if (!complex) {
    if (subAttribute !== undefined || operation.op !== 'remove' || filter === undefined) {
      throw invalidPath(
        `${operation.path}: ${attribute.name} takes a [value eq "…"] filter only to remove values`,
      );
    }
    const remaining = current.filter((value) => !matches(value, filter));
    return remaining.length === 0 ? undefined : remaining;
  }

  const selected = current.flatMap((element, index) =>
    isJsonObject(element) && (filter === undefined || matches(element, filter)) ? [index] : [],
  );
  if (operation.op === 'remove') {
    if (subAttribute === undefined) {
      const remaining = current.filter((_, index) => !selected.includes(index));
      return remaining.length === 0 ? undefined : remaining;
    }
    return current.map((element, index) => {
      if (!selected.includes(index) || !isJsonObject(element)) return element;
      const { [subAttribute.name]: _removed, ...rest } = element;
      return rest;
    });
  }
  const value = operation.value ?? null;
  if (selected.length === 0) {
    // RFC 7644 §3.5.2.3: a replace whose filter matches nothing fails; an add creates the value.
    if (operation.op === 'replace' && filter !== undefined) {
      throw new ScimError(
        400,
        `no value of ${attribute.name} matches [${path.filterText ?? ''}]`,
        'noTarget',
      );
    }
    const element = {
      ...elementFromFilter(attribute, filter),
      ...(subAttribute === undefined
        ? canonicalComplex(attribute, value, operation.path ?? attribute.name)
        : { [subAttribute.name]: value }),
    };
    const appended = [...current, element];
    return keepOnePrimary(appended, appended.length - 1);
  }
  let updated = current;
  for (const index of selected) {
    const element = updated[index];
    const merged = {
      ...(isJsonObject(element) ? element : {}),
      ...(subAttribute === undefined
        ? canonicalComplex(attribute, value, operation.path ?? attribute.name)
        : { [subAttribute.name]: value }),
    };
    updated = updated.map((old, position) => (position === index ? merged : old));
    updated = keepOnePrimary(updated, index);
  }
  return updated;
}

/** Applies the operations in order to a copy of `resource`; the first failing one fails the PATCH. */
export function applyPatch(resource: JsonObject, operations: readonly PatchOperation[]): JsonObject {
  const result = structuredClone(resource);
  for (const operation of operations) applyOperation(result, operation);
  return result;
}
