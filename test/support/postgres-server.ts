// Test support (not a test): a real PostgreSQL server from the system's binaries (Debian's postgresql package,
// which .ci/run installs), in a temporary folder on a free loopback port, started and stopped by the tests.
// Missing binaries fail the test that needs them with a message that says what to install: nothing is skipped.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The newest of Debian's installed PostgreSQL versions (/usr/lib/postgresql/<version>/bin), or POSTGRES_BIN. */
function systemBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return join(root, versions[0] ?? '15', 'bin');
}

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? systemBinaries();

export interface PostgresServer {
  /** postgres://… of the server's maintenance database. */
  url: string;
  /** A new empty database on the server; resolves to its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** PostgreSQL refuses to run as root; as root the binaries run as the system's `postgres` user. */
async function asServerUser(command: string, args: string[]) {
  const binary = join(POSTGRES_BIN, command);
  if (userInfo().uid !== 0) return run(binary, args);
  return run('runuser', ['-u', 'postgres', '--', binary, ...args]);
}

async function uidOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

let counter = 0;

export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb')) || !existsSync(join(POSTGRES_BIN, 'pg_ctl')))
    throw new Error(
      `PostgreSQL's initdb and pg_ctl are not in ${POSTGRES_BIN}: install Debian's postgresql package (apt-get install postgresql; .ci/run does) or set POSTGRES_BIN.`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'proxy-postgres-'));
  if (userInfo().uid === 0) {
    const owner = await uidOf('postgres');
    chownSync(dir, owner.uid, owner.gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    await asServerUser('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    // Durability settings off: a test server that loses its data on a crash is as good and much faster.
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    await asServerUser('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(error)}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: async (name = `proxy_test_${process.pid}_${++counter}`) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop: async () => {
      await asServerUser('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
