import { ScimError } from './scim-error.ts';
import type { UserFilterCondition } from './tenant-store.ts';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PORTATOUR_USER_SCHEMA } from './scim-uris.ts';

/**
 * The filter subset of test/stand-in-tenant/README.md: `attr eq "value"` comparisons joined with `and` (RFC 7644
 * §3.4.2.2). The same grammar selects values inside PATCH paths (`emails[type eq "work"]`). Anything
 * else is refused with 400 invalidFilter, so a client never gets a silently unfiltered list.
 */

export interface Comparison {
  /** As written, e.g. `emails.value` or a URN-qualified path. */
  attributePath: string;
  value: string | boolean;
}

const ATTRIBUTE_PATH = /[A-Za-z][\w$:.-]*/y;
const WORD = /[A-Za-z]+/y;
const WHITESPACE = /\s*/y;
const SUPPORTED = 'only `attribute eq "value"` comparisons joined with `and` are supported';

function invalidFilter(detail: string): ScimError {
  return new ScimError(400, detail, 'invalidFilter');
}

export function parseComparisons(filter: string): Comparison[] {
  const comparisons: Comparison[] = [];
  let position = 0;

  const skipWhitespace = () => {
    WHITESPACE.lastIndex = position;
    WHITESPACE.exec(filter);
    position = WHITESPACE.lastIndex;
  };
  const read = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = position;
    const match = pattern.exec(filter);
    if (match === null) return undefined;
    position = pattern.lastIndex;
    return match[0];
  };
  const readValue = (): string | boolean => {
    if (filter[position] === '"') {
      // A JSON string (RFC 7644 §3.4.2.2: values are JSON): scan to the closing quote, honouring escapes.
      let end = position + 1;
      while (end < filter.length && filter[end] !== '"') end += filter[end] === '\\' ? 2 : 1;
      if (end >= filter.length) throw invalidFilter('the filter has an unterminated string');
      const literal = filter.slice(position, end + 1);
      position = end + 1;
      try {
        return JSON.parse(literal) as string;
      } catch {
        throw invalidFilter(`the filter string ${literal} is not valid JSON`);
      }
    }
    const word = read(WORD)?.toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    throw invalidFilter(`a filter value must be a "quoted string", true or false; ${SUPPORTED}`);
  };

  for (;;) {
    skipWhitespace();
    const attributePath = read(ATTRIBUTE_PATH);
    if (attributePath === undefined)
      throw invalidFilter(`the filter "${filter}" is not supported: ${SUPPORTED}`);
    skipWhitespace();
    const operator = read(WORD);
    if (operator?.toLowerCase() !== 'eq') {
      throw invalidFilter(
        `the operator "${operator ?? filter.slice(position)}" is not supported: ${SUPPORTED}`,
      );
    }
    skipWhitespace();
    comparisons.push({ attributePath, value: readValue() });
    skipWhitespace();
    if (position >= filter.length) return comparisons;
    const joiner = read(WORD);
    if (joiner?.toLowerCase() !== 'and') {
      throw invalidFilter(`"${joiner ?? filter.slice(position)}" is not supported in a filter: ${SUPPORTED}`);
    }
  }
}

type FilterableAttribute = UserFilterCondition['attribute'];

/** Lower-case attribute path (core URN prefix removed) → the stored attribute it compares. */
const FILTERABLE: Record<string, { attribute: FilterableAttribute; type: 'string' | 'boolean' }> = {
  id: { attribute: 'id', type: 'string' },
  username: { attribute: 'userName', type: 'string' },
  emails: { attribute: 'email', type: 'string' },
  'emails.value': { attribute: 'email', type: 'string' },
  externalid: { attribute: 'externalId', type: 'string' },
  [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`.toLowerCase()]: { attribute: 'employeeNumber', type: 'string' },
  active: { attribute: 'active', type: 'boolean' },
  [`${PORTATOUR_USER_SCHEMA}:hasOwnSchedule`.toLowerCase()]: { attribute: 'hasOwnSchedule', type: 'boolean' },
};

const CORE_PREFIX = `${CORE_USER_SCHEMA}:`.toLowerCase();

/** GET /Users?filter=… → the conditions the store answers with indexed lookups. */
export function parseUserFilter(filter: string): UserFilterCondition[] {
  return parseComparisons(filter).map(({ attributePath, value }): UserFilterCondition => {
    let key = attributePath.toLowerCase();
    if (key.startsWith(CORE_PREFIX)) key = key.slice(CORE_PREFIX.length);
    const filterable = FILTERABLE[key];
    if (filterable === undefined) {
      throw invalidFilter(
        `filtering by "${attributePath}" is not supported; use userName, emails.value, externalId, ` +
          `${ENTERPRISE_USER_SCHEMA}:employeeNumber, active or ${PORTATOUR_USER_SCHEMA}:hasOwnSchedule`,
      );
    }
    if (filterable.type === 'boolean') {
      if (typeof value !== 'boolean') throw invalidFilter(`${attributePath} compares with true or false`);
      return { attribute: filterable.attribute as 'active' | 'hasOwnSchedule', value };
    }
    if (typeof value !== 'string') throw invalidFilter(`${attributePath} compares with a "quoted string"`);
    return {
      attribute: filterable.attribute as Exclude<FilterableAttribute, 'active' | 'hasOwnSchedule'>,
      value,
    };
  });
}
