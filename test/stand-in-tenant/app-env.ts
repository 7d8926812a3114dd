import type { HttpBindings } from '@hono/node-server';
import type { FaultInjector } from './fault-injection.ts';
import type { Tenant, TenantStore } from './tenant-store.ts';

/** Hono's environment of the stand-in: node bindings (to reset connections) and the signed-in tenant. */
export interface StandInEnv {
  Bindings: HttpBindings;
  Variables: { tenant: Tenant };
}

/** What the app is built from; the server entry and the tests pass their own. */
export interface StandInDependencies {
  store: TenantStore;
  /** Present only when fault injection is enabled; then /__test is served. */
  faults: FaultInjector | undefined;
  /** Aborted when the server closes, so that hanging writes stop waiting. */
  shutdown: AbortSignal;
  /** false: a SCIM server without /Bulk, so the proxy's single-request path can be tested. Default true. */
  bulk?: boolean;
  /** true: ETags are supported — PUT/PATCH honour If-Match (and a Bulk operation's version). Default false. */
  etag?: boolean;
}
