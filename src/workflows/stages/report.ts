import { ApplicationFailure, CancellationScope } from '@temporalio/workflow';
import { usageCost } from '../../domain/budget';
import type { BudgetLedger } from '../../domain/ledger';
import type { WriteReportInput } from '../../activities/report';
import { type ModelTrouble, REPORT_KIND, type ReportOutput, type ResearchSettings, type SourceSummary, type TokenUsage } from '../../domain/types';
import type { PlannedSection, ReviewDecision, SectionResult, WrittenSection } from '../../activities/sections';
import { FailureType } from '../../errors';
import { activitySummary, assembleSections, finishReport, paidCall, planReport, verifyFlagged, writeFraming, writeReport, writeSection } from '../activities';
import { paidUsageOf } from '../failures';
import type { RunState } from '../state';

/**
 * Stage 6: the report, from whatever was gathered. Written outside any cancelled scope, so even a
 * cancelled run keeps what it paid for. Its Markdown comes back through Temporal (the activity's result).
 * `sections` (default): planned, then written in parallel sections, then summary and conclusion, then
 * assembled and grounded; `single`: one call writes it all.
 */
export async function writeTheReport(run: RunState): Promise<ReportOutput> {
  failIfModelGaveNothing(run);
  run.enter('report');
  const material: ReportMaterial = {
    topic: run.topic,
    runId: run.workflowId,
    sources: run.sources,
    pages: [...run.pages.values()],
    queries: run.queries,
    notes: run.notes,
    stoppedByBudget: run.ledger.stopped,
    cancelled: run.cancelled,
    cancelNote: run.cancel?.note,
    settings: run.settings,
    ...(run.rounds.length > 0 ? { rounds: run.rounds } : {}),
  };
  const books: ReportBooks = { ledger: run.ledger, trouble: (t) => run.noteTrouble(t) };
  // A plain cancel arriving now does not stop the report; it drops the optional steps left and is told in the report.
  const cancelArrived = (): string | undefined => {
    if (run.cancelArrivedDuringReport()) run.recordCancel('stop-reading');
    return run.cancel?.during === 'report' ? run.cancel.note : undefined;
  };
  // Only `cancel --now` cancels this scope (a cancel of the run does not reach it).
  run.reporting = new CancellationScope({ cancellable: false });
  // (Runs started before sectioned reports existed get reportMode 'single': see researchWorkflow.)
  if (run.settings.reportMode === 'single' || run.sources.length === 0) {
    return run.reporting.run(() => writeSingleReport(material, books, `report from ${run.sources.length} sources`));
  }
  return run.reporting.run(() => writeSectionedReport(material, books, cancelArrived));
}

/**
 * Where the report's calls are charged, and where the trouble of a model answer that stayed bad is told (the
 * run's result carries the first).
 */
export interface ReportBooks {
  ledger: BudgetLedger;
  trouble(trouble: ModelTrouble): void;
}

/**
 * A run whose model answered nothing usable (no page summarized, and its answers were bad: empty, HTML, a
 * refusal) has nothing to report: it fails with the line naming the endpoint and what it answered, instead of
 * a report that says nothing.
 */
function failIfModelGaveNothing(run: RunState): void {
  if (run.cancelled || run.sources.length > 0 || run.modelTrouble === undefined) return;
  throw ApplicationFailure.create({ message: run.modelTrouble, type: FailureType.BadAnswer, nonRetryable: true });
}

/** Runs `call`, charging what it paid to the report stage even when it fails for good. */
async function charged<T extends { usage: TokenUsage }>(ledger: BudgetLedger, call: Promise<T>): Promise<T> {
  try {
    const result = await call;
    ledger.charge('report', result.usage);
    return result;
  } catch (err) {
    ledger.charge('report', paidUsageOf(err));
    throw err;
  }
}

/** Sections whose answers stayed bad: the run hears of it, and the report's notes say what became of each. */
function noteSectionTrouble(m: ReportMaterial, chosen: readonly PlannedSection[], written: readonly SectionResult[], books: ReportBooks): void {
  written.forEach(({ trouble, markdown }, i) => {
    if (!trouble) return;
    books.trouble(trouble);
    const heading = label(chosen[i].heading);
    m.notes.push(
      markdown.trim()
        ? `The section "${heading}" was cut short: the model ${trouble.answered}; the text before it is kept.`
        : `The section "${heading}" was not written: the model ${trouble.answered}.`,
    );
  });
}

