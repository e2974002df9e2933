import type { Gap } from '../domain/rounds';
import type { ModelTrouble, ResearchSettings, SourceSummary, TokenUsage } from '../domain/types';
import { cleanGaps } from '../llm/parse';
import { gapsPrompt } from '../llm/prompts';
import { countTokens } from '../llm/tokens';
import type { ActivityDeps } from './deps';
import { troubleOrRethrow, unreadableTrouble, withPaidCalls } from './paid';

export interface GapsResult {
  gaps: Gap[];
  /** Every answer paid for, in all attempts. */
  usage: TokenUsage;
  /** Set when the answers stayed bad (empty, an HTML page, a refusal, not the JSON asked for): no gaps, said so. */
  trouble?: ModelTrouble;
}

export interface GapsInput {
  topic: string;
  /** Every query and question researched so far. */
  asked: string[];
  /** The round's summaries (never page text). */
  summaries: SourceSummary[];
  count: number;
  settings: ResearchSettings;
}

export function gapActivities(deps: ActivityDeps) {
  return {
    /** One structured call: what the round's summaries leave open, each with a search query and why. */
    async findGaps(input: GapsInput): Promise<GapsResult> {
      const { topic, settings } = input;
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const summaries = fittedSummaries(input.summaries, settings);
        const prompt = gapsPrompt(topic, input.asked, summaries, input.count, settings.language);
        const reply = await deps.llm
          .chatJson('gap_analysis', prompt, { model: settings.model, maxTokens: 200 + 150 * input.count, outputLimit: settings.maxOutputTokens, signal, meter })
          .catch(troubleOrRethrow);
        if ('trouble' in reply) return { gaps: [], usage: paid(), trouble: reply.trouble };
        if (reply.value === undefined) return { gaps: [], usage: paid(), trouble: unreadableTrouble(deps.llm.endpoint, 'gap analyses', reply.raw) };
        return { gaps: cleanGaps(reply.value.gaps, input.count, input.asked), usage: paid() };
      });
    },
  };
}

/** The summaries that fit the model's window (room kept for the instructions and the answer), in order. */
function fittedSummaries(summaries: readonly SourceSummary[], settings: ResearchSettings): SourceSummary[] {
  let room = settings.contextTokens - 2_000;
  const kept: SourceSummary[] = [];
  for (const s of summaries) {
    room -= countTokens(`${s.url} ${s.title} ${s.summary}`, settings.model) + 20;
    if (room < 0) break;
    kept.push(s);
  }
  return kept;
}
