/**
 * Types and schemas shared by the workflow, the activities and the client.
 * Pure: importable from the workflow bundle (no Node built-ins, no I/O).
 */
import { z } from 'zod';
import { cleanText } from '../text/hygiene';
import type { ChangeRecord } from './changeReport';

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

/**
 * A model answer that stayed unusable after its tries (empty, an HTML page, a refusal, cut off): `line` names
 * the endpoint and what it answered (the run's result, the CLI); `answered` says it without the endpoint
 * ("answered an empty message"), for the report's notes.
 */
export interface ModelTrouble {
  line: string;
  answered: string;
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
  // The topic becomes the report's title and is printed in the terminal: no controls, bidi controls or escapes.
  .overwrite(cleanText)
  .trim()
  .min(1, { error: 'the topic is empty: give what to research, e.g. npm run research -- "tensorflow vs pytorch"' })
  .max(MAX_TOPIC_CHARS, {
    error: `the topic is longer than ${MAX_TOPIC_CHARS} characters: shorten it to the question you want researched`,
  });

const LANGUAGE_HELP = 'must be a BCP 47 language tag such as en-us, de-de, fr or zh-hant-tw';
export const UNKNOWN_LANGUAGE_HELP = 'must name a language a model can write in (a known language, and a known script and region if given), e.g. en-us, de-de, fr, pt-BR or zh-hant-tw';

/** True for a well-formed BCP 47 tag (what Intl accepts); `en_US`, `english!` or `e` are not. */
function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** Codes that name no language to write in: multiple languages, no linguistic content, uncoded. */
const NOT_A_LANGUAGE = new Set(['mul', 'zxx', 'mis']);
const UNKNOWN_SCRIPT = 'Zzzz';
const UNKNOWN_REGION = 'ZZ';

/** The English name Intl knows for `code`, or undefined (fallback 'none': no name is made up from the code). */
function displayName(type: 'language' | 'script' | 'region', code: string): string | undefined {
  try {
    return new Intl.DisplayNames(['en'], { type, fallback: 'none' }).of(code);
  } catch {
    return undefined; // a code Intl refuses outright ('und')
  }
}

/**
 * True for a well-formed tag whose language Intl knows by name, and whose script and region, when given, it
 * knows too: `en-us`, `pt-BR`, `zh-hant-tw`. Not `english` or `zz` (no such language), `xx-INVALID`,
 * `en-XX`, `und` or `zxx`.
 */
export function isKnownLanguage(tag: string): boolean {
  const { language, script, region } = new Intl.Locale(Intl.getCanonicalLocales(tag)[0]!);
  if (!language || NOT_A_LANGUAGE.has(language) || displayName('language', language) === undefined) return false;
  if (script !== undefined && (script === UNKNOWN_SCRIPT || displayName('script', script) === undefined)) return false;
  if (region !== undefined && (region === UNKNOWN_REGION || displayName('region', region) === undefined)) return false;
  return true;
}

/**
 * A well-formed BCP 47 tag: all the workflow itself checks of a run's language, so a run in flight never
 * fails on replay because the ICU data of a newer Node knows a language differently.
 */
const LanguageTagSchema = z
  .string({ error: LANGUAGE_HELP })
  .trim()
  .min(2, { error: LANGUAGE_HELP })
  .max(35, { error: LANGUAGE_HELP })
  .refine(isLanguageTag, { error: LANGUAGE_HELP, abort: true });

/**
 * The language every stage writes in, as a new run, the CLI flag and the setting accept it: a language a model
 * can write in, checked before anything is paid.
 */
export const LanguageSchema = LanguageTagSchema.refine(isKnownLanguage, { error: UNKNOWN_LANGUAGE_HELP });

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
  language: LanguageTagSchema.default('en-us'),
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
  /** Pause after ranking for the user to review the shortlist (approve, drop, add). */
  review: z.boolean().default(false),
  /** How long a review waits for an answer before the run goes on with its own choice. */
  reviewTimeoutSeconds: z
    .number({ error: 'must be a duration from 5s to 24h, e.g. 10m or 90s' })
    .int({ error: 'must be a duration from 5s to 24h, e.g. 10m or 90s' })
    .min(5, { error: 'must be a duration from 5s to 24h, e.g. 10m or 90s' })
    .max(86_400, { error: 'must be a duration from 5s to 24h, e.g. 10m or 90s' })
    .default(600),
  /** The model's context window, in tokens. */
  contextTokens: z.number().int().min(1024),
  /** The most output tokens the model can produce in one answer. */
  maxOutputTokens: z.number().int().min(256),
  /** `sections`: planned, written in parallel sections; `single`: one call writes the whole report. */
  reportMode: z.enum(['single', 'sections'], { error: 'must be single or sections' }).default('sections'),
  /** One extra model pass over the sentences the grounding check flagged (keep, fix or drop). */
  verify: z.boolean().default(false),
  /**
   * Research rounds: 1 is one pass; each further round follows up what the one before left open (a child
   * workflow). Runs recorded before rounds existed read as 2 here, but their histories hold no
   * 'follow-up-rounds' patch marker, so they replay as the one pass they were.
   */
  depth: z
    .number({ error: 'must be a whole number of rounds from 1 to 5' })
    .int({ error: 'must be a whole number of rounds from 1 to 5' })
    .min(1, { error: 'must be a whole number of rounds from 1 to 5' })
    .max(5, { error: 'must be a whole number of rounds from 1 to 5' })
    .default(2),
  /** Follow-up questions in the first follow-up round, halving per level after it. */
  breadth: z
    .number({ error: 'must be a whole number of follow-up questions from 1 to 8' })
    .int({ error: 'must be a whole number of follow-up questions from 1 to 8' })
    .min(1, { error: 'must be a whole number of follow-up questions from 1 to 8' })
    .max(8, { error: 'must be a whole number of follow-up questions from 1 to 8' })
    .default(3),
});
export type ResearchSettings = z.infer<typeof ResearchSettingsSchema>;

