/**
 * The sectioned report's activities: plan it, write one section (each its own activity, so a finished
 * section is never paid for again), write the executive summary and conclusion from the sections,
 * assemble and ground the Markdown, and the optional verification pass over flagged sentences.
 */
import { type ModelTrouble, type ReportCallBudget, REPORT_KIND, type ResearchSettings, type SourceSummary, type TokenUsage, ZERO_USAGE } from '../domain/types';
import { fitSummaries } from '../llm/fit';
import { tokenCounter } from '../llm/tokens';
import { type ChatMessage, continuePrompt, joinContinuation } from '../llm/prompts';
import {
  framingPrompt,
  type NumberedSource,
  reportPlanPrompt,
  sectionMorePrompt,
  sectionPrompt,
  verifyPrompt,
} from '../llm/reportPrompts';
import { assembleReport, cleanHeading, groundedBody, linkCheckInput, normaliseSection, type ReviewDecision, type WrittenSection } from '../report/assemble';
import { countWords } from '../report/compose';
import { removeUnreadLinksOffThread } from '../report/linksThread';
import type { FlaggedSentence } from '../report/grounding';
import { cleanPlan, fallbackPlan, PURPOSE_WORDS, type PlannedSection, type ReportPlan, wordTargets } from '../report/plan';
import { currentRun } from './currentRun';
import { type ActivityDeps, today } from './deps';
import { cutOffTrouble, type WriteReportInput } from './report';
import { troubleOrRethrow, withPaidCalls } from './paid';
import { wholeParagraphs } from '../llm/completion';
import { sectionsAtMost } from '../domain/words';
import { afterAnswer, answerTokensWithin, cutByAllowance, MIN_ANSWER_TOKENS, promptTokens, wholeSentences } from './callBudget';
import { askingScale, usageCost } from '../domain/budget';

/** Continuations of one answer cut at the model's output limit. */
const MAX_CONTINUATIONS = 2;

export type { ReportPlan, PlannedSection, ReviewDecision, WrittenSection, FlaggedSentence };

interface Common {
  topic: string;
  settings: ResearchSettings;
  /** The user's extra instructions (revise). */
  instructions?: string;
}

export interface PlanReportInput extends Common {
  sources: SourceSummary[];
}

export interface PlanReportResult {
  plan: ReportPlan;
  usage: TokenUsage;
  /** Set when the model's plan was unusable and a plan by source groups was used. */
  fallback?: string;
  /** Set when the model's answers stayed bad (empty, an HTML page, a refusal) after their tries. */
  trouble?: ModelTrouble;
  /** The plan's answer as written, in the model's tokens (what it billed beyond that was its reasoning). */
  answerTokens?: number;
}

export interface WriteSectionInput extends Common {
  title: string;
  section: PlannedSection;
  otherHeadings: string[];
  /** Only this section's sources, with their run-wide ids. */
  sources: NumberedSource[];
  /** Set to lengthen a section that came back short: what it has, and how many more words to ask for. */
  extend?: { written: string; moreWords: number };
  /** What this section may spend (runs recorded before the budget planner gave none). */
  budget?: ReportCallBudget;
}

export interface SectionResult {
  markdown: string;
  words: number;
  usage: TokenUsage;
  /**
   * Set when the model's answers stayed bad (empty, an HTML page, a refusal) or still cut off after the
   * continuations: `markdown` is what it wrote before, to its last whole paragraph (often nothing).
   */
  trouble?: ModelTrouble;
  /** Set when its allowance ended it: `markdown` is what was written, to its last whole sentence. */
  budgetCut?: boolean;
}

export interface WriteFramingInput extends Common {
  title: string;
  sections: WrittenSection[];
  summaryWords: number;
  conclusionWords: number;
  /** What the summary and conclusion may spend together (runs recorded before the budget planner gave none). */
  budget?: ReportCallBudget;
}

export interface FramingResult {
  summary: string;
  conclusion: string;
  usage: TokenUsage;
  fallback?: string;
  trouble?: ModelTrouble;
}

