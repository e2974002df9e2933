import { Context } from '@temporalio/activity';

/**
 * How often an activity heartbeats while it fetches, extracts or waits on the model (or on a rate-limit
 * slot). Well inside the workflow's 10–15 s heartbeat timeouts even on two busy cores, so a dead worker
 * is noticed in seconds and a live one is never mistaken for dead. (The SDK forwards heartbeats to the
 * server at most every 80% of the timeout; this interval is how fresh the latest one is.)
 */
export const HEARTBEAT_INTERVAL_MS = 2_000;

/**
 * Keeps an activity's heartbeat going while it waits on slow I/O, so the server notices a dead worker
 * within the heartbeat timeout and cancellation reaches us. `checkpoint` records progress that a retry
 * can resume from (e.g. the chunk summaries already paid for).
 */
export class Heartbeat<D> {
  private details: D | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = HEARTBEAT_INTERVAL_MS) {
    const ctx = Context.current();
    this.details = ctx.info.heartbeatDetails as D | undefined;
    ctx.heartbeat(this.details);
    this.timer = setInterval(() => ctx.heartbeat(this.details), intervalMs);
    this.timer.unref();
  }

  /** Progress saved by an earlier attempt of this activity, if any. */
  get resumed(): D | undefined {
    return this.details;
  }

  checkpoint(details: D): void {
    this.details = details;
    Context.current().heartbeat(details);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export async function withHeartbeat<D, T>(work: (hb: Heartbeat<D>, signal: AbortSignal) => Promise<T>): Promise<T> {
  const hb = new Heartbeat<D>();
  try {
    return await work(hb, Context.current().cancellationSignal);
  } finally {
    hb.stop();
  }
}
