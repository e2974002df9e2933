/**
 * The stand-in model's personalities, so the suite sees what real models do with length and price:
 * - `faithful`: writes what it is asked, from the sources given, up to the words asked (the default);
 * - `terse`: writes about 60% of the words asked and stops early (finish_reason "stop");
 * - `verbose`: writes about 120% of the words asked, when its sources hold that much;
 * - `pricey-report`: bills every report answer several times its text (as a model that reasons before it
 *   writes), so the report costs several times the pages.
 * Chosen by OFFLINE_MODEL_PERSONALITY or POST /__personality {"personality": "..."}.
 */
import type { LlmStage } from './promptReader';

export const PERSONALITIES = ['faithful', 'terse', 'verbose', 'pricey-report'] as const;
export type Personality = (typeof PERSONALITIES)[number];

/** Words written per word asked. */
const WORD_FACTOR: Record<Personality, number> = { faithful: 1, terse: 0.6, verbose: 1.2, 'pricey-report': 1 };
/** Completion tokens billed per token of a report answer written. */
export const PRICEY_REPORT_BILLING = 4;

export function isPersonality(value: unknown): value is Personality {
  return typeof value === 'string' && (PERSONALITIES as readonly string[]).includes(value);
}

/** The personality named by `value` (OFFLINE_MODEL_PERSONALITY); a name it does not know is an error naming the choices. */
export function personalityFrom(value: string | undefined): Personality {
  if (value === undefined || value === '') return 'faithful';
  if (isPersonality(value)) return value;
  throw new Error(`OFFLINE_MODEL_PERSONALITY must be one of ${PERSONALITIES.join(', ')} (got "${value}")`);
}

export function wordFactor(personality: Personality): number {
  return WORD_FACTOR[personality];
}

/** The completion tokens billed for an answer of `tokens` at `stage`. */
export function billedTokens(personality: Personality, stage: LlmStage, tokens: number): number {
  return personality === 'pricey-report' && stage.startsWith('report') ? tokens * PRICEY_REPORT_BILLING : tokens;
}