export const ResearchInputSchema = z.object({
  topic: TopicSchema,
  settings: ResearchSettingsSchema,
});

export type ResearchInput = z.infer<typeof ResearchInputSchema>;

/**
 * Why a page did not contribute a summary. `refused`: the model refused the page itself (see
 * `PageRefusal`), the page is skipped and what was paid before the refusal is kept.
 */
export type PageSkipReason = 'blocked' | 'failed' | 'not-text' | 'irrelevant' | 'empty' | 'budget' | 'cancelled' | 'refused' | 'too-large' | 'needs-browser';

/** The model's own code for refusing a page's text: too long for its context, or caught by its content filter. */
export type PageRefusal = 'context_length_exceeded' | 'content_filter';

/**
 * A figure (number, date, percentage) a page's summary states, with the page's own sentence it came from:
 * verbatim (cleaned of controls), at most MAX_QUOTE_CHARS. Small enough to travel in results; the page's
 * text never does. Web text: escape it wherever it is rendered.
 */
export interface EvidenceQuote {
  /** The figure as the summary writes it. */
  figure: string;
  /** The page's sentence that gives it (a window of it around the figure when the sentence is long). */
  quote: string;
}

export const MAX_QUOTE_CHARS = 300;

/**
 * A quote of the schedule's last run looked up again in the page as it reads now: the page's sentence making the
 * same claim (`now`, absent when none does), and whether the page still gives the quoted figure anywhere.
 */
export interface RecheckedQuote {
  quote: string;
  figure: string;
  now?: string;
  given: boolean;
}

export type PageOutcome =
  | {
      url: string;
      status: 'summarized';
      title: string;
      summary: string;
      /** One quote per figure of the summary found in the page; a figure without one is unverified. Absent before quotes existed. */
      evidence?: EvidenceQuote[];
      /** On a scheduled run: the last run's quotes of this page, looked up again in its text (never the text itself). */
      rechecked?: RecheckedQuote[];
      usage: TokenUsage;
      /** The summary's length in the model's tokens (for the report's cost estimate). */
      summaryTokens?: number;
      /** Taken from the summary cache of an earlier run: nothing fetched, nothing paid. */
      cached?: boolean;
      /** Set when the budget allowed only part of the page's text: says how much (never cached). */
      partial?: string;
      /** Set when the model's answer for a later part stayed unusable after its tries (the page is summarized from the parts before). */
      trouble?: ModelTrouble;
    }
  | {
      url: string;
      status: PageSkipReason;
      title?: string;
      reason: string;
      /** Set when status is `refused`: the model's code, the same for every page refused the same way. */
      refusal?: PageRefusal;
      /** Set when the model's answers for this page stayed unusable (empty, an HTML page, not the JSON asked for) after their tries. */
      trouble?: ModelTrouble;
      usage: TokenUsage;
      cached?: boolean;
      partial?: string;
    };

/** The reason a page chosen but not read yet carries (status `queued`). */
export const NOT_READ_YET = 'not read yet';

/** What the report stage needs for one page, and what the run's result lists. */
export interface PageRecord {
  url: string;
  title?: string;
  /** `queued`: chosen, not read yet (runs recorded before said `failed` with the reason 'not read yet'). */
  status: PageOutcome['status'] | 'queued';
  /** The queries that chose this page. */
  queries: string[];
  reason?: string;
  /** What reading this page cost (LLM calls only). */
  costUsd?: number;
  /** The follow-up round (2, 3, ...) that chose it; absent for the first pass. */
  round?: number;
  /** The summary came from the cache of an earlier run. */
  cached?: boolean;
}

/** What one page may spend, handed to its activity by the workflow's budget ledger. */
export interface PageBudget {
  allowanceUsd: number;
  /** The typical answer of one summary call so far, for pricing the calls before they are made. */
  completionTokensPerCall: number;
}

/**
 * What one report call may spend, handed to its activity by the budget planner: the activity asks for no
 * more answer than the allowance pays (its prompt counted first) and continues no further than it does.
 */