/** What the one-call report is written from (less its settings), and the sections written instead. */
export interface AssembleSectionsInput extends Omit<WriteReportInput, 'settings'> {
  title: string;
  summary: string;
  sections: WrittenSection[];
  conclusion: string;
  decisions?: ReviewDecision[];
}

export interface AssembleSectionsResult {
  markdown: string;
  words: number;
  kind: typeof REPORT_KIND;
  /** Where a worker of an older version saved a copy. */
  path?: string;
  citedSentences: number;
  flagged: FlaggedSentence[];
}

export interface VerifyInput {
  flagged: FlaggedSentence[];
  sources: SourceSummary[];
  settings: ResearchSettings;
}

export interface VerifyResult {
  decisions: ReviewDecision[];
  usage: TokenUsage;
  /** Set when the pass's answers stayed bad: no decision was made, every flagged sentence stays flagged. */
  trouble?: ModelTrouble;
}

function outputTokens(settings: ResearchSettings, words: number): number {
  // Generous: a section cut at the limit is continued, but that continuation is on the critical path.
  return Math.min(settings.maxOutputTokens, Math.ceil(words * 2.2) + 300);
}

export function sectionActivities(deps: ActivityDeps) {
  return {
    ...framingActivities(deps),
    async planReport(input: PlanReportInput): Promise<PlanReportResult> {
      const { topic, settings } = input;
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const fitted = fitSummaries(input.sources, settings.contextTokens - 2_500, tokenCounter(settings.model));
        const numbered = fitted.map((s, i) => ({ ...s, id: i + 1 }));
        const words = wordTargets(settings.reportWords).sections;
        const prompt = reportPlanPrompt(topic, numbered, {
          language: settings.language,
          words,
          maxSections: sectionsAtMost(settings.reportWords),
          purposeWords: PURPOSE_WORDS,
          today: today(deps),
          instructions: input.instructions,
        });
        const reply = await deps.llm
          .chatJson('report_plan', prompt, { model: settings.model, maxTokens: Math.min(settings.maxOutputTokens, 1_500), outputLimit: settings.maxOutputTokens, signal, meter })
          .catch(troubleOrRethrow);
        const plan = 'trouble' in reply ? undefined : cleanPlan(reply.value, topic, input.sources.length, settings.reportWords);
        if (plan && !('trouble' in reply)) return { plan, usage: paid(), answerTokens: tokenCounter(settings.model)(reply.raw) };
        return {
          plan: fallbackPlan(topic, input.sources, settings.reportWords),
          usage: paid(),
          fallback: `${'trouble' in reply ? `the model ${reply.trouble.answered}` : 'the model gave no usable report plan'}; the sections follow the sources instead`,
          ...('trouble' in reply ? { trouble: reply.trouble } : {}),
        };
      });
    },

    writeSection: (input: WriteSectionInput) => writeSection(deps, input),

    async assembleSections(input: AssembleSectionsInput): Promise<AssembleSectionsResult> {
      const run = currentRun(input.runId);
      const parts = { ...input, run, offline: deps.offline, date: today(deps), cancelled: input.cancelled ?? false };
      const grounded = groundedBody(parts);
      // The body is parsed for links off the event loop: other activities on this worker keep running.
      const report = assembleReport(parts, grounded, await removeUnreadLinksOffThread(...linkCheckInput(parts, grounded.text)));
      return { markdown: report.markdown, words: report.words, kind: REPORT_KIND, citedSentences: report.citedSentences, flagged: report.flagged };
    },

    async verifyFlagged(input: VerifyInput): Promise<VerifyResult> {
      const { settings } = input;
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const items = input.flagged.map((f) => ({
          sentence: f.sentence,
          reason: `no cited source gives ${f.missing.join(', ')}`,
          sources: f.cited.filter((id) => input.sources[id - 1]).map((id) => ({ ...input.sources[id - 1], id })),
        }));
        const reply = await deps.llm
          .chatJson('report_verify', verifyPrompt(items, settings.language), {
            model: settings.model,
            maxTokens: Math.min(settings.maxOutputTokens, 200 + 120 * items.length),
            outputLimit: settings.maxOutputTokens,
            signal,
            meter,
          })
          .catch(troubleOrRethrow);
        if ('trouble' in reply) return { decisions: [], usage: paid(), trouble: reply.trouble };
        return { decisions: cleanDecisions(reply.value?.decisions ?? [], input.flagged), usage: paid() };
      });
    },
  };
}

