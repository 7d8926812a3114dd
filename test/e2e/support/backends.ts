// The stand-in tenant and the proxy, started in the test process on random ports with fresh
// in-memory databases (test/stand-in-tenant/README.md seed: demo, solo, sfdc, dyn).
import { startProxy } from '../../../proxy/server.ts';
import { startStandInTenant } from '../../stand-in-tenant/server.ts';

export interface Backends {
  tenantUrl: string;
  proxyUrl: string;
  close(): Promise<void>;
}

export async function startBackends(): Promise<Backends> {
  const tenant = await startStandInTenant({ port: 0 });
  try {
    const proxy = await startProxy({ port: 0, userApiUrl: tenant.url });
    return {
      tenantUrl: tenant.url,
      proxyUrl: proxy.url,
      close: async () => {
        await proxy.close();
        await tenant.close();
      },
    };
  } catch (error) {
    await tenant.close();
    throw error;
  }
}

/** The emails of a tenant's users, straight from its SCIM API (the truth an export must match). */
export async function tenantEmails(tenantUrl: string, tenantId: string, token: string): Promise<string[]> {
  const emails: string[] = [];
  for (let startIndex = 1; ;) {
    const response = await fetch(
      `${tenantUrl}/t/${tenantId}/scim/v2/Users?startIndex=${startIndex}&count=100`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    if (!response.ok) throw new Error(`SCIM answered ${response.status}`);
    const page = (await response.json()) as {
      totalResults: number;
      Resources?: { emails?: { value: string }[] }[];
    };
    const resources = page.Resources ?? [];
    for (const user of resources) emails.push(user.emails?.[0]?.value ?? '');
    startIndex += resources.length;
    if (resources.length === 0 || startIndex > page.totalResults) return emails;
  }
}