/** Everything the report is written from: the run's sources and what it records about itself. */
export interface ReportMaterial extends WriteReportInput {
  /** The user's extra instructions (revise). */
  instructions?: string;
}

/** A section shorter than this share of its planned words is lengthened, when the whole body is short too. */
const SHORT_SECTION = 0.85;
const SHORT_BODY = 0.95;
const EXTENSION_ROUNDS = 2;
/** The report may be this much longer than asked (the bound is 25%; a little is kept for the marks). */
const MAX_LENGTH = 1.2;
/** Summary and conclusion never shorter than this, whatever the sections came to. */
const MIN_FRAMING_WORDS = 40;

/**
 * The summary's and conclusion's lengths, fitted to what the sections came to: together they make up
 * the rest of the length aimed at (the plan's own total), so sections that ran long or short even out.
 */
export function framingWords(
  plan: { sections: readonly { words: number }[]; summaryWords: number; conclusionWords: number },
  sectionWords: number,
  sectionCount: number,
): { summaryWords: number; conclusionWords: number } {
  const aim = plan.sections.reduce((n, s) => n + s.words, 0) + plan.summaryWords + plan.conclusionWords;
  const headings = (sectionCount + 3) * 4;
  const rest = Math.max(2 * MIN_FRAMING_WORDS, aim - sectionWords - headings);
  const share = plan.summaryWords / Math.max(1, plan.summaryWords + plan.conclusionWords);
  const summaryWords = Math.max(MIN_FRAMING_WORDS, Math.round(rest * share));
  return { summaryWords, conclusionWords: Math.max(MIN_FRAMING_WORDS, rest - summaryWords) };
}

/** Likely cost of one report call over `promptChars` of material writing `words` words. */
export function reportCallCost(settings: ResearchSettings, promptChars: number, words: number): number {
  return usageCost(settings.price, { calls: 1, promptTokens: Math.ceil(promptChars / 4) + 800, completionTokens: Math.ceil(words * 1.6) + 100 });
}

function sourceChars(sources: readonly SourceSummary[], ids: readonly number[]): number {
  return ids.reduce((n, id) => n + (sources[id - 1]?.summary.length ?? 0), 0);
}

/**
 * A source as the writing calls read it: its quotes (and rechecks) are for grounding, the appendix and a schedule's
 * comparison, so they travel only to the steps that do those, keeping the history small.
 */
function withoutEvidence({ url, title, summary }: SourceSummary): SourceSummary {
  return { url, title, summary };
}

