/**
 * The JSON each stage asks the model for. The `name` is sent as the structured-output schema name
 * (response_format json_schema), so an endpoint, and our offline stand-in, can tell the stages apart.
 */
import { z } from 'zod';

export const KeywordsAnswer = z.object({ keywords: z.array(z.string()) });
export const QueriesAnswer = z.object({ queries: z.array(z.string()) });
/** Indices into the result list given in the prompt, best first. Validated loosely, cleaned by `cleanIndices`. */
export const RankingAnswer = z.object({ indices: z.array(z.unknown()) });
/** Irrelevance is a field, not a magic phrase, so it works in any language. */
export const PageSummaryAnswer = z.object({ relevant: z.boolean(), summary: z.string() });

/**
 * What a round left open (gap analysis): each open question with the one search that would answer it and why
 * it matters. Items are validated loosely and cleaned by `cleanGaps` (a model's half-filled item is dropped, not fatal).
 */
export const GapsAnswer = z.object({ gaps: z.array(z.unknown()) });
/** The sectioned report's plan: read loosely, cleaned by `cleanPlan` (report/plan.ts). */
export const ReportPlanAnswer = z.object({
  title: z.string().optional(),
  sections: z.array(
    z.object({
      heading: z.string().optional(),
      purpose: z.string().optional(),
      sources: z.array(z.unknown()).optional(),
      words: z.unknown().optional(),
    }),
  ),
});
/** The executive summary and the conclusion (each call asks for one and leaves the other empty). */
export const FramingAnswer = z.object({ summary: z.string(), conclusion: z.string() });
/** The verification pass's decision per flagged sentence: cleaned by `cleanDecisions` (activities/sections.ts). */
export const VerifyAnswer = z.object({
  decisions: z.array(z.object({ id: z.unknown(), action: z.string(), text: z.string().optional() })),
});

/** A scheduled run's "What changed" prose, written from the diff alone. */
export const ChangeSummaryAnswer = z.object({ summary: z.string() });

export const LLM_ANSWERS = {
  search_keywords: KeywordsAnswer,
  research_queries: QueriesAnswer,
  ranked_results: RankingAnswer,
  page_summary: PageSummaryAnswer,
  report_plan: ReportPlanAnswer,
  report_framing: FramingAnswer,
  report_verify: VerifyAnswer,
  gap_analysis: GapsAnswer,
  change_summary: ChangeSummaryAnswer,
} as const;
export type AnswerName = keyof typeof LLM_ANSWERS;
export type Answer<N extends AnswerName> = z.infer<(typeof LLM_ANSWERS)[N]>;
