// The few things the proxy's stores need from a SQL database, so that one set of stores (and, where the two
// dialects agree, one SQL text) serves both engines: SQLite in DATA_DIR and PostgreSQL from DATABASE_URL.
// SQL is written with `?` placeholders; the PostgreSQL engine numbers them.

/** Bytes are a BLOB in SQLite and a BYTEA in PostgreSQL; both engines give them back as a Buffer. */
export type SqlValue = string | number | null | Uint8Array;

export interface SqlClient {
  /** Where the dialects differ in what is fast, a store picks its statements by it. */
  readonly dialect: SqlDialect;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDatabase extends SqlClient {
  /**
   * The database server's clock in milliseconds since 1970, as an SQL expression. Leases compare against it,
   * so that instances on machines whose clocks differ still agree on when a lease ended.
   */
  readonly nowMs: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` placeholders for `rows` rows of `width` values: "(?, ?), (?, ?)". */
export function valueRows(rows: number, width: number, cast: readonly string[] = []): string {
  const one = `(${Array.from({ length: width }, (_, i) => (cast[i] ? `CAST(? AS ${cast[i]})` : '?')).join(', ')})`;
  return Array.from({ length: rows }, () => one).join(', ');
}

/**
 * Both engines limit the parameters of one statement (SQLite 32,766, PostgreSQL 65,535); many rows are written
 * in chunks that stay well below either.
 */
export function* chunks<T>(items: Iterable<T>, width: number, maxParameters = 8000): Generator<T[]> {
  const size = Math.max(1, Math.floor(maxParameters / width));
  let part: T[] = [];
  for (const item of items) {
    part.push(item);
    if (part.length === size) {
      yield part;
      part = [];
    }
  }
  if (part.length > 0) yield part;
}
