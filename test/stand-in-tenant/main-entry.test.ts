import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(tmpdir(), 'stand-in-tenant-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `tsx test/stand-in-tenant/main.ts` and resolves with the URL of its "tenant ready" line. */
function startMain(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'main.ts')], {
    env: { ...process.env, TENANT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^tenant ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (match?.[1] !== undefined) resolve({ child, url: match[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`main.ts exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('npm run tenant (main.ts, docs/api-guide.md#limits-and-settings-of-the-proxy)', () => {
  it('prints "tenant ready <url>", keeps its database in DATA_DIR and stops on SIGTERM', async () => {
    const first = await startMain();
    const headers = { Authorization: 'Bearer demo-admin-token', 'Content-Type': 'application/scim+json' };
    const created = await fetch(`${first.url}/t/demo/scim/v2/Users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        name: { givenName: 'Persisted', familyName: 'User' },
        emails: [{ value: 'persisted@example.com' }],
      }),
    });
    expect(created.status).toBe(201);
    expect(existsSync(path.join(dataDir, 'stand-in-tenant.sqlite'))).toBe(true);
    expect(await stop(first.child)).toBe(0);

    // A second start reuses the database: no reseed, the created user is still there.
    const second = await startMain();
    const found = (await (
      await fetch(
        `${second.url}/t/demo/scim/v2/Users?filter=${encodeURIComponent('emails.value eq "persisted@example.com"')}`,
        { headers },
      )
    ).json()) as { totalResults: number };
    expect(found.totalResults).toBe(1);
    const all = (await (await fetch(`${second.url}/t/demo/scim/v2/Users?count=0`, { headers })).json()) as {
      totalResults: number;
    };
    expect(all.totalResults).toBe(13);
    expect(await stop(second.child)).toBe(0);
  });
});