/**
 * One section, continued while the model stops at its output limit (at most MAX_CONTINUATIONS times). A bad
 * answer, or one still cut off after the continuations, ends it: it keeps what came before, to its last whole
 * paragraph, and says why.
 */
async function writeSection(deps: ActivityDeps, input: WriteSectionInput): Promise<SectionResult> {
  const { settings, section } = input;
  return withPaidCalls(async ({ signal, meter, paid }) => {
    const room = settings.contextTokens - outputTokens(settings, section.words) - 1_500 - Math.ceil((input.extend?.written.length ?? 0) / 4);
    const sources = fitSummaries(input.sources, room, tokenCounter(settings.model)).map((s, i) => ({ ...s, id: input.sources[i].id }));
    const base = sectionPrompt(input.topic, input.title, section, input.otherHeadings, sources, {
      language: settings.language,
      today: today(deps),
      instructions: input.instructions,
    });
    const wanted = input.extend?.moreWords ?? section.words;
    const first = input.extend ? sectionMorePrompt(base, input.extend.written, input.extend.moreWords) : base;
    let text = '';
    let trouble: ModelTrouble | undefined;
    let budgetCut = false;
    let budget = input.budget;
    // (An answer held short only to learn how the model bills it is continued without counting as one.)
    let heldToLearn = 0;
    for (let turn = 0; ; turn++) {
      if (turn > MAX_CONTINUATIONS + heldToLearn) {
        trouble = cutOffTrouble(deps, MAX_CONTINUATIONS);
        break;
      }
      const messages: ChatMessage[] = text ? [...first, { role: 'assistant', content: text }, continuePrompt()] : first;
      const wantedTokens = outputTokens(settings, wanted);
      const maxTokens = answerTokensWithin(budget, settings, paid(), messages, wantedTokens);
      const learning = budget?.firstAnswerScale !== undefined;
      if (maxTokens < MIN_ANSWER_TOKENS) {
        budgetCut = true; // its allowance pays for no worthwhile answer more
        break;
      }
      const reply = await deps.llm.chat(messages, { model: settings.model, maxTokens, signal, meter }).catch(troubleOrRethrow);
      // No continuation is paid around a bad answer (a refusal, say): the section keeps what it had before it.
      if ('trouble' in reply) {
        trouble = reply.trouble;
        break;
      }
      text = text ? joinContinuation(text, reply.text) : reply.text;
      budget = afterAnswer(budget, reply.text, reply.usage, settings.model);
      if (reply.finishReason !== 'length') break;
      // A first answer held short to learn the model's rate goes on at that rate, while its allowance pays for more.
      if (learning && maxTokens < wantedTokens) heldToLearn = 1;
      // Cut at the limit its allowance set: a continuation (its prompt sent again) would cross it.
      else if (cutByAllowance(maxTokens, wantedTokens, reply.usage.completionTokens)) {
        budgetCut = true;
        break;
      }
    }
    if (trouble) text = wholeParagraphs(text);
    else if (budgetCut) text = wholeSentences(text);
    return { markdown: text.trim(), words: countWords(text), usage: paid(), ...(trouble ? { trouble } : {}), ...(budgetCut ? { budgetCut } : {}) };
  });
}

