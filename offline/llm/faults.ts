/** Faults the stand-in model can be told to produce, set from code or with POST /__faults. */
import { z } from 'zod';
import { JSON_STAGES, type LlmStage } from './promptReader';

export const LLM_FAULT_KINDS = [
  'rate_limit',
  'server_error',
  'stall',
  'html_200',
  'stalled_body',
  'malformed_json',
  'fenced_json',
  'bad_citations',
  'bad_indices',
  'altered_figures',
  'short_sections',
  'empty',
  'refusal',
  'truncated',
  'no_usage',
] as const;
export const LLM_FAULT_STAGES = [
  'search_keywords',
  'research_queries',
  'ranked_results',
  'page_summary',
  'merge_summaries',
  'report',
  'report_plan',
  'report_section',
  'report_section_more',
  'report_framing',
  'report_verify',
  'any',
] as const;

export const LlmFaultSchema = z.object({
  kind: z.enum(LLM_FAULT_KINDS),
  /** Which calls it hits; 'page_summary' also hits the merge of a long page's partial summaries. Default any. */
  stage: z.enum(LLM_FAULT_STAGES).optional(),
  /** How many matching calls it hits. */
  times: z.number().int().min(1).default(1),
  /** How many matching calls it lets through before it hits. Default 0. */
  skip: z.number().int().min(0).default(0),
  /** rate_limit: the retry-after header, in seconds. Default 1. */
  retryAfterSeconds: z.number().nonnegative().optional(),
  /** stall: how long to wait before answering normally; stalled_body: before finishing the body. Default 10 minutes. */
  stallMs: z.number().int().nonnegative().optional(),
});
export type LlmFault = z.infer<typeof LlmFaultSchema>;
export type LlmFaultInput = z.input<typeof LlmFaultSchema>;
export type LlmFaultKind = (typeof LLM_FAULT_KINDS)[number];

export const DEFAULT_STALL_MS = 10 * 60_000;

/** Transport faults replace or delay the answer (or its body); the others change its content. */
const TRANSPORT: readonly LlmFaultKind[] = ['rate_limit', 'server_error', 'stall', 'html_200', 'stalled_body'];

/** Content faults only make sense for some stages; elsewhere they wait for a call they fit. */
function fits(kind: LlmFaultKind, stage: LlmStage): boolean {
  switch (kind) {
    case 'malformed_json':
    case 'fenced_json':
      return JSON_STAGES.includes(stage);
    case 'bad_citations':
      return stage === 'report';
    case 'bad_indices':
      return stage === 'ranked_results';
    case 'altered_figures':
      return stage === 'report_section' || stage === 'report';
    case 'short_sections':
      return stage === 'report_section';
    default:
      return true;
  }
}

function stageMatches(fault: LlmFault, stage: LlmStage): boolean {
  if (!fault.stage || fault.stage === 'any') return true;
  return fault.stage === stage || (fault.stage === 'page_summary' && stage === 'merge_summaries');
}

export class FaultPlan {
  private faults: LlmFault[] = [];

  set(faults: LlmFaultInput | LlmFaultInput[]): void {
    this.faults = (Array.isArray(faults) ? faults : [faults]).map((f) => LlmFaultSchema.parse(f));
  }

  add(fault: LlmFaultInput): void {
    this.faults.push(LlmFaultSchema.parse(fault));
  }

  clear(): void {
    this.faults = [];
  }

  pending(): LlmFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first pending transport fault for this call, used up by one. */
  takeTransport(stage: LlmStage): LlmFault | undefined {
    return this.take((f) => TRANSPORT.includes(f.kind) && stageMatches(f, stage));
  }

  /** The first pending content fault that fits this call, used up by one. */
  takeContent(stage: LlmStage): LlmFault | undefined {
    return this.take((f) => !TRANSPORT.includes(f.kind) && stageMatches(f, stage) && fits(f.kind, stage));
  }

  private take(matches: (fault: LlmFault) => boolean): LlmFault | undefined {
    const i = this.faults.findIndex((f) => {
      if (!matches(f)) return false;
      if (f.skip === 0) return true;
      f.skip -= 1; // a call it lets through
      return false;
    });
    if (i < 0) return undefined;
    const fault = this.faults[i];
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(i, 1);
    return { ...fault };
  }
}
