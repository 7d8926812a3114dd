// A server that advertises PATCH (ServiceProviderConfig) may still refuse it at runtime: 405 Method Not Allowed
// or 501 Not Implemented, from a gateway in front of it or a switched-off feature. Such a PATCH was not applied,
// so the job sends it again as PUT (the whole user as read, with the changes) and uses PUT for the rest of its
// writes instead of failing every update.
import type { DirectoryCapabilities } from '../user-api/scim-capabilities.ts';
import type { WriteItem } from './resolve-writes.ts';

const PATCH_REFUSED = new Set([405, 501]);

/** This answer to this item's write means "no PATCH here", and the job still sends PATCH. */
export function patchRefused(item: WriteItem, status: number, capabilities: DirectoryCapabilities): boolean {
  return capabilities.patch && item.write.kind === 'update' && PATCH_REFUSED.has(status);
}

export function patchRefusedNotice(status: number): string {
  return `The user API answered ${status} to PATCH although it says it supports PATCH: the updates of this import were sent again as PUT (the whole user), and so were the rest.`;
}
