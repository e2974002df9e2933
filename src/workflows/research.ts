/**
 * The research workflow: keywords → search → plan queries → search and rank per query → read pages in
 * parallel → write the report. It only decides; every side effect is an activity. It owns the run's
 * state (stage, pages, cost) and the budget gate between stages and before every page.
 */
import type { Duration, RetryPolicy } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  log,
} from '@temporalio/workflow';
import type { ResearchActivities } from '../activities';
import {
  estimatePageCost,
  estimateReportCost,
  estimateSmallCallCost,
  fitsBudget,
  usageCost,
} from '../domain/budget';
import { hostOf, nextPolitePage } from '../domain/politeness';
import {
  addUsage,
  type PageOutcome,
  type PageRecord,
  type ResearchInput,
  ResearchInputSchema,
  type ResearchProgress,
  type ResearchResult,
  type SearchResult,
  type SourceSummary,
  type Stage,
  type StageCost,
  STAGES,
  type TokenUsage,
  ZERO_USAGE,
} from '../domain/types';
import { CONFIGURATION_FAILURES, FailureType } from '../errors';
import type { KeywordResults } from '../llm/prompts';
import { progressQuery, SEARCH_ATTRIBUTES, setBudgetUpdate } from './definitions';

/** Exponential backoff; configuration failures (bad key, bad request) are never retried. */
function retry(initialInterval: Duration, maximumInterval: Duration, maximumAttempts: number): RetryPolicy {
  return { initialInterval, backoffCoefficient: 2, maximumInterval, maximumAttempts, nonRetryableErrorTypes: [...CONFIGURATION_FAILURES] };
}

/** Small LLM calls: keywords, query plan, ranking. */
const llm = proxyActivities<ResearchActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: retry('2 seconds', '1 minute', 5),
});

const search = proxyActivities<ResearchActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: retry('1 second', '30 seconds', 4),
});

/** A page: fetch, then one LLM call per chunk; a failed page is recorded after its retries, never fatal. */
const browse = proxyActivities<ResearchActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: retry('2 seconds', '1 minute', 3),
});

const report = proxyActivities<ResearchActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: retry('5 seconds', '2 minutes', 5),
});

/** A page summary's usual length, for reserving the report's cost before the summary exists. */
const TYPICAL_SUMMARY_CHARS = 2_000;

export interface ResearchWorkflowInput extends ResearchInput {
  /** Set by the client when the server has the project's search attributes registered. */
  searchAttributes?: boolean;
}

