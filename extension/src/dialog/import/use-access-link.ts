// "Send access link" on Done: asks first, sends to the new users of the shown job not yet reached from this
// wizard, and says whom it reached.
import { useState } from 'preact/hooks';
import type { AccessLinkStatus } from './done-step.tsx';
import type { ImportApi } from './import-api.ts';
import type { ImportJob } from './import-types.ts';

export function useAccessLink(api: ImportApi) {
  const [accessLink, setAccessLink] = useState<AccessLinkStatus>({ state: 'idle' });
  /** New users of the shown job whose access link was sent from this wizard. */
  const [notified, setNotified] = useState<{ jobId: string; ids: readonly string[] }>({ jobId: '', ids: [] });

  const send = async (jobId: string, ids: readonly string[]): Promise<void> => {
    setAccessLink({ state: 'sending' });
    const result = await api.sendAccessLink(ids);
    if (!result.ok) {
      setAccessLink({ state: 'failed', sentence: result.sentence });
      return;
    }
    const missed = new Set(result.value.failed.map((failure) => failure.id));
    const reached = ids.filter((id) => !missed.has(id));
    setNotified((before) => ({
      jobId,
      ids: before.jobId === jobId ? [...before.ids, ...reached] : reached,
    }));
    setAccessLink({ state: 'sent', sent: result.value.sent, failed: missed.size });
  };

  /** The job's new users whose access link has not been sent from this wizard. */
  const notNotifiedOf = (job: ImportJob): string[] => {
    const sentTo = new Set(notified.jobId === job.id ? notified.ids : []);
    return job.createdUserIds.filter((id) => !sentTo.has(id));
  };

  return {
    accessLink,
    notNotifiedOf,
    ask: () => setAccessLink({ state: 'confirming' }),
    /** The answer to "Send the access link to N new users?". */
    answer: (confirmed: boolean, jobId: string, ids: readonly string[]) =>
      confirmed ? void send(jobId, ids) : setAccessLink({ state: 'idle' }),
  };
}
