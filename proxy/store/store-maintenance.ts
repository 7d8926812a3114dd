// What every instance does in the background for the shared store: end jobs whose instance died (their lease
// ran out) and delete personal data past the retention period, at start and then every hour.
import type { ProxyStore } from './proxy-store.ts';

export interface MaintenanceOptions {
  leaseMs: number;
  retentionDays: number;
  log?: (entry: { level: 'info' | 'error'; message: string; [key: string]: unknown }) => void;
}

const HOUR_MS = 60 * 60 * 1000;

export function startStoreMaintenance(store: ProxyStore, options: MaintenanceOptions): { stop(): void } {
  const log = options.log ?? (() => {});
  const sweep = async () => {
    try {
      const ended = await store.locks.expire();
      if (ended.length) log({ level: 'info', message: 'imports interrupted (lease ended)', jobIds: ended });
    } catch (error) {
      log({ level: 'error', message: 'lease sweep failed', error: String(error) });
    }
  };
  const purge = async () => {
    try {
      const purged = await store.purgeExpired(options.retentionDays);
      if (purged.jobs || purged.auditEntries || purged.previews)
        log({ level: 'info', message: 'retention purge', ...purged });
    } catch (error) {
      log({ level: 'error', message: 'retention purge failed', error: String(error) });
    }
  };
  void sweep();
  void purge();
  const timers = [setInterval(() => void sweep(), options.leaseMs), setInterval(() => void purge(), HOUR_MS)];
  for (const timer of timers) timer.unref();
  return { stop: () => timers.forEach((timer) => clearInterval(timer)) };
}