function label(text: string): string {
  return text.replace(/[<>[\]()`*_#|\\]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * The sectioned report; every call is charged to the ledger's report stage and, past the plan, gated by the
 * budget. `cancelArrived` says (with its note) when a cancel arrived meanwhile: the optional steps left are skipped.
 */
export async function writeSectionedReport(m: ReportMaterial, books: ReportBooks, cancelArrived: () => string | undefined = () => undefined): Promise<ReportOutput> {
  const { settings, sources } = m;
  const { ledger } = books;
  const fits = (next: number, reserve = 0) => ledger.spent() + next + reserve <= ledger.capUsd;
  const common = { topic: m.topic, settings, instructions: m.instructions };
  const told = <T extends { trouble?: ModelTrouble }>(result: T): T => {
    if (result.trouble) books.trouble(result.trouble);
    return result;
  };

  const planned = told(await charged(ledger, planReport.executeWithOptions(paidCall(`report plan from ${sources.length} sources`), [{ ...common, sources: sources.map(withoutEvidence) }])));
  if (planned.fallback) m.notes.push(planned.fallback);
  const { plan } = planned;
  const framingCost = 2 * reportCallCost(settings, plan.sections.reduce((n, s) => n + s.words * 7, 0), plan.summaryWords + plan.conclusionWords);

  // Budget-checked like pages: a section starts only when it and the summary after it still fit.
  const chosen: PlannedSection[] = [];
  let committed = 0;
  for (const section of plan.sections) {
    const cost = reportCallCost(settings, sourceChars(sources, section.sourceIds), section.words);
    if (chosen.length > 0 && !fits(committed + cost, framingCost)) {
      m.notes.push(`The section "${label(section.heading)}" was not written: it would have crossed the budget.`);
      continue;
    }
    chosen.push(section);
    committed += cost;
  }
  const headings = chosen.map((s) => s.heading);
  const input = (section: PlannedSection) => ({
    ...common,
    title: plan.title,
    section,
    otherHeadings: headings.filter((h) => h !== section.heading),
    sources: section.sourceIds.map((id) => ({ ...withoutEvidence(sources[id - 1]), id })),
  });
  const written: SectionResult[] = await Promise.all(
    chosen.map((section, i) =>
      charged(ledger, writeSection.executeWithOptions(paidCall(`section ${i + 1}/${chosen.length}: ${label(section.heading)}`), [input(section)])),
    ),
  );
  noteSectionTrouble(m, chosen, written, books);

  const charge = (usage: TokenUsage) => ledger.charge('report', usage);
  if (!cancelArrived()) await lengthenShortSections(chosen, written, input, { sources, settings, charge, fits: (cost) => fits(cost, framingCost) });

  // A section the model gave nothing for is left out (its note says why): no heading without a body.
  const sections: WrittenSection[] = chosen
    .map((s, i) => ({ heading: s.heading, markdown: written[i].markdown, words: s.words }))
    .filter((s, i) => !written[i].trouble || s.markdown.trim());
  const { summaryWords, conclusionWords } = framingWords(plan, written.reduce((n, w) => n + w.words, 0), sections.length);
  // The summary and the conclusion: one activity (the sections travel once), two calls at once inside it.
  const framing = told(
    await charged(
      ledger,
      writeFraming.executeWithOptions(paidCall('executive summary and conclusion'), [{ ...common, title: plan.title, sections, summaryWords, conclusionWords }]),
    ),
  );
  if (framing.fallback) m.notes.push(framing.fallback);

  const cancelNote = cancelArrived() ?? m.cancelNote;
  const parts = {
    topic: m.topic,
    runId: m.runId,
    title: plan.title,
    summary: framing.summary,
    sections,
    conclusion: framing.conclusion,
    sources,
    pages: m.pages,
    queries: m.queries,
    notes: m.notes,
    stoppedByBudget: m.stoppedByBudget,
    cancelled: m.cancelled || cancelNote !== undefined,
    cancelNote,
    maxWords: Math.floor(settings.reportWords * MAX_LENGTH),
    ...(m.rounds ? { rounds: m.rounds } : {}),
  };
  const decisions = settings.verify && !cancelArrived() ? await verifiedDecisions(parts, m, { sources, settings, charge, fits: (cost) => fits(cost) }, books) : undefined;
  const report = await assembleSections.executeWithOptions({ summary: activitySummary(`assemble ${sections.length} sections and ground them`) }, [
    { ...parts, decisions },
  ]);
  return { markdown: report.markdown, words: report.words, kind: REPORT_KIND };
}

/**
 * The one-call report, grounded by its activity. With `--verify` it is drafted first: when the grounding check
 * flags sentences, one budget-gated call reviews them (as in the sectioned report), then finishReport applies
 * the decisions and composes the report. Runs recorded before drafts existed never got a draft body back, so
 * they replay the plain path.
 */
export async function writeSingleReport(m: ReportMaterial, books: ReportBooks, summary: string): Promise<ReportOutput> {
  const { settings, sources } = m;
  const { ledger } = books;
  const draft = settings.verify === true && sources.length > 0;
  const written = await charged(ledger, writeReport.executeWithOptions(paidCall(summary), [{ ...m, draft }]));
  if (written.trouble) books.trouble(written.trouble);
  if (written.draftBody === undefined) return { markdown: written.markdown, words: written.words, kind: REPORT_KIND };
  const flagged = written.flagged ?? [];
  const flaggedChars = flagged.reduce((n, f) => n + f.sentence.length + sourceChars(sources, f.cited), 0);
  let decisions: ReviewDecision[] | undefined;
  if (ledger.spent() + reportCallCost(settings, flaggedChars, 60 * flagged.length) <= ledger.capUsd) {
    const verified = await charged(ledger, verifyFlagged.executeWithOptions(paidCall(`verify ${flagged.length} flagged sentences`), [{ flagged, sources, settings }]));
    if (verified.trouble) {
      books.trouble(verified.trouble);
      m.notes.push(`The verification pass over flagged sentences was not made: the model ${verified.trouble.answered}.`);
    }
    decisions = verified.decisions;
  } else {
    m.notes.push('The verification pass over flagged sentences was left out: it would have crossed the budget.');
  }
  const report = await finishReport.executeWithOptions({ summary: activitySummary('apply the verification pass and compose the report') }, [
    { ...m, body: written.draftBody, decisions },
  ]);
  return { markdown: report.markdown, words: report.words, kind: REPORT_KIND };
}

/** What the later report steps need: the sources and settings, and the budget's charge and gate. */
interface ReportBudget {
  sources: SourceSummary[];
  settings: ResearchSettings;
  charge: (usage: TokenUsage) => void;
  fits: (cost: number) => boolean;
}

type SectionInput = Parameters<typeof writeSection>[0];

/** The model stopped early: lengthen the short sections, each its own durable call, within the budget. */
async function lengthenShortSections(
  chosen: readonly PlannedSection[],
  written: SectionResult[],
  input: (section: PlannedSection) => SectionInput,
  { sources, settings, charge, fits }: ReportBudget,
): Promise<void> {
  for (let round = 0; round < EXTENSION_ROUNDS; round++) {
    const total = written.reduce((n, w) => n + w.words, 0);
    const aim = chosen.reduce((n, s) => n + s.words, 0);
    if (total >= aim * SHORT_BODY) break;
    // A section whose answers were bad is not asked again: it would only pay for the same answer.
    const short = chosen
      .map((s, i) => ({ s, i, more: s.words - written[i].words }))
      .filter((x) => !written[x.i].trouble && written[x.i].words < x.s.words * SHORT_SECTION);
    const affordable = short.filter((x) => fits(reportCallCost(settings, sourceChars(sources, x.s.sourceIds) + written[x.i].markdown.length, x.more)));
    if (affordable.length === 0) break;
    const more = await Promise.all(
      affordable.map((x) =>
        writeSection
          .executeWithOptions(paidCall(`section ${x.i + 1}/${chosen.length} continued: ${label(x.s.heading)}`), [
            { ...input(x.s), extend: { written: written[x.i].markdown, moreWords: x.more } },
          ])
          .catch((err: unknown) => {
            charge(paidUsageOf(err));
            throw err;
          }),
      ),
    );
    more.forEach((extra, k) => {
      const i = affordable[k].i;
      charge(extra.usage);
      written[i] = { markdown: `${written[i].markdown}\n\n${extra.markdown}`.trim(), words: written[i].words + extra.words, usage: written[i].usage, ...(extra.trouble ? { trouble: extra.trouble } : {}) };
    });
    if (more.every((extra) => extra.words === 0)) break;
  }
}

/** With `--verify`: a draft is assembled and grounded, and one call looks at its flagged sentences only. */
async function verifiedDecisions(
  parts: Omit<Parameters<typeof assembleSections>[0], 'decisions'>,
  m: ReportMaterial,
  { sources, settings, charge, fits }: ReportBudget,
  books: ReportBooks,
): Promise<ReviewDecision[] | undefined> {
  const draft = await assembleSections.executeWithOptions({ summary: activitySummary('assemble and ground the draft') }, [parts]);
  if (draft.flagged.length === 0) return undefined;
  const flaggedChars = draft.flagged.reduce((n, f) => n + f.sentence.length + sourceChars(sources, f.cited), 0);
  if (!fits(reportCallCost(settings, flaggedChars, 60 * draft.flagged.length))) {
    m.notes.push('The verification pass over flagged sentences was left out: it would have crossed the budget.');
    return undefined;
  }
  const verified = await verifyFlagged
    .executeWithOptions(paidCall(`verify ${draft.flagged.length} flagged sentences`), [{ flagged: draft.flagged, sources, settings }])
    .catch((err: unknown) => {
      charge(paidUsageOf(err));
      throw err;
    });
  charge(verified.usage);
  if (verified.trouble) {
    books.trouble(verified.trouble);
    m.notes.push(`The verification pass over flagged sentences was not made: the model ${verified.trouble.answered}.`);
  }
  return verified.decisions;
}
