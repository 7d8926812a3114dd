// The shared engine: PostgreSQL from DATABASE_URL, which every proxy instance that names it shares (jobs,
// settings, audit). Statements are written with `?` like SQLite's and numbered here. The driver is imported when a
// database is opened, not with this module: the proxy's bundle hoists a static import to its start, and a proxy
// on SQLite would carry the driver's ~8 MB of resident memory into every request's peak.
import type pg from 'pg';
import type { SqlClient, SqlDatabase, SqlValue } from './sql-database.ts';

/** `?` → `$1`, `$2`, …; the stores' SQL has no question marks inside literals. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// BIGINT (counts, epoch milliseconds) as numbers: the values here stay far below 2^53.
function typeParsers(driver: typeof pg) {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === driver.types.builtins.INT8
        ? (value: string) => Number(value)
        : driver.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
}

function client(queryable: pg.Pool | pg.PoolClient): SqlClient {
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await queryable.query(numberPlaceholders(sql), params as SqlValue[])).rows as T[],
    run: async (sql, params = []) =>
      (await queryable.query(numberPlaceholders(sql), params as SqlValue[])).rowCount ?? 0,
  };
}

export async function openPostgresDatabase(
  url: string,
  options: { maxConnections?: number } = {},
): Promise<SqlDatabase> {
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: typeParsers(driver),
    // A database that does not answer makes /readyz say so instead of hanging it.
    connectionTimeoutMillis: 5000,
  });
  // An idle connection that the server drops (restart, failover) must not crash the proxy; the pool reconnects.
  pool.on('error', () => {});
  return {
    nowMs: `CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)`,
    ...client(pool),
    transaction: async (fn) => {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await fn(client(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}
