import { z } from 'zod';

/**
 * Test-only faults (enabled with `faultInjection: true`): they let the proxy's tests prove its
 * behaviour on upstream failures — no rollback, a report of what was applied, retries on 429/503
 * (docs/import-semantics.md, docs/api-guide.md#problems). A "write" is any POST/PUT/PATCH of a user, single or one operation in /Bulk.
 */

export const faultSettingsSchema = z
  .object({
    /** Only this tenant's requests are affected; absent = every tenant. */
    tenant: z.string().min(1).optional(),
    failWrites: z
      .object({
        /** 1-based among the writes counted from the moment the faults are set. */
        nth: z.number().int().min(1),
        /** How many consecutive writes fail, starting with the nth; default 1. */
        count: z.number().int().min(1).optional(),
        status: z.union([z.literal(500), z.literal(503), z.literal(429)]),
        retryAfterSeconds: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    /** Every write waits this long before it is applied. */
    hangWritesMs: z.number().int().min(0).max(600_000).optional(),
    /** Every request (except /__test) answers 503. */
    down: z.boolean().optional(),
    /** The nth write (1-based, from now) is not applied and its connection is destroyed. */
    resetConnectionOnNthWrite: z.number().int().min(1).optional(),
    /**
     * Every PATCH of a user (single or in /Bulk) answers this status and is not applied, although the
     * ServiceProviderConfig still says PATCH is supported: a server whose PATCH is switched off behind its back.
     */
    refusePatch: z.union([z.literal(405), z.literal(501)]).optional(),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export type WriteDecision =
  | { action: 'proceed'; delayMs: number }
  | { action: 'fail'; status: 500 | 503 | 429; retryAfterSeconds: number | undefined }
  | { action: 'resetConnection' };

export class FaultInjector {
  private settings: FaultSettings | undefined;
  private writesSinceSet = 0;
  private injected = 0;

  set(settings: FaultSettings): void {
    this.settings = settings;
    this.writesSinceSet = 0;
  }

  clear(): void {
    this.settings = undefined;
    this.writesSinceSet = 0;
  }

  /** How many writes were failed or reset on purpose since the server started. */
  get injectedFailures(): number {
    return this.injected;
  }

  private applies(tenantId: string | undefined): boolean {
    return (
      this.settings !== undefined && (this.settings.tenant === undefined || this.settings.tenant === tenantId)
    );
  }

  isDown(tenantId: string | undefined): boolean {
    return this.applies(tenantId) && this.settings?.down === true;
  }

  /** Called once per write before anything is validated or applied; counts the write. */
  beforeWrite(tenantId: string): WriteDecision {
    const settings = this.settings;
    if (settings === undefined || !this.applies(tenantId)) return { action: 'proceed', delayMs: 0 };
    const n = ++this.writesSinceSet;
    if (settings.resetConnectionOnNthWrite === n) {
      this.injected++;
      return { action: 'resetConnection' };
    }
    const fail = settings.failWrites;
    if (fail !== undefined && n >= fail.nth && n < fail.nth + (fail.count ?? 1)) {
      this.injected++;
      return { action: 'fail', status: fail.status, retryAfterSeconds: fail.retryAfterSeconds };
    }
    return { action: 'proceed', delayMs: settings.hangWritesMs ?? 0 };
  }

  /** The status this PATCH of the tenant answers (refusePatch), if any; a refusal counts as an injected failure. */
  patchRefusal(tenantId: string): 405 | 501 | undefined {
    const status = this.applies(tenantId) ? this.settings?.refusePatch : undefined;
    if (status !== undefined) this.injected++;
    return status;
  }

  /** Whether writes of this tenant currently hang (then /Bulk applies its operations one by one). */
  hangsWrites(tenantId: string): boolean {
    return this.applies(tenantId) && (this.settings?.hangWritesMs ?? 0) > 0;
  }
}
