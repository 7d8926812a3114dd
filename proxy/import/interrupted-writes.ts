// A proxy that stopped mid-import (a crash, SIGKILL) left writes it had sent without seeing their answers. The
// restarted proxy holds no credentials, so it checks them with the first request for that company that brings
// its administrator's token: one lookup for all of a job's open writes (see resolveWrites). Writes the user API
// holds are reported created/updated (with their ids in createdUserIds), the others stay "not attempted".
import { FINISHED, type JobStore } from '../store/job-store.ts';
import type { WriteJournal } from '../store/write-journal.ts';
import type { ScimUserDirectory } from '../user-api/scim-client.ts';
import type { ImportRunner } from './import-runner.ts';
import { resolveWrites } from './resolve-writes.ts';

export class InterruptedWrites {
  private readonly settling = new Map<string, Promise<void>>();

  constructor(
    private readonly jobs: JobStore,
    private readonly journal: WriteJournal,
    private readonly runner: ImportRunner,
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
    for (const [jobId, writes] of this.journal.open(tenant)) {
      const job = this.jobs.get(jobId);
      if (!job || !FINISHED.has(job.status) || this.runner.runningJob(tenant) === jobId) continue;
      const { applied } = await resolveWrites(writes, directory);
      this.jobs.recordOutcomes(jobId, applied);
      this.journal.settled(
        jobId,
        writes.map((write) => write.seq),
      );
      this.journal.notice(
        jobId,
        `${writes.length} write(s) were in flight when the proxy stopped; checked against the user API afterwards: ` +
          `${applied.length} had been applied, ${writes.length - applied.length} had not (reported not attempted).`,
      );
    }
  }
}
