/**
 * How long the stand-ins take, so offline runs spend time the way hosted services do. A profile gives the
 * model's delay per call (from its stage and token counts), and fixed delays for a search and a page load.
 *
 * - `reference`: the per-stage times of the recorded reference run (shared/researcher-spec.md): keywords
 *   1.2 s, planning 0.8 s, each ranking 0.6 s, each page summary 2–9 s (growing with the page's prompt over
 *   the run's 2.3k–7.7k tokens), the report 25 s for ~3,000 output tokens (so it scales with its output);
 *   a search 0.4 s, a page load 2 s.
 * - `tokens`: how hosted models spend time: 0.4 s to the first token, the prompt read at 20,000 tokens/s,
 *   the answer written at 120 tokens/s, so a shorter answer returns sooner. Searches and pages as above.
 * - `zero`: no delay anywhere, to see what orchestration alone costs.
 */
import type { LlmStage } from './llm/promptReader';

export interface LlmCall {
  stage: LlmStage;
  promptTokens: number;
  completionTokens: number;
}

export interface LatencyProfile {
  name: LatencyProfileName;
  /** The model's delay for one answered call, in ms. */
  llmMs(call: LlmCall): number;
  /** Delay before every search answer, ms. */
  searchMs: number;
  /** Delay before every page answer, ms. */
  pageMs: number;
}

export const LATENCY_PROFILE_NAMES = ['reference', 'tokens', 'zero'] as const;
export type LatencyProfileName = (typeof LATENCY_PROFILE_NAMES)[number];

/** The reference run's recorded stage times, in ms. */
export const REFERENCE_TIMES = {
  keywordsMs: 1_200,
  planningMs: 800,
  rankingMs: 600,
  summaryMinMs: 2_000,
  summaryMaxMs: 9_000,
  /** The prompt sizes of the reference's smallest and largest page summary calls. */
  summaryMinPromptTokens: 2_300,
  summaryMaxPromptTokens: 7_700,
  reportMs: 25_000,
  reportOutputTokens: 3_000,
  searchMs: 400,
  pageMs: 2_000,
} as const;

export const TOKEN_MODEL = {
  firstTokenMs: 400,
  promptTokensPerSecond: 20_000,
  outputTokensPerSecond: 120,
} as const;

/** A page summary's time: 2 s up to the reference's smallest prompt, 9 s from its largest, linear between. */
export function referenceSummaryMs(promptTokens: number): number {
  const t = REFERENCE_TIMES;
  const share = (promptTokens - t.summaryMinPromptTokens) / (t.summaryMaxPromptTokens - t.summaryMinPromptTokens);
  return t.summaryMinMs + Math.min(1, Math.max(0, share)) * (t.summaryMaxMs - t.summaryMinMs);
}

export function referenceLlmMs(call: LlmCall): number {
  const t = REFERENCE_TIMES;
  switch (call.stage) {
    case 'search_keywords':
      return t.keywordsMs;
    case 'research_queries':
      return t.planningMs;
    case 'ranked_results':
      return t.rankingMs;
    case 'page_summary':
    case 'merge_summaries':
      return referenceSummaryMs(call.promptTokens);
    // The reference writes its report at ~120 tokens/s; every report call (a section, the plan, the summary) writes at that pace.
    case 'report':
    case 'report_plan':
    case 'report_section':
    case 'report_section_more':
    case 'report_framing':
    case 'report_verify':
      return (t.reportMs * call.completionTokens) / t.reportOutputTokens;
    default:
      return t.rankingMs;
  }
}

export function tokenModelMs(call: LlmCall): number {
  const m = TOKEN_MODEL;
  return m.firstTokenMs + (1000 * call.promptTokens) / m.promptTokensPerSecond + (1000 * call.completionTokens) / m.outputTokensPerSecond;
}

export const LATENCY_PROFILES: Record<LatencyProfileName, LatencyProfile> = {
  reference: { name: 'reference', llmMs: referenceLlmMs, searchMs: REFERENCE_TIMES.searchMs, pageMs: REFERENCE_TIMES.pageMs },
  tokens: { name: 'tokens', llmMs: tokenModelMs, searchMs: REFERENCE_TIMES.searchMs, pageMs: REFERENCE_TIMES.pageMs },
  zero: { name: 'zero', llmMs: () => 0, searchMs: 0, pageMs: 0 },
};
