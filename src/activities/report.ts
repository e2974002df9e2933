import { type BudgetEffects, type ModelTrouble, type PageRecord, type ReportCallBudget, type ResearchSettings, type RoundRecord, type SourceSummary, type TokenUsage, REPORT_KIND, ZERO_USAGE } from '../domain/types';
import { tokensForWords } from '../domain/budget';
import { fitSummaries } from '../llm/fit';
import { type ChatMessage, continuePrompt, joinContinuation, reportPrompt } from '../llm/prompts';
import { tokenCounter } from '../llm/tokens';
import { stripModelReferences } from '../report/citations';
import { scrubInput } from '../report/compose';
import { composeGrounded, groundBody, type ReviewDecision } from '../report/grounded';
import type { FlaggedSentence } from '../report/grounding';
import { removeUnreadLinksOffThread } from '../report/linksThread';
import { currentRun } from './currentRun';
import { type ActivityDeps, today } from './deps';
import { troubleOrRethrow, withPaidCalls } from './paid';
import { wholeParagraphs } from '../llm/completion';
import { SMALLEST_REPORT_WORDS } from '../domain/planner';
import { afterAnswer, answerTokensWithin, cutByAllowance, MIN_ANSWER_TOKENS, wholeSentences } from './callBudget';

/** How many times the report may be continued after the model stops at its output limit. */
const MAX_CONTINUATIONS = 4;

/**
 * The body's size cap, checked before each paid call: the report travels through Temporal (activity and run
 * result), so it stays well under the 512 KB payload warning (2 MB is an error), appendix included.
 */
export const REPORT_MAX_BODY_CHARS = 300_000;
const CHARS_PER_OUTPUT_TOKEN = 4;

export interface WriteReportInput {
  topic: string;
  runId: string;
  sources: SourceSummary[];
  pages: PageRecord[];
  queries: string[];
  notes: string[];
  stoppedByBudget: boolean;
  /** The run was cancelled by request: the report says it is written from what was gathered until then. */
  cancelled?: boolean;
  /** How: "cancelled: 3 pages not read", "cancel arrived during the report" (absent from older runs' inputs). */
  cancelNote?: string;
  settings: ResearchSettings;
  /** What the budget changed (words asked and paid for, pages not read), told at the report's head; absent before the planner. */
  budgetEffects?: BudgetEffects;
  /** With follow-up rounds: the appendix's tree of questions, queries and pages per round. */
  rounds?: RoundRecord[];
}

export interface WriteSingleInput extends WriteReportInput {
  /** What the report's calls may spend together (runs recorded before the budget planner gave none). */
  callBudget?: ReportCallBudget;
  /**
   * Set by a run with `--verify`: when the grounding check flags a sentence, the activity returns the body as
   * written (`draftBody`) for the verification pass, and does not compose the report; `finishReport`
   * then completes it with the pass's decisions.
   */
  draft?: boolean;
}

export interface WriteReportResult {
  /** The report itself: it reaches the user through Temporal, from any machine. Empty for a draft. */
  markdown: string;
  words: number;
  /** REPORT_KIND when this is a finished report (not a draft). */
  kind?: typeof REPORT_KIND;
  /** Where a worker of an older version saved a copy (none do now: the command that follows the run saves it). */
  path?: string;
  usage: TokenUsage;
  /**
   * The grounding figure: sentences that cite sources, and those whose figures no cited source gives (absent
   * from results recorded before the one-call report was grounded).
   */
  citedSentences?: number;
  flagged?: FlaggedSentence[];
  /** Only for a draft with flagged sentences: the body as the model wrote it, for `finishReport`. */
  draftBody?: string;
  /** Set when the model's answers stayed bad (empty, an HTML page, a refusal, cut off): the report says so in its notes. */
  trouble?: ModelTrouble;
}

/** A drafted one-call report completed after the verification pass: its body and the pass's decisions. */
export interface FinishReportInput extends WriteReportInput {
  body: string;
  decisions?: ReviewDecision[];
}

interface ReportProgress {
  runId: string;
  text: string;
  done: boolean;
  trouble?: ModelTrouble;
}

/** The body of a report the model wrote none of: our words, not the model's (the appendix says why). */
const NO_BODY = '_The model wrote no report: the notes in the appendix say why._';

/** The note for a report the model's answers cut short. */
function reportTroubleNote(trouble: ModelTrouble, written: boolean): string {
  return written ? `The report was cut short: the model ${trouble.answered}; the text before it is kept.` : `The model wrote no report: it ${trouble.answered}.`;
}

/** An answer still cut off at the output limit after its continuations, as trouble naming the endpoint. */
export function cutOffTrouble(deps: ActivityDeps, continuations: number): ModelTrouble {
  const answered = `answered text still cut off at its output limit after ${continuations} continuations (finish_reason length)`;
  return { line: `${deps.llm.endpoint} ${answered}`, answered };
}

