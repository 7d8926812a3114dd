// The stand-in store's SQLite database: one connection, its prepared statements, transactions, the clock, and
// a change counter that tells readers whether what they cached still holds.
import Database from 'better-sqlite3';
import { CREATE_TABLES } from './tenant-store-sql.ts';

/** Bumped when the tables change; an older development database is then recreated (it is demo data). */
const SCHEMA_VERSION = 2;

export interface TenantStoreOptions {
  /** A file path, or `:memory:` (the default). */
  databaseFile?: string;
  /** The clock of created / lastModified / accessLinkSentAt; tests pass a fixed one. */
  clock?: () => Date;
}

export class StoreDatabase {
  readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly statements = new Map<string, Database.Statement>();
  /** Increases with every change of any user; readers' caches are valid for one generation. */
  generation = 0;
  private readonly changeListeners: (() => void)[] = [];

  constructor(options: TenantStoreOptions = {}) {
    this.db = new Database(options.databaseFile ?? ':memory:');
    this.clock = options.clock ?? (() => new Date());
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // No foreign_keys pragma: the store checks the tenant itself, and the check per insert would slow
    // down seeding 100,000 users for nothing.
    this.migrate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    this.db.transaction(() => {
      // An older development database: its content is demo data, so it is recreated rather than migrated.
      for (const table of ['users', 'tenants']) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.db.exec(CREATE_TABLES);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  now(): string {
    return this.clock().toISOString();
  }

  changed(): void {
    this.generation++;
    for (const listener of this.changeListeners) listener();
  }

  /** Calls `listener` after every change (readers trim their caches). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Runs `work` in one transaction; nested calls (each /Bulk operation) become savepoints. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
