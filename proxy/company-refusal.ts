// The company-level refusal: a company whose users a CRM synchronizes (Salesforce, Dynamics) gets no import or
// export, since the CRM would overwrite what an import writes; a company with a single license has nobody to
// import (docs/administrators.md#who-can-use-it). GET /api/v1/tenants/{t} reports it, every other tenant call
// answers with it.
import { HOST_SYSTEM_NAMES } from '../shared/api/company.ts';
import { ProblemError } from './problem.ts';
import type { TenantInfo } from './user-api/scim-client.ts';

/** Import and export need at least this many licenses. */
export const MIN_LICENSES = 2;

export function importExportRefusal(tenant: TenantInfo): ProblemError | undefined {
  if (tenant.hostSystem) {
    const system = HOST_SYSTEM_NAMES[tenant.hostSystem];
    return new ProblemError(
      'host-system-connected',
      `${tenant.name} is connected to ${system}, which synchronizes its users itself: user import and export are not available.`,
      { hostSystem: tenant.hostSystem },
    );
  }
  if (tenant.licenses < MIN_LICENSES) {
    return new ProblemError(
      'single-license',
      `${tenant.name} has ${tenant.licenses} license; user import and export are offered to companies with at least ${MIN_LICENSES} licenses.`,
    );
  }
  return undefined;
}