export function reportActivities(deps: ActivityDeps) {
  return {
    /**
     * Writes the report with the model, grounds its cited sentences, checks its citations, and returns the
     * Markdown, the report of record (or, for a draft with flagged sentences, the body: see `draft`).
     */
    async writeReport(input: WriteSingleInput): Promise<WriteReportResult> {
      const { topic, settings } = input;
      return withPaidCalls<ReportProgress, WriteReportResult>(async ({ signal, meter, paid, resumed: saved, checkpoint }) => {
        const resumed = saved?.runId === input.runId ? saved : undefined;
        let text = resumed?.text ?? '';
        let trouble = resumed?.trouble;
        const wanted = tokensForWords(settings.reportWords) + 400;
        const maxTokens = Math.min(settings.maxOutputTokens, wanted);
        const date = today(deps);

        if (input.sources.length === 0) {
          text = `# ${topic}\n\nNo page could be read and summarized for this topic, so there is nothing to report. The appendix lists what was tried and why each page was skipped.`;
        } else if (!resumed?.done) {
          // The summaries get what the window leaves after the instructions and the answer.
          const room = settings.contextTokens - maxTokens - 1_500;
          const sources = fitSummaries(input.sources, room, tokenCounter(settings.model));
          const base = reportPrompt(topic, sources, { language: settings.language, words: settings.reportWords, today: date });
          let budget = input.callBudget;
          // (An answer held short only to learn how the model bills it is continued without counting as one.)
          let heldToLearn = 0;
          for (let turn = 0; ; turn++) {
            const room = Math.floor((REPORT_MAX_BODY_CHARS - text.length) / CHARS_PER_OUTPUT_TOKEN);
            if (room < 100) break; // at the size cap: no further call is paid for
            if (turn > MAX_CONTINUATIONS + heldToLearn) {
              trouble = cutOffTrouble(deps, MAX_CONTINUATIONS);
              text = wholeParagraphs(text);
              break;
            }
            const messages: ChatMessage[] = text ? [...base, { role: 'assistant', content: text }, continuePrompt()] : base;
            const wantedTokens = Math.min(maxTokens, room);
            // The first answer is never asked shorter than the smallest report: a run with sources never ends with an empty one.
            const allowed = Math.max(answerTokensWithin(budget, settings, paid(), messages, wantedTokens), text ? 0 : Math.min(wantedTokens, tokensForWords(SMALLEST_REPORT_WORDS)));
            const learning = budget?.firstAnswerScale !== undefined;
            // Its allowance pays for no worthwhile answer more, or cut the last one: what was written ends at a whole sentence.
            if (allowed < MIN_ANSWER_TOKENS) {
              text = wholeSentences(text);
              break;
            }
            const reply = await deps.llm.chat(messages, { model: settings.model, maxTokens: allowed, signal, meter }).catch(troubleOrRethrow);
            if ('trouble' in reply) {
              // No continuation is paid around a bad answer: what was written before it is kept, to its last whole paragraph.
              trouble = reply.trouble;
              text = wholeParagraphs(text);
              break;
            }
            text = text ? joinContinuation(text, reply.text) : reply.text;
            budget = afterAnswer(budget, reply.text, reply.usage, settings.model);
            const done = reply.finishReason !== 'length';
            checkpoint({ runId: input.runId, text, done });
            if (done) break;
            // A first answer held short to learn the model's rate goes on at that rate, while its allowance pays for more.
            if (learning && allowed < wantedTokens) heldToLearn = 1;
            else if (cutByAllowance(allowed, wantedTokens, reply.usage.completionTokens)) {
              text = wholeSentences(text);
              break;
            }
          }
          checkpoint({ runId: input.runId, text, done: true, ...(trouble ? { trouble } : {}) });
        }

        const body = stripModelReferences(text.trim()) || NO_BODY;
        const troubled = trouble ? { trouble } : {};
        const material = trouble ? { ...input, notes: [...input.notes, reportTroubleNote(trouble, body !== NO_BODY)] } : input;
        // (A body cut short by a bad answer is not drafted for a verification pass: it is composed as it is, saying so.)
        if (input.draft && !trouble) {
          const grounded = groundBody(body, input.sources);
          if (grounded.flagged.length > 0) {
            return { markdown: '', words: 0, usage: paid(), citedSentences: grounded.citedSentences, flagged: grounded.flagged, draftBody: body, ...troubled };
          }
        }
        return { ...(await finish(deps, material, body)), usage: paid(), ...troubled };
      });
    },

    /** Completes a drafted report: the verification pass's decisions applied, grounded and composed. No model call. */
    async finishReport(input: FinishReportInput): Promise<WriteReportResult> {
      return { ...(await finish(deps, input, input.body, input.decisions)), usage: ZERO_USAGE };
    },
  };
}

/** The report from its body: decisions applied, grounded, links and citations checked, composed. */
async function finish(deps: ActivityDeps, input: WriteReportInput, body: string, decisions: readonly ReviewDecision[] = []): Promise<Omit<WriteReportResult, 'usage' | 'draftBody'>> {
  const run = currentRun(input.runId);
  const grounded = groundBody(body, input.sources, decisions);
  const parts = {
    topic: input.topic,
    sources: input.sources,
    pages: input.pages,
    queries: input.queries,
    notes: input.notes,
    offline: deps.offline,
    stoppedByBudget: input.stoppedByBudget,
    cancelled: input.cancelled ?? false,
    cancelNote: input.cancelNote,
    budgetEffects: input.budgetEffects,
    run,
    date: today(deps),
    ...(input.rounds ? { rounds: input.rounds } : {}),
  };
  // The body is parsed for links off the event loop: other activities on this worker keep running.
  const links = await removeUnreadLinksOffThread(...scrubInput({ ...parts, body: grounded.text }));
  const report = composeGrounded(parts, grounded, decisions, links);
  return { markdown: report.markdown, words: report.words, kind: REPORT_KIND, citedSentences: report.citedSentences, flagged: report.flagged };
}