export async function researchWorkflow(rawInput: ResearchWorkflowInput): Promise<ResearchResult> {
  const parsed = ResearchInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    // A thrown ZodError would fail the workflow task and retry it forever; fail the run, saying why.
    const issue = parsed.error.issues[0];
    throw ApplicationFailure.nonRetryable(`invalid research input: ${issue.path.join('.')} ${issue.message}`, 'InvalidInput');
  }
  const input = parsed.data;
  const { topic, settings } = input;
  const runId = workflowInfo().workflowId;

  const usage: Record<Stage, TokenUsage> = Object.fromEntries(STAGES.map((s) => [s, ZERO_USAGE])) as Record<Stage, TokenUsage>;
  const spent = () => STAGES.reduce((sum, s) => sum + usageCost(settings.price, usage[s]), 0);
  const progress: ResearchProgress = {
    stage: 'keywords',
    keywords: [],
    queries: [],
    pagesPlanned: 0,
    pagesDone: 0,
    pagesSummarized: 0,
    costUsd: 0,
    maxBudgetUsd: settings.maxBudgetUsd,
    stoppedByBudget: false,
  };
  const pages = new Map<string, PageRecord>();
  const sources: SourceSummary[] = [];
  /** What went differently than planned (fallbacks, failed searches), told in the report and the result. */
  const notes: string[] = [];

  setHandler(progressQuery, () => ({ ...progress, costUsd: spent() }));
  setHandler(
    setBudgetUpdate,
    (usd: number) => {
      progress.maxBudgetUsd = usd;
      return { ...progress, costUsd: spent() };
    },
    {
      validator: (usd: number) => {
        if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0) throw new Error('the budget must be a positive number of US dollars');
      },
    },
  );

  const enter = (stage: Stage | 'done') => {
    progress.stage = stage;
    if (rawInput.searchAttributes) {
      upsertSearchAttributes([
        { key: SEARCH_ATTRIBUTES.stage, value: stage },
        { key: SEARCH_ATTRIBUTES.costUsd, value: Math.round(spent() * 1e6) / 1e6 },
      ]);
    }
  };
  const charge = (stage: Stage, u: TokenUsage) => {
    usage[stage] = addUsage(usage[stage], u);
  };
  const summaryChars = () => sources.reduce((n, s) => n + s.summary.length, 0);
  /** Can a step costing `next` start and still leave enough for the report? */
  const affordable = (next: number, extraSummaryChars = 0) =>
    fitsBudget(spent(), next, estimateReportCost(settings, summaryChars() + extraSummaryChars), progress.maxBudgetUsd);
  const stopForBudget = (where: string) => {
    if (!progress.stoppedByBudget) log.info('Budget reached; no new work', { where, spentUsd: spent(), maxBudgetUsd: progress.maxBudgetUsd });
    progress.stoppedByBudget = true;
  };

  let keywords = [topic];
  let queries = [topic];
  /** Set when the run is cancelled: it stops reading, still writes the report from what it has, then ends Cancelled. */
  let cancelled = false;
  try {
    // 1. Keywords
    enter('keywords');
    if (affordable(estimateSmallCallCost(settings.price, 200))) {
      const kw = await llm.generateKeywords({ topic, settings });
      charge('keywords', kw.usage);
      keywords = kw.phrases;
      if (kw.fallback) notes.push(`Keywords: ${kw.fallback}.`);
    } else stopForBudget('keywords');
    progress.keywords = keywords;

    // 2. Search each keyword, concurrently
    enter('search');
    const keywordResults: KeywordResults[] = [];
    const keywordSearches = await Promise.allSettled(
      keywords.map((k) => search.searchWeb({ query: k, count: settings.searchResults, language: settings.language })),
    );
    keywordSearches.forEach((r, i) => {
      if (r.status === 'fulfilled') keywordResults.push({ keyword: keywords[i], results: r.value });
      else notes.push(`Search for "${keywords[i]}" failed: ${failureReason(r.reason)}`);
    });
    if (keywordResults.length === 0) {
      throw ApplicationFailure.nonRetryable(`every search failed, nothing to research. ${notes.join(' ')}`, 'SearchFailed');
    }

    // 3. Plan the research queries
    enter('plan');
    queries = keywords;
    if (!progress.stoppedByBudget && affordable(estimateSmallCallCost(settings.price, 3_000))) {
      const planned = await llm.planQueries({ topic, keywordResults, settings });
      charge('plan', planned.usage);
      queries = planned.phrases;
      if (planned.fallback) notes.push(`Query planning: ${planned.fallback}.`);
    } else stopForBudget('plan');
    progress.queries = queries;

    // 4. Search and rank per query, the queries in parallel
    enter('rank');
    const chosen = new Map<string, string[]>(); // url → queries that chose it, in query order
    const perQuery = await Promise.allSettled(
      queries.map(async (query) => {
        const results: SearchResult[] = await search.searchWeb({ query, count: settings.searchResults, language: settings.language });
        if (progress.stoppedByBudget || !affordable(estimateSmallCallCost(settings.price, 1_500))) {
          stopForBudget('rank');
          return { query, urls: results.slice(0, settings.urlsPerQuery).map((r) => r.url) };
        }
        const ranked = await llm.rankResults({ topic, query, results, settings });
        charge('rank', ranked.usage);
        if (ranked.fallback) notes.push(`Ranking for "${query}": ${ranked.fallback}.`);
        return { query, urls: ranked.urls };
      }),
    );
    perQuery.forEach((r, i) => {
      if (r.status === 'rejected') {
        notes.push(`Search for "${queries[i]}" failed: ${failureReason(r.reason)}`);
        return;
      }
      for (const url of r.value.urls) chosen.set(url, [...(chosen.get(url) ?? []), r.value.query]);
    });
    for (const [url, qs] of chosen) pages.set(url, { url, status: 'failed', queries: qs, reason: 'not read yet' });
    progress.pagesPlanned = chosen.size;

    // 5. Read and summarize each distinct page once: at most maxParallelPages at a time, maxPagesPerHost per site
    enter('browse');
    const queue = [...chosen.keys()];
    const running = new Map<string, Promise<void>>();
    let pagesCost = 0;
    let pagesPaid = 0;
    const finishPage = (url: string, outcome: PageOutcome) => {
      const record = pages.get(url)!;
      record.status = outcome.status;
      record.title = outcome.title;
      record.reason = outcome.status === 'summarized' ? undefined : outcome.reason;
      charge('browse', outcome.usage);
      record.costUsd = usageCost(settings.price, outcome.usage);
      if (outcome.cached) record.cached = true;
      if (outcome.usage.calls > 0) {
        pagesCost += record.costUsd;
        pagesPaid++;
      }
      if (outcome.status === 'summarized') {
        sources.push({ url, title: outcome.title, summary: outcome.summary });
        progress.pagesSummarized++;
      }
      progress.pagesDone++;
    };
    const inFlightPerHost = new Map<string, number>();
    const hostLoad = (url: string, delta: number) => inFlightPerHost.set(hostOf(url), (inFlightPerHost.get(hostOf(url)) ?? 0) + delta);
    while (queue.length > 0 || running.size > 0) {
      while (running.size < settings.maxParallelPages) {
        const next = nextPolitePage(queue, inFlightPerHost, settings.maxPagesPerHost);
        if (next < 0) break; // queue empty, or every queued page's site is busy
        if (CancellationScope.current().consideredCancelled) {
          for (const url of queue.splice(0)) Object.assign(pages.get(url)!, { status: 'cancelled', reason: 'not read: the run was cancelled' });
          break;
        }
        const pageCost = estimatePageCost(settings.price, pagesCost, pagesPaid);
        // Pages in flight (and this one) will add their summaries to the report's prompt too.
        const inFlight = running.size * pageCost;
        if (progress.stoppedByBudget || !affordable(pageCost + inFlight, (running.size + 1) * TYPICAL_SUMMARY_CHARS)) {
          stopForBudget('browse');
          for (const url of queue.splice(0)) {
            Object.assign(pages.get(url)!, { status: 'budget', reason: 'not read: the budget was reached first' });
          }
          break;
        }
        const [url] = queue.splice(next, 1);
        hostLoad(url, +1);
        const task = browse
          .summarizePage({ url, topic, queries: chosen.get(url)!, settings })
          .then(
            (outcome) => finishPage(url, outcome),
            (err) =>
              finishPage(
                url,
                isCancellation(err)
                  ? { url, status: 'cancelled', reason: 'not finished: the run was cancelled', usage: ZERO_USAGE }
                  : { url, status: 'failed', reason: failureReason(err), usage: ZERO_USAGE },
              ),
          )
          .finally(() => {
            running.delete(url);
            hostLoad(url, -1);
          });
        running.set(url, task);
      }
      if (running.size > 0) await Promise.race(running.values());
    }
    if (CancellationScope.current().consideredCancelled) throw new CancelledFailure('the run was cancelled');
  } catch (err) {
    if (!isCancellation(err)) throw err;
    cancelled = true;
  }

  // 6. Write the report from whatever was gathered
  enter('report');
  const orderedPages = [...pages.values()];
  // Even a cancelled run keeps what it paid for: the report is written outside the cancelled scope.
  const written = await CancellationScope.nonCancellable(() =>
    report.writeReport({ topic, runId, sources, pages: orderedPages, queries, notes, stoppedByBudget: progress.stoppedByBudget, cancelled, settings }),
  );
  charge('report', written.usage);
  enter('done');
  if (cancelled) {
    upsertMemo({ reportPath: written.path });
    throw new CancelledFailure(`the run was cancelled; its report, written from what was gathered, is ${written.path}`);
  }

  const stages = Object.fromEntries(STAGES.map((s) => [s, stageCost(usage[s], settings.price)])) as Record<Stage, StageCost>;
  const total = stageCost(STAGES.reduce((t, s) => addUsage(t, usage[s]), ZERO_USAGE), settings.price);
  return {
    topic,
    reportPath: written.path,
    reportWords: written.words,
    stoppedByBudget: progress.stoppedByBudget,
    keywords,
    queries,
    pages: orderedPages,
    notes,
    cost: { stages, total },
  };
}

function stageCost(u: TokenUsage, price: ResearchInput['settings']['price']): StageCost {
  return { ...u, costUsd: usageCost(price, u) };
}

/**
 * The reason to record for a failed search or page, so the run can go on. Not for a cancellation (it
 * propagates) nor for a failure that says the run's configuration is wrong (bad key, bad request):
 * every later call would fail the same way, so the run fails, saying why.
 */
function failureReason(err: unknown): string {
  if (isCancellation(err)) throw err;
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.type && CONFIGURATION_FAILURES.includes(cause.type)) {
    throw ApplicationFailure.create({ message: cause.message, type: cause.type, nonRetryable: true });
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return cause instanceof ApplicationFailure && cause.type === FailureType.MalformedResponse
    ? `unreadable answer after retries: ${message}`
    : message;
}
