/**
 * Types and schemas shared by the workflow, the activities and the client.
 * Pure: importable from the workflow bundle (no Node built-ins, no I/O).
 */
import { z } from 'zod';

export const STAGES = ['keywords', 'search', 'plan', 'rank', 'browse', 'report'] as const;
export type Stage = (typeof STAGES)[number];

/** One search hit, the single shape every search provider returns. */
export interface SearchResult {
  url: string;
  title: string;
  snippet: string;
}

/** Tokens one or more LLM calls used. Cost is derived in the workflow from the run's price. */
export interface TokenUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export const ZERO_USAGE: TokenUsage = { calls: 0, promptTokens: 0, completionTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    calls: a.calls + b.calls,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}

/** USD per one million tokens. */
export const PriceSchema = z.object({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
});
export type Price = z.infer<typeof PriceSchema>;

export const MAX_TOPIC_CHARS = 500;

export const TopicSchema = z
  .string({ error: 'the topic must be text' })
  .trim()
  .min(1, { error: 'the topic is empty: give what to research, e.g. npm run research -- "tensorflow vs pytorch"' })
  .max(MAX_TOPIC_CHARS, {
    error: `the topic is longer than ${MAX_TOPIC_CHARS} characters: shorten it to the question you want researched`,
  });

/** Everything that shapes one research run. Visible in the Temporal UI, so it never holds secrets. */
export const ResearchSettingsSchema = z.object({
  model: z.string().min(1),
  /** Max number of search keywords generated from the topic. */
  keywords: z.number().int().min(1).max(10).default(2),
  /** Max number of research queries planned. */
  queries: z.number().int().min(1).max(10).default(4),
  /** Results requested from the search provider per search. */
  searchResults: z.number().int().min(1).max(20).default(8),
  /** URLs kept per query after ranking. */
  urlsPerQuery: z.number().int().min(1).max(10).default(4),
  /** Pages fetched and summarized at once. */
  maxParallelPages: z.number().int().min(1).max(32).default(8),
  /** Pages of one host read at once (politeness). */
  maxPagesPerHost: z.number().int().min(1).max(32).default(2),
  /** Language of every stage's output, e.g. en-us, de-de, fr. */
  language: z.string().trim().min(2, { error: 'must be a language tag such as en-us or de-de' }).max(35, { error: 'must be a language tag such as en-us or de-de' }).default('en-us'),
  /** Minimum length of the report, in words. */
  reportWords: z
    .number({ error: 'must be a whole number of words from 100 to 20000' })
    .int({ error: 'must be a whole number of words from 100 to 20000' })
    .min(100, { error: 'must be a whole number of words from 100 to 20000' })
    .max(20000, { error: 'must be a whole number of words from 100 to 20000' })
    .default(2000),
  /** USD cap for the whole run's LLM spend. */
  maxBudgetUsd: z
    .number({ error: 'must be a positive number of US dollars, e.g. 2.5' })
    .positive({ error: 'must be a positive number of US dollars, e.g. 2.5' })
    .default(10),
  price: PriceSchema,
  /** The model's context window, in tokens. */
  contextTokens: z.number().int().min(1024),
  /** The most output tokens the model can produce in one answer. */
  maxOutputTokens: z.number().int().min(256),
  /** `sections`: planned, written in parallel sections; `single`: one call writes the whole report. */
  reportMode: z.enum(['single', 'sections'], { error: 'must be single or sections' }).default('sections'),
  /** One extra model pass over the sentences the grounding check flagged (keep, fix or drop). */
  verify: z.boolean().default(false),
});
export type ResearchSettings = z.infer<typeof ResearchSettingsSchema>;

export const ResearchInputSchema = z.object({
  topic: TopicSchema,
  settings: ResearchSettingsSchema,
});
export type ResearchInput = z.infer<typeof ResearchInputSchema>;

/** Why a page did not contribute a summary. */
export type PageSkipReason = 'blocked' | 'failed' | 'not-text' | 'irrelevant' | 'empty' | 'budget' | 'cancelled';

export type PageOutcome =
  | {
      url: string;
      status: 'summarized';
      title: string;
      summary: string;
      usage: TokenUsage;
      /** Taken from the summary cache of an earlier run: nothing fetched, nothing paid. */
      cached?: boolean;
    }
  | {
      url: string;
      status: PageSkipReason;
      title?: string;
      reason: string;
      usage: TokenUsage;
      cached?: boolean;
    };

/** What the report stage needs for one page, and what the run's result lists. */
export interface PageRecord {
  url: string;
  title?: string;
  status: PageOutcome['status'];
  /** The queries that chose this page. */
  queries: string[];
  reason?: string;
  /** What reading this page cost (LLM calls only). */
  costUsd?: number;
  /** The summary came from the cache of an earlier run. */
  cached?: boolean;
}

export interface SourceSummary {
  url: string;
  title: string;
  summary: string;
}

export interface StageCost extends TokenUsage {
  costUsd: number;
}

export interface ResearchProgress {
  stage: Stage | 'done';
  keywords: string[];
  queries: string[];
  pagesPlanned: number;
  pagesDone: number;
  pagesSummarized: number;
  costUsd: number;
  maxBudgetUsd: number;
  stoppedByBudget: boolean;
}

/** The report as it travels through Temporal (the report activity's result, and the run's). */
export interface ReportOutput {
  markdown: string;
  words: number;
  /** Where the worker also saved a copy, when it keeps one. */
  path?: string;
}

export interface ResearchResult {
  topic: string;
  report: ReportOutput;
  stoppedByBudget: boolean;
  keywords: string[];
  queries: string[];
  pages: PageRecord[];
  /** What went differently than planned: fallbacks after unreadable answers, failed searches. */
  notes: string[];
  cost: { stages: Record<Stage, StageCost>; total: StageCost };
}
