// The proxy's answer to `GET /api/v1/tenants/{t}` (docs/api-guide.md#endpoints). Checked by hand rather than with zod:
// the content script must stay tiny (: ≤ 15 KB gzip).
import type { HostSystem, UnavailableReason } from '../../../shared/api/company.ts';
import type { TenantSummary } from '../../../shared/api/tenant-schema.ts';

export type { HostSystem };
export type ImportExportUnavailableReason = UnavailableReason;
/** The answer's shape, inferred from the proxy's own schema (type-only: no zod reaches the content script). */
export type TenantInfo = TenantSummary;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer as a TenantInfo, or null when it does not have the contract's shape. */
export function parseTenantInfo(json: unknown): TenantInfo | null {
  if (!isRecord(json) || typeof json.id !== 'string' || typeof json.name !== 'string') return null;
  const { licenses, importExport, hostSystem } = json;
  if (!isRecord(licenses) || !isRecord(importExport)) return null;
  const { total, used, free } = licenses;
  if (typeof total !== 'number' || typeof used !== 'number' || typeof free !== 'number') return null;
  if (hostSystem !== null && hostSystem !== 'salesforce' && hostSystem !== 'dynamics') return null;
  if (typeof importExport.available !== 'boolean') return null;
  const reason = importExport.reason ?? null;
  if (reason !== null && reason !== 'host-system-connected' && reason !== 'single-license') return null;
  const message = typeof importExport.message === 'string' ? importExport.message : null;
  return {
    id: json.id,
    name: json.name,
    licenses: { total, used, free },
    hostSystem,
    importExport: { available: importExport.available, reason, message },
  };
}
