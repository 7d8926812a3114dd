// Plain values about a company that the proxy, the stand-in and the extension share. No zod here: the
// content script imports this file and must stay small and free of zod (see docs/decisions).

/** The CRMs that synchronize a company's users themselves; such a company gets no import or export. */
export const HOST_SYSTEMS = ['salesforce', 'dynamics'] as const;
export type HostSystem = (typeof HOST_SYSTEMS)[number];

export const HOST_SYSTEM_NAMES: Record<HostSystem, string> = {
  salesforce: 'Salesforce',
  dynamics: 'Dynamics CRM',
};

/** Why GET /api/v1/tenants/{t} says import and export are not available. */
export const UNAVAILABLE_REASONS = ['host-system-connected', 'single-license'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];
