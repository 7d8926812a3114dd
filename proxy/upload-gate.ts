// Who may read and plan an upload, and when. Reading a body holds it in memory (up to the upload limit) and
// planning takes ~100 MB and a core for a moment, so both are bounded: a company reads at most `slotsPerTenant`
// bodies at once, all companies `readSlots`, and only `parseSlots` of the bodies read are parsed at once. The
// parse slot is taken only once a body is complete, so a client that trickles its body holds one of its own
// company's read slots — and that only until the upload deadlines end it — never the slots that parse everyone's
// files. Uploads wait their turn with their bodies unread in the socket (costing no memory), at most `maxQueued`
// of them and at most `queueTimeoutMs` each; beyond that the answer is 503 with Retry-After.
import type { UploadPolicy } from './config.ts';
import { ProblemError } from './problem.ts';

type Release = () => void;

function busy(retryAfterSeconds: number, detail: string): ProblemError {
  return new ProblemError('server-busy', `${detail} Try again in ${retryAfterSeconds} s.`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

interface Waiter {
  grant: (release: Release) => void;
  fail: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A counting semaphore whose waiters give up after a time; the queue's length is counted by the gate. */
class Slots {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly size: number) {}

  get idle(): boolean {
    return this.running === 0 && this.waiting.length === 0;
  }

  get free(): boolean {
    return this.running < this.size;
  }

  acquire(timeoutMs: number, onTimeout: () => Error): Promise<Release> {
    if (this.running < this.size) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((grant, fail) => {
      const waiter: Waiter = {
        grant,
        fail,
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          fail(onTimeout());
        }, timeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant(this.releaser()); // the slot passes on; running stays the same
      } else this.running--;
    };
  }
}

export class UploadGate {
  private readonly tenants = new Map<string, Slots>();
  private readonly reading: Slots;
  private readonly parsing: Slots;
  private queued = 0;

  constructor(private readonly policy: UploadPolicy) {
    this.reading = new Slots(policy.readSlots);
    this.parsing = new Slots(policy.parseSlots);
  }

  /** Runs `work` (which reads the body) under a read slot of the company and one of all companies. */
  async read<T>(tenant: string, work: () => Promise<T>): Promise<T> {
    let slots = this.tenants.get(tenant);
    if (!slots) this.tenants.set(tenant, (slots = new Slots(this.policy.slotsPerTenant)));
    const releaseTenant = await this.wait(slots);
    try {
      const releaseRead = await this.wait(this.reading);
      try {
        return await work();
      } finally {
        releaseRead();
      }
    } finally {
      releaseTenant();
      if (slots.idle) this.tenants.delete(tenant);
    }
  }

  /** Runs `work` (parsing and planning a body already read) under one of the parse slots. */
  async parse<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.wait(this.parsing);
    try {
      return await work();
    } finally {
      release();
    }
  }

  private async wait(slots: Slots): Promise<Release> {
    const retryAfter = Math.max(1, Math.ceil(this.policy.queueTimeoutMs / 2000));
    if (!slots.free && this.queued >= this.policy.maxQueued)
      throw busy(retryAfter, 'Too many uploads are waiting to be read.');
    if (!slots.free) this.queued++;
    const counted = !slots.free;
    try {
      return await slots.acquire(this.policy.queueTimeoutMs, () =>
        busy(
          retryAfter,
          `This upload waited ${Math.round(this.policy.queueTimeoutMs / 1000)} s for its turn.`,
        ),
      );
    } finally {
      if (counted) this.queued--;
    }
  }
}
