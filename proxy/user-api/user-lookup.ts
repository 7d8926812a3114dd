// Finding a batch of users by e-mail or id with as few requests as the server allows: one filter joined with `or`
// (RFC 7644 section 3.4.2.2), else one filter per value, else reading every user and matching here — whichever costs the
// fewest requests. What the server refused is remembered with its capabilities and said in the job's notices.
import type { UserRecord } from '../../shared/fields/user-fields.ts';
import { emailKey } from '../../shared/fields/field-values.ts';
import { UpstreamError, type ScimUserDirectory } from './scim-client.ts';

export type LookupAttribute = 'emails.value' | 'id';

/** Values per `or` filter: keeps the query string well under the URL lengths servers accept. */
const OR_CHUNK = 40;

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const keyOf = (attribute: LookupAttribute, value: string) =>
  attribute === 'emails.value' ? emailKey(value) : value;

/** A 400 to a filter (invalidFilter, or a server that says it less precisely): this form is not understood. */
const refusedFilter = (error: unknown) => error instanceof UpstreamError && error.status === 400;

/** The users whose attribute is one of `values`, by that value (e-mail compared case-blind). */
export async function findUsers(
  directory: ScimUserDirectory,
  attribute: LookupAttribute,
  values: readonly string[],
): Promise<Map<string, UserRecord>> {
  const wanted = new Set(values.map((value) => keyOf(attribute, value)));
  const found = new Map<string, UserRecord>();
  if (!wanted.size) return found;
  const keep = (users: UserRecord[]) => {
    for (const user of users) {
      const key = keyOf(attribute, attribute === 'id' ? user.portatourId : user.email);
      if (wanted.has(key)) found.set(key, user);
    }
  };
  const capabilities = await directory.capabilities();
  const learned = capabilities.learned;
  const distinct = [...new Set(values)];

  if (capabilities.filter.supported && !learned.noOrFilter && distinct.length > 1) {
    try {
      for (let i = 0; i < distinct.length; i += OR_CHUNK) {
        const filter = distinct
          .slice(i, i + OR_CHUNK)
          .map((value) => `${attribute} eq ${quoted(value)}`)
          .join(' or ');
        keep(await directory.listUsers(filter));
      }
      return found;
    } catch (error) {
      if (!refusedFilter(error)) throw error;
      learned.noOrFilter = true;
      directory.notices.add(
        'This directory does not accept "or" in filters: users were looked up one filter per value, or by reading the list.',
      );
      found.clear();
    }
  }

  const filterable = capabilities.filter.supported && !learned.unfilterable.has(attribute);
  // One request per value, or every page of the user list: whichever is fewer.
  const pages = filterable ? Math.ceil((await directory.totalUsers()) / directory.pageSize(capabilities)) : 0;
  if (filterable && distinct.length <= Math.max(1, pages)) {
    try {
      for (const value of distinct) keep(await directory.listUsers(`${attribute} eq ${quoted(value)}`));
      return found;
    } catch (error) {
      if (!refusedFilter(error)) throw error;
      learned.unfilterable.add(attribute);
      directory.notices.add(
        `This directory cannot filter by ${attribute}: users were found by reading the user list page by page.`,
      );
      found.clear();
    }
  }
  for await (const page of directory.userPages()) keep(page);
  return found;
}
