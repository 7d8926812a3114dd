// The JSON of each user as GET /Users lists it, kept while the store has not changed (the stand-in
// must hold 100,000 users without becoming the bottleneck of the benchmarks). Building and serialising 1,000
// resources costs ~20 ms a page; a page of cached ones is read from SQLite by id and joined, ~5 ms. They are kept
// as UTF-8 bytes: joining and sending 100,000 users' texts (120 MB) took the stand-in ~1 s of CPU, mostly in
// encoding them for the socket again on every listing. Any write to any user empties the cache, so a listing
// never shows an old state.
import type { StoredUser, TenantStore } from './tenant-store.ts';
import { toScimUser } from './scim-user-resource.ts';

/** Users kept at most; a bigger listing simply renders the rest each time. */
const MAX_USERS = 250_000;

export class ScimUserJsonCache {
  private readonly json = new Map<string, Buffer>();
  private changeCount = -1;
  private base = '';

  constructor(private readonly store: TenantStore) {}

  /**
   * The resources of these users (ids of one page, in order) as UTF-8 JSON; `wholePage` reads the page's users
   * in one query when few of them are kept (a cold cache), which is faster than one lookup per user.
   */
  resources(
    tenantId: string,
    ids: readonly string[],
    scimBaseUrl: string,
    wholePage: () => StoredUser[],
  ): Buffer[] {
    if (this.changeCount !== this.store.changeCount || this.base !== scimBaseUrl) {
      this.json.clear();
      this.changeCount = this.store.changeCount;
      this.base = scimBaseUrl;
    }
    const key = (id: string) => `${tenantId}\u0000${id}`;
    const missing = ids.filter((id) => !this.json.has(key(id)));
    const rendered = new Map<string, Buffer>();
    if (missing.length) {
      const users = missing.length > ids.length / 4 ? wholePage() : this.store.getUsers(tenantId, missing);
      for (const user of users) {
        const bytes = Buffer.from(JSON.stringify(toScimUser(user, scimBaseUrl)));
        rendered.set(user.id, bytes);
        if (this.json.size < MAX_USERS) this.json.set(key(user.id), bytes);
      }
    }
    return ids.flatMap((id) => {
      const bytes = this.json.get(key(id)) ?? rendered.get(id);
      return bytes === undefined ? [] : [bytes];
    });
  }
}
