/**
 * The research metrics a worker records where the facts are (the activities: model calls, pages, rate-limit
 * waits), with prom-client (maintained, the usual Prometheus client for Node) in a registry of their own. The
 * runs' outcomes come from the workflow through the SDK's metric meter (see workflowInterceptor.ts), so they
 * are in the SDK's own exporter; server.ts serves both on one port.
 *
 * Labels are few and bounded: stage (six), model (the models runs use), outcome, reason (the page statuses).
 * No URL, topic or query ever becomes a label: they are the user's, and unbounded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { usageCost } from '../domain/budget';
import type { PageOutcome, Price, Stage } from '../domain/types';
import type { RequestRecord } from '../llm/client';

/** The metric names this worker serves, for the dashboard and its test. */
export const METRIC = {
  modelCalls: 'research_model_calls_total',
  modelTokens: 'research_model_tokens_total',
  costUsd: 'research_cost_usd_total',
  modelLatency: 'research_model_call_duration_seconds',
  pages: 'research_pages_total',
  rateLimitWaits: 'research_rate_limit_waits_total',
  rateLimitWaitSeconds: 'research_rate_limit_wait_seconds',
  /** Recorded by the workflow through the SDK's meter (workflowInterceptor.ts; its exporter adds _total; labels workflowType, taskQueue, namespace). */
  runsStarted: 'research_runs_started_total',
  runsFinished: 'research_runs_finished_total',
} as const;

/** The stage each activity's model calls are charged to (as the workflow charges them). */
export const ACTIVITY_STAGE: Readonly<Record<string, Stage>> = {
  generateKeywords: 'keywords',
  searchWeb: 'search',
  planQueries: 'plan',
  findGaps: 'plan',
  rankResults: 'rank',
  summarizePage: 'browse',
  writeReport: 'report',
  finishReport: 'report',
  planReport: 'report',
  writeSection: 'report',
  writeFraming: 'report',
  verifyFlagged: 'report',
  assembleSections: 'report',
  writeChangeSection: 'report',
};

/** What the activity making a call knows and the model client does not: its stage and the run's price. */
interface CallScope {
  stage: Stage | 'other';
  price?: Price;
}

const scope = new AsyncLocalStorage<CallScope>();

/** Runs an activity with its stage and price known to the model calls it makes. */
export function withCallScope<T>(activityType: string, settings: unknown, run: () => Promise<T>): Promise<T> {
  const price = (settings as { price?: Price } | undefined)?.price;
  const valid = price && Number.isFinite(price.inputPerMillion) && Number.isFinite(price.outputPerMillion) ? price : undefined;
  return scope.run({ stage: ACTIVITY_STAGE[activityType] ?? 'other', price: valid }, run);
}

export class ResearchMetrics {
  readonly registry = new Registry();
  private readonly modelCalls = new Counter({
    name: METRIC.modelCalls,
    help: 'HTTP requests to the model, by stage, model and outcome (answered, rate_limited, error, cancelled); retries and continuations count',
    labelNames: ['stage', 'model', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly modelTokens = new Counter({
    name: METRIC.modelTokens,
    help: 'Tokens the model billed (or, without usage in its answer, as counted by its tokenizer), by stage, model and kind (prompt, completion)',
    labelNames: ['stage', 'model', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly costUsd = new Counter({
    name: METRIC.costUsd,
    help: "Cost of the model's answers in USD at the run's prices, by stage and model",
    labelNames: ['stage', 'model'] as const,
    registers: [this.registry],
  });
  private readonly modelLatency = new Histogram({
    name: METRIC.modelLatency,
    help: 'Time from sending a model request to the last byte of its answer (or its failure), by stage and model',
    labelNames: ['stage', 'model'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80, 160],
    registers: [this.registry],
  });
  private readonly pages = new Counter({
    name: METRIC.pages,
    help: 'Pages a run finished with, by outcome (read, skipped) and reason (fetched or cache for read pages; the skip reason: blocked, irrelevant, needs-browser, budget, ...)',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitWaits = new Counter({
    name: METRIC.rateLimitWaits,
    help: 'Requests that waited for a slot of the shared rate limit (RESEARCH_LLM_RPS, RESEARCH_SEARCH_RPS), by kind (llm, search)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitWaitSeconds = new Histogram({
    name: METRIC.rateLimitWaitSeconds,
    help: 'How long a request waited for its slot of the shared rate limit, by kind (llm, search)',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    // The process's own (CPU, memory, event-loop lag): a blocked event loop is what starves heartbeats.
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** One HTTP request to the model, charged to the stage of the activity that made it. */
  modelCall(call: RequestRecord): void {
    const { stage, price } = scope.getStore() ?? { stage: 'other' as const };
    const model = call.model;
    this.modelCalls.inc({ stage, model, outcome: call.outcome });
    this.modelLatency.observe({ stage, model }, call.latencyMs / 1000);
    if (!call.usage) return;
    this.modelTokens.inc({ stage, model, kind: 'prompt' }, call.usage.promptTokens);
    this.modelTokens.inc({ stage, model, kind: 'completion' }, call.usage.completionTokens);
    if (price) this.costUsd.inc({ stage, model }, usageCost(price, call.usage));
  }

  /** A page's outcome, as the browse activity returns it to the workflow. */
  page(outcome: Pick<PageOutcome, 'status' | 'cached'>): void {
    if (outcome.status === 'summarized') this.pages.inc({ outcome: 'read', reason: outcome.cached ? 'cache' : 'fetched' });
    else this.pages.inc({ outcome: 'skipped', reason: outcome.status });
  }

  /** A request that waited `seconds` for its slot of the shared rate limit. */
  rateLimitWait(kind: 'llm' | 'search', seconds: number): void {
    this.rateLimitWaits.inc({ kind });
    this.rateLimitWaitSeconds.observe({ kind }, seconds);
  }

  /** Waits through `acquire`, recording the wait. */
  timedAcquire(kind: 'llm' | 'search', acquire: (signal?: AbortSignal) => Promise<void>): (signal?: AbortSignal) => Promise<void> {
    return async (signal) => {
      const started = performance.now();
      await acquire(signal);
      this.rateLimitWait(kind, (performance.now() - started) / 1000);
    };
  }
}
