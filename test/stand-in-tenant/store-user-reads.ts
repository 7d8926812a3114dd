// Reading the stand-in store's users: one by id, e-mail or employee number, all of a tenant, or one page of
// GET /Users (with its filter) without a growing OFFSET scan per page.
import type { StoreDatabase } from './store-database.ts';
import type { StoredUser, UserFilterCondition, UserPage } from './store-types.ts';
import {
  FILTER_COLUMNS,
  USER_COLUMNS,
  filterParameter,
  userFromRow,
  type UserRow,
} from './tenant-store-sql.ts';
import { emailKey } from './user-fields.ts';

interface CachedCount {
  generation: number;
  total: number;
}

interface CachedCursor {
  generation: number;
  afterSeq: number;
}

/** Bounded so that a client paging through many filters cannot grow the caches without limit. */
const MAX_CACHE_ENTRIES = 2000;

export class UserReads {
  private readonly countCache = new Map<string, CachedCount>();
  private readonly cursorCache = new Map<string, CachedCursor>();

  constructor(private readonly database: StoreDatabase) {
    database.onChange(() => {
      if (this.countCache.size > MAX_CACHE_ENTRIES) this.countCache.clear();
      if (this.cursorCache.size > MAX_CACHE_ENTRIES) this.cursorCache.clear();
    });
  }

  get(tenantId: string, id: string): StoredUser | undefined {
    const row = this.database
      .statement(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? AND id = ?`)
      .get(tenantId, id) as UserRow | undefined;
    return row === undefined ? undefined : userFromRow(row);
  }

  byEmail(tenantId: string, email: string): StoredUser | undefined {
    const row = this.database
      .statement(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? AND email_key = ?`)
      .get(tenantId, emailKey(email)) as UserRow | undefined;
    return row === undefined ? undefined : userFromRow(row);
  }

  byEmployeeNumber(tenantId: string, employeeNumber: string): StoredUser | undefined {
    const row = this.database
      .statement(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? AND employee_number = ?`)
      .get(tenantId, employeeNumber.trim()) as UserRow | undefined;
    return row === undefined ? undefined : userFromRow(row);
  }

  /** Every user of the tenant in creation order (the order of GET /Users). */
  list(tenantId: string): StoredUser[] {
    return (
      this.database
        .statement(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? ORDER BY seq`)
        .all(tenantId) as UserRow[]
    ).map(userFromRow);
  }

  /**
   * One page of GET /Users (RFC 7644 §3.4.2.4: 1-based startIndex), in creation order. Reading a
   * 100,000-user tenant page by page must not cost a growing OFFSET scan per page, so the position
   * where each page ended is remembered and the next page continues from it (keyset paging), as long
   * as no user changed in between.
   */
  page(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
  ): UserPage {
    const page = this.pageRows<UserRow>(tenantId, conditions, startIndex, count, USER_COLUMNS);
    return { totalResults: page.totalResults, users: page.rows.map(userFromRow) };
  }

  /** page() with only each user's id: for a caller that keeps the users' resources itself. */
  idsPage(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
  ): { totalResults: number; ids: string[] } {
    const page = this.pageRows<{ seq: number; id: string }>(
      tenantId,
      conditions,
      startIndex,
      count,
      'seq, id',
    );
    return { totalResults: page.totalResults, ids: page.rows.map((row) => row.id) };
  }

  private pageRows<R extends { seq: number }>(
    tenantId: string,
    conditions: readonly UserFilterCondition[],
    startIndex: number,
    count: number,
    columns: string,
  ): { totalResults: number; rows: R[] } {
    const { generation } = this.database;
    const where = [
      'tenant_id = ?',
      ...conditions.map((condition) => `${FILTER_COLUMNS[condition.attribute]} = ?`),
    ];
    const parameters: (string | number)[] = [tenantId, ...conditions.map(filterParameter)];
    const queryKey = `${where.join(' AND ')}\u0000${JSON.stringify(parameters)}`;

    let total = this.countCache.get(queryKey);
    if (total?.generation !== generation) {
      const row = this.database
        .statement(`SELECT COUNT(*) AS n FROM users WHERE ${where.join(' AND ')}`)
        .get(...parameters) as { n: number };
      total = { generation, total: row.n };
      this.countCache.set(queryKey, total);
    }
    if (count <= 0 || startIndex > total.total) return { totalResults: total.total, rows: [] };

    const cursor = this.cursorCache.get(`${queryKey}\u0000${startIndex}`);
    const rows =
      cursor?.generation === generation
        ? (this.database
            .statement(
              `SELECT ${columns} FROM users WHERE ${where.join(' AND ')} AND seq > ? ORDER BY seq LIMIT ?`,
            )
            .all(...parameters, cursor.afterSeq, count) as R[])
        : (this.database
            .statement(
              `SELECT ${columns} FROM users WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ? OFFSET ?`,
            )
            .all(...parameters, count, startIndex - 1) as R[]);
    const last = rows.at(-1);
    if (last !== undefined && rows.length === count) {
      this.cursorCache.set(`${queryKey}\u0000${startIndex + count}`, { generation, afterSeq: last.seq });
    }
    return { totalResults: total.total, rows };
  }
}