export interface ReportCallBudget {
  allowanceUsd: number;
  /** Completion tokens the model bills per token of answer it writes (learnt from the run's first report call). */
  answerScale: number;
  /**
   * Set while the run has paid no report call, so `answerScale` is a prior: the call's first answer is asked only as
   * long as the allowance pays at this rate, and the rest at the rate that answer was billed (see askingScale and
   * afterFirstAnswer in budget.ts). Absent in calls scheduled before it existed: they ask at `answerScale`.
   */
  firstAnswerScale?: number;
}

/**
 * What the budget changed in a report, told in one line at its head: the words asked and the words paid for,
 * the pages left unread, the small calls left out, and the cap.
 */
export interface BudgetEffects {
  askedWords: number;
  paidWords: number;
  /** Why fewer words were paid for than asked: the budget, or what the sources' summaries could fill. */
  limitedBy?: 'budget' | 'material';
  pagesNotRead: number;
  skippedCalls: number;
  budgetUsd: number;
  /** The words of the sources' summaries the report was written from. */
  materialWords: number;
}

export interface SourceSummary {
  url: string;
  title: string;
  summary: string;
  /** The page's sentences behind the summary's figures (absent on sources of runs recorded before quotes). */
  evidence?: EvidenceQuote[];
  /** On a scheduled run: the schedule's last run's quotes of this page, looked up again in the page as it reads now. */
  rechecked?: RecheckedQuote[];
}

export interface StageCost extends TokenUsage {
  costUsd: number;
}

export interface ResearchProgress {
  stage: Stage | 'done';
  /** The run waits for the user's review of its shortlist (`client review <id>`). */
  awaitingReview?: boolean;
  keywords: string[];
  queries: string[];
  pagesPlanned: number;
  pagesDone: number;
  pagesSummarized: number;
  costUsd: number;
  maxBudgetUsd: number;
  stoppedByBudget: boolean;
}

/**
 * How a cancelled run ended, kept in its memo (`cancel`) and told in its report and by `status`.
 * `stop-reading` (`client cancel`, the UI's Cancel): it stopped gathering and still wrote its report;
 * `now` (`client cancel --now`): it stopped at once, cancelling its activities, and wrote no report.
 */
export interface CancelRecord {
  kind: 'stop-reading' | 'now';
  /** The stage the cancel arrived in. */
  during: Stage;
  pagesNotRead: number;
  /** What the run had paid when it ended. */
  costUsd: number;
  /** One line: "cancelled: 3 pages not read", "cancel arrived during the report", ... */
  note: string;
}

/** The line a cancel leaves in the report and `status`. */
export function cancelNote(kind: CancelRecord['kind'], during: Stage, pagesNotRead: number): string {
  const pages = `${pagesNotRead} page${pagesNotRead === 1 ? '' : 's'} not read`;
  if (kind === 'now') return `stopped at once (cancel --now) during the ${during} stage: ${pages}, no report written`;
  if (during === 'report') return 'cancel arrived during the report: the report was finished without its optional steps';
  return `cancelled: ${pages}`;
}

/** The report as it travels through Temporal (the report activity's result, and the run's). */
/**
 * Marks a payload that is a run's finished report (the report steps' results and the run's own): the client
 * finds a cancelled run's report by this mark, whatever the step that wrote it is called.
 */
export const REPORT_KIND = 'research-report';

export interface ReportOutput {
  markdown: string;
  words: number;
  /** REPORT_KIND on reports written since the mark exists. */
  kind?: typeof REPORT_KIND;
  /** Where a worker of an older version saved a copy. */
  path?: string;
}

/** An open question a round left, with the one search that would answer it and why it matters. */
export interface Gap {
  question: string;
  query: string;
  why: string;
}

/** One round as the run's result and the report's appendix tell it: its questions, their queries, its pages. */
export interface RoundRecord {
  /** 1 is the first pass; follow-ups count from 2. */
  round: number;
  gaps: Gap[];
  /** The pages its queries chose that it read (or tried to), by URL. */
  pagesRead: string[];
  /** The pages its queries chose that an earlier round had read already: neither fetched nor paid again. */
  pagesSkipped: string[];
  /** Set when the round ended early (cancelled, budget). */
  note?: string;
}

/** What a run has gathered so far: its result without the report (the `outcome` query answers it while it runs). */
export type ResearchOutcome = Omit<ResearchResult, 'report'>;

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
  /**
   * What later commands (revise, a scheduled run's comparison) build on: the summaries of the pages read, in
   * the order the report numbers them (source n is sources[n - 1]), the run's settings, and where each stage
   * started in its history. Absent from results of runs recorded before they were carried.
   */
  sources?: SourceSummary[];
  settings?: ResearchSettings;
  stageStarts?: Partial<Record<Stage, number>>;
  /** With follow-up rounds (depth > 1): each round's questions, queries and pages, the first pass included. */
  rounds?: RoundRecord[];
  /**
   * Set when a model answer stayed unusable after its tries (empty, an HTML page, a refusal, cut off), so part
   * of the report is missing: one line naming the endpoint and what it answered. The CLI prints it and exits
   * non-zero.
   */
  modelTrouble?: string;
  /** On a run a schedule started: its comparison with the schedule's last completed run, in one line. */
  changes?: ChangeRecord;
}
