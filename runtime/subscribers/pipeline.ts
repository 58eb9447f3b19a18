// The commit loop of one subscription: messages received from the broker wait here (unacknowledged)
// until a batch of them is committed in one transaction; only then are they acknowledged. One
// batch commits at a time. A batch closes when it is full, when no message came for `gapMs` (the
// broker's window of unacknowledged messages is used up, or the burst is over), or `lingerMs`
// after its first message. While `hold()` says so (too many runs waiting to start) or the database
// fails, nothing commits and nothing is acknowledged, so the broker stops sending: the messages
// held here never exceed its window (Receive Maximum, prefetch).
export type PipelineOptions<T> = {
  maxBatch: number;
  lingerMs: number;
  gapMs: number;
  /** Commit the batch (one transaction) and acknowledge its messages; throwing retries it later. */
  commit: (batch: T[]) => Promise<void>;
  /** A reason to wait before the next commit (back-pressure), or null. */
  hold: () => string | null;
  onError: (error: unknown, attempt: number) => void;
};

const HOLD_RECHECK_MS = 250;
const MAX_RETRY_MS = 10_000;

export class CommitPipeline<T> {
  private buffer: T[] = [];
  private firstAt = 0;
  private lastAt = 0;
  private wake: (() => void) | null = null;
  /** Whether a new message ends the current wait (not during a retry's back-off). */
  private wakeOnPush = true;
  private stopped = false;
  private readonly loop: Promise<void>;
  private committing = 0;
  private readonly options: PipelineOptions<T>;

  constructor(options: PipelineOptions<T>) {
    this.options = options;
    this.loop = this.run();
  }

  push(item: T): void {
    if (this.stopped) return;
    const now = Date.now();
    if (this.buffer.length === 0) this.firstAt = now;
    this.lastAt = now;
    this.buffer.push(item);
    if (this.wakeOnPush) this.wake?.();
  }

  /** Messages received and not yet acknowledged (waiting, or in the batch being committed). */
  inFlight(): number {
    return this.buffer.length + this.committing;
  }

  /** Stops after the batch being committed (if any); what is still waiting is never acknowledged. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const wait = this.dueIn();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      if (this.options.hold()) {
        await this.sleep(HOLD_RECHECK_MS);
        continue;
      }
      const batch = this.buffer.splice(0, this.options.maxBatch);
      this.committing = batch.length;
      try {
        await this.options.commit(batch);
        attempt = 0;
      } catch (error) {
        attempt += 1;
        this.buffer.unshift(...batch);
        this.options.onError(error, attempt);
        await this.sleep(Math.min(MAX_RETRY_MS, 250 * 2 ** Math.min(attempt, 6)), false);
      } finally {
        this.committing = 0;
      }
      if (this.buffer.length > 0) this.firstAt = Math.min(this.firstAt, Date.now());
    }
  }

  /** 0: commit now; else how long to wait (Infinity: nothing to commit). */
  private dueIn(): number {
    if (this.buffer.length === 0) return Number.POSITIVE_INFINITY;
    if (this.buffer.length >= this.options.maxBatch) return 0;
    const now = Date.now();
    const gap = this.lastAt + this.options.gapMs - now;
    const linger = this.firstAt + this.options.lingerMs - now;
    return Math.max(0, Math.min(gap, linger));
  }

  private sleep(ms: number, wakeOnPush = true): Promise<void> {
    this.wakeOnPush = wakeOnPush;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.wakeOnPush = true;
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      this.wake = done;
    });
  }
}
