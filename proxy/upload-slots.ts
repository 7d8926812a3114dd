// At most a few uploads are read and planned at once (issue #6, load): reading a 5 MB sheet and planning it
// takes a hundred megabytes or more for a moment, so 50 at once would take gigabytes. The others wait — their
// bodies stay unread in the socket, so waiting costs no memory — and are answered in turn, none refused.
export class UploadSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Runs `work` when a slot is free; the slot is free again when it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
