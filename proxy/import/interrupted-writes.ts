// A proxy that stopped mid-import (a crash, SIGKILL, a lost lease) left rows `in_flight`: sent, answer unknown.
// Its job is ended as interrupted by whichever instance is asked about it first (import-locks.ts); no instance
// keeps a token, so those writes are checked with the first request for that company that brings its
// administrator's token: one lookup for all of a job's open writes (see resolveWrites). Writes the user API
// holds are reported created/updated (with their ids in createdUserIds), the others become "not attempted".
// Only once the job has been over for `graceMs`: until then the user API may still be applying a write that was
// sent just before the proxy stopped, and "not attempted" could turn untrue; the report says "may have been
// applied" meanwhile. The writes found applied are audited like any other write of the job, as its starter's.
import type { AuditStore } from '../store/audit-store.ts';
import type { JobStore } from '../store/job-store.ts';
import type { ScimUserDirectory } from '../user-api/scim-client.ts';
import { importAuditEntries } from './import-audit.ts';
import { resolveWrites, type SentWrite, type WriteItem } from './resolve-writes.ts';

/** The actor of audit entries for a job started before the proxy kept who started it. */
const UNKNOWN_ACTOR = 'unknown';

export class InterruptedWrites {
  private readonly settling = new Map<string, Promise<void>>();

  constructor(
    private readonly jobs: JobStore,
    private readonly audit: AuditStore,
    private readonly graceMs: number,
  ) {}

  /** Settles the open writes of this company's ended jobs; a user API that fails now is asked next time. */
  settle(tenant: string, directory: ScimUserDirectory): Promise<void> {
    const running = this.settling.get(tenant);
    if (running) return running;
    const settled = this.settleJobs(tenant, directory)
      .catch(() => {})
      .finally(() => this.settling.delete(tenant));
    this.settling.set(tenant, settled);
    return settled;
  }

  private async settleJobs(tenant: string, directory: ScimUserDirectory): Promise<void> {
    for (const [jobId, rows] of await this.jobs.openInFlight(tenant, new Date(Date.now() - this.graceMs))) {
      const writes: WriteItem[] = rows.map((row) => {
        const sent = JSON.parse(row.sentWrite) as SentWrite;
        return { seq: row.seq, action: row.action, write: sent.write, ifMatch: sent.ifMatch };
      });
      const { applied, absent } = await resolveWrites(writes, directory);
      const resolved = await this.jobs.resolveInFlight(
        jobId,
        applied,
        absent.map((item) => item.seq),
      );
      // Another instance resolved them at the same moment: it says so.
      if (!resolved.changed) continue;
      const actor = (await this.jobs.actor(jobId)) ?? UNKNOWN_ACTOR;
      await this.audit.record(importAuditEntries(jobId, writes, resolved.applied, { tenant, actor }));
      await this.jobs.addNotices(jobId, [
        `${writes.length} write(s) were in flight when the proxy stopped; checked against the user API ` +
          `afterwards: ${applied.length} had been applied, ${absent.length} had not (reported not attempted).`,
      ]);
    }
  }
}
