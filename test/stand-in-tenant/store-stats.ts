// What the stand-in counts per tenant since it was opened or reset (GET /__test/stats): tests and benchmarks
// check with it how many writes, reads and /Bulk requests the proxy made.
import type { TenantStats } from './store-types.ts';

export class StoreStats {
  private readonly stats = new Map<string, TenantStats>();

  of(tenantId: string): TenantStats {
    let stats = this.stats.get(tenantId);
    if (stats === undefined) {
      stats = { writes: 0, reads: 0, bulkRequests: 0 };
      this.stats.set(tenantId, stats);
    }
    return stats;
  }

  clear(): void {
    this.stats.clear();
  }
}