/** Decisions by flagged-sentence number; anything unreadable or unknown leaves the sentence flagged. */
export function cleanDecisions(raw: readonly { id: unknown; action: string; text?: string }[], flagged: readonly FlaggedSentence[]): ReviewDecision[] {
  const out = new Map<number, ReviewDecision>();
  for (const d of raw) {
    const id = Number(d.id);
    const action = d.action.trim().toLowerCase();
    if (!Number.isInteger(id) || id < 1 || id > flagged.length || out.has(id)) continue;
    if (action !== 'keep' && action !== 'fix' && action !== 'drop') continue;
    if (action === 'fix' && !d.text?.trim()) continue;
    out.set(id, { sentence: flagged[id - 1].sentence, action, ...(action === 'fix' ? { text: d.text!.trim() } : {}) });
  }
  return [...out.values()];
}

function settledOrThrow<T>(results: PromiseSettledResult<T>[]): T[] {
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Another try of a framing call: its prompt again and an answer of up to twice the room the first had. */
function retryCost(settings: ResearchSettings, budget: ReportCallBudget, prompt: readonly ChatMessage[], maxTokens: number): number {
  return usageCost(settings.price, { calls: 1, promptTokens: promptTokens(prompt, settings.model), completionTokens: Math.ceil(2 * maxTokens * askingScale(budget)) });
}

/** The executive summary and conclusion, written from the sections. */
function framingActivities(deps: ActivityDeps) {
  return {
    /** The summary and the conclusion, each by its own call, both at once. */
    async writeFraming(input: WriteFramingInput): Promise<FramingResult> {
      const { settings } = input;
      return withPaidCalls(async ({ signal, meter, paid }) => {
        const maxSectionChars = Math.max(2_000, (settings.contextTokens - 2_500) * 4);
        const sectionsMarkdown = input.sections.map((s) => `## ${cleanHeading(s.heading)}\n\n${normaliseSection(s.markdown)}`).join('\n\n');
        // Each part may spend its share of the allowance, by the words it is asked for.
        const share = (words: number) => input.budget && { ...input.budget, allowanceUsd: (input.budget.allowanceUsd * words) / Math.max(1, input.summaryWords + input.conclusionWords) };
        const ask = async (summaryWords: number, conclusionWords: number) => {
          const prompt = framingPrompt(input.topic, input.title, sectionsMarkdown.slice(0, maxSectionChars), {
            language: settings.language,
            summaryWords,
            conclusionWords,
            instructions: input.instructions,
          });
          const maxTokens = answerTokensWithin(share(summaryWords + conclusionWords), settings, ZERO_USAGE, prompt, outputTokens(settings, summaryWords + conclusionWords + 80));
          if (maxTokens < MIN_ANSWER_TOKENS) return { answer: undefined };
          // A cut or bad answer is asked again (with twice the room) only while the allowance still pays for that
          // try: a try past it crossed the budget (test/runs/budgetShare.test.ts, pricey-report at half a run's cost).
          const mayRetry = () => !input.budget || usageCost(settings.price, paid()) + retryCost(settings, input.budget, prompt, maxTokens) <= input.budget.allowanceUsd;
          const reply = await deps.llm
            .chatJson('report_framing', prompt, { model: settings.model, maxTokens, outputLimit: settings.maxOutputTokens, signal, meter, mayRetry })
            .catch(troubleOrRethrow);
          return 'trouble' in reply ? { answer: undefined, trouble: reply.trouble } : { answer: reply.value };
        };
        // Both settle before anything is thrown, so the answer still out is counted in what this attempt paid.
        const [summary, conclusion] = settledOrThrow(await Promise.allSettled([ask(input.summaryWords, 0), ask(0, input.conclusionWords)]));
        const missing = [!summary.answer?.summary.trim() && 'executive summary', !conclusion.answer?.conclusion.trim() && 'conclusion'].filter(Boolean);
        const trouble = summary.trouble ?? conclusion.trouble;
        const why = trouble ? `the model ${trouble.answered}` : 'the model gave no usable';
        return {
          summary: summary.answer?.summary ?? '',
          conclusion: conclusion.answer?.conclusion ?? '',
          usage: paid(),
          ...(missing.length > 0 ? { fallback: trouble ? `the report has no ${missing.join(' or ')}: ${why}` : `${why} ${missing.join(' or ')}; the report has none` } : {}),
          ...(trouble ? { trouble } : {}),
        };
      });
    },
  };
}
