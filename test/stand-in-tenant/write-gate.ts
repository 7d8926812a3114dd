import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from 'hono';
import type { StandInDependencies, StandInEnv } from './app-env.ts';
import type { WriteDecision } from './fault-injection.ts';
import { ScimError } from './scim-error.ts';

/** Thrown after the connection was destroyed on purpose; `onError` then answers into the void. */
export class ConnectionResetOnPurpose extends Error {
  constructor() {
    super('connection reset by fault injection');
    this.name = 'ConnectionResetOnPurpose';
  }
}

export function destroyConnection(c: Context<StandInEnv>): void {
  // Only over real HTTP: app.request() in unit tests has no socket.
  c.env?.incoming?.socket?.destroy();
}

export function injectedFailure(decision: Extract<WriteDecision, { action: 'fail' }>): ScimError {
  const retryAfter = decision.retryAfterSeconds;
  return new ScimError(
    decision.status,
    `injected fault: the user API answers ${decision.status}` +
      (retryAfter === undefined ? '' : `, retry after ${retryAfter} s`),
    undefined,
    retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
  );
}

/** Waits, unless the server shuts down first (then the request is abandoned). */
export async function hang(delayMs: number, shutdown: AbortSignal): Promise<void> {
  if (delayMs > 0) await sleep(delayMs, undefined, { signal: shutdown });
}

/**
 * Every single-user write passes here first (POST/PUT/PATCH /Users): without fault injection it
 * costs nothing; with it, the write may fail, hang or lose its connection.
 */
export async function passWriteGate(
  c: Context<StandInEnv>,
  dependencies: StandInDependencies,
): Promise<void> {
  const decision = dependencies.faults?.beforeWrite(c.var.tenant.id);
  if (decision === undefined) return;
  switch (decision.action) {
    case 'resetConnection':
      destroyConnection(c);
      throw new ConnectionResetOnPurpose();
    case 'fail':
      throw injectedFailure(decision);
    case 'proceed':
      await hang(decision.delayMs, dependencies.shutdown);
  }
}

/** refusePatch: a PATCH answered as by a server that does not implement it, before it counts as a write. */
export function refusedPatch(dependencies: StandInDependencies, tenantId: string): ScimError | undefined {
  const status = dependencies.faults?.patchRefusal(tenantId);
  return status === undefined
    ? undefined
    : new ScimError(status, `injected fault: PATCH is not available (${status}); replace the user with PUT`);
}
