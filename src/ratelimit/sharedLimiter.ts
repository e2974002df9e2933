/**
 * The worker side of the shared rate limits: before each model or search request, ask the resource's
 * limiter workflow for a slot (Update-with-Start, so the first asker starts it) and wait for it.
 * Every HTTP request counts, retries and continuations included, because each one asks.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { Grant } from './schedule';
import { intervalForRate } from './schedule';
import type { AcquireRequest } from './limiterWorkflow';

export type RateLimitedResource = 'llm' | 'search';

/** A slot is reserved at most this far ahead; busier than that, the caller asks again later. */
const HORIZON_MS = 10_000;
const ATTEMPTS = 8;
const MAX_LATE_SLOTS = 5;

export interface Binding {
  client: Client;
  taskQueue: string;
}

export class SharedRateLimiter {
  private binding: Binding | undefined;

  constructor(
    readonly resource: RateLimitedResource,
    readonly rps: number,
  ) {
    intervalForRate(rps);
  }

  /** The limiter talks to Temporal through the worker's connection, known once the worker starts. */
  bind(binding: Binding): void {
    this.binding = binding;
  }

  get workflowId(): string {
    if (!this.binding) throw new Error(`the ${this.resource} rate limiter is not bound to a Temporal client`);
    return `rate-limit-${this.resource}-${this.binding.taskQueue}`;
  }

  /**
   * Resolves when this process may send one request; rejects when `signal` aborts. A slot reached too
   * late (a busy event loop, a slow answer from the limiter) is given up and another asked for, so that
   * requests leave within `lateToleranceMs` of their slot and a stall never turns into a burst. After
   * a few late slots in a row (a clock far off the server's), the request goes anyway.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    const interval = intervalForRate(this.rps);
    const lateToleranceMs = Math.min(interval / 2, 1_000);
    for (let late = 0; ; ) {
      const granted = await this.ask(signal);
      const at = granted.slotAtMs ?? granted.retryAtMs;
      const wait = at - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal });
      if (granted.slotAtMs === undefined) continue;
      if (Date.now() - granted.slotAtMs <= lateToleranceMs || ++late >= MAX_LATE_SLOTS) return;
    }
  }

  private async ask(signal?: AbortSignal): Promise<Grant> {
    const binding = this.binding;
    if (!binding) throw new Error(`the ${this.resource} rate limiter is not bound to a Temporal client`);
    const request: AcquireRequest = { intervalMs: intervalForRate(this.rps), horizonMs: HORIZON_MS };
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await binding.client.workflow.executeUpdateWithStart<() => Promise<void>, Grant, [AcquireRequest]>('acquire', {
          args: [request],
          startWorkflowOperation: new WithStartWorkflowOperation('rateLimiterWorkflow', {
            workflowId: this.workflowId,
            taskQueue: binding.taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            args: [],
          }),
        });
      } catch (err) {
        // The limiter was continuing as new, or the server was briefly away (a restart): ask again, for ~15 s.
        if (attempt >= ATTEMPTS || signal?.aborted) throw err;
        await sleep(Math.min(250 * 2 ** (attempt - 1), 4_000), undefined, { signal });
      }
    }
  }
}
