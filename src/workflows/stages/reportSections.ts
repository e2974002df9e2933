/**
 * The sectioned report: a plan, the sections in parallel (each its own durable activity with only its
 * sources), more of the sections that came back short, the executive summary and conclusion from the
 * sections, then assembly and grounding. Every call is charged to the books' report stage, and every call past
 * the plan is sized and held by the budget gates: the plan's first bill teaches how the model is billed, and
 * the sections are scaled to what is left by it.
 */
import { PRIOR_RATES, planUsage, sectionCount } from '../../domain/reportCost';
import { type ModelTrouble, REPORT_KIND, type ReportOutput, type TokenUsage } from '../../domain/types';
import type { PlannedSection, PlanReportResult, ReportPlan, ReviewDecision, SectionResult, WrittenSection } from '../../activities/sections';
import { countWords, MIN_FRAMING_WORDS } from '../../domain/words';
import { activitySummary, assembleSections, paidCall, planReport, verifyFlagged, writeFraming, writeSection } from '../activities';
import { paidUsageOf } from '../failures';
import { callBudget, charged, label, materialOf, type ReportBooks, type ReportMaterial, sourceChars, tokensOf, withoutEvidence } from './reportBooks';

/** A section shorter than this share of its planned words is lengthened, when the whole body is short too. */
const SHORT_SECTION = 0.85;
const SHORT_BODY = 0.95;
const EXTENSION_ROUNDS = 2;
/** A section is lengthened only while its sources hold more than it has said: it has written less than this share of their words. */
const MATERIAL_LEFT = 0.75;
/** Sections scaled below this share of their planned words count as shrunk by the budget. */
const SHRUNK = 0.98;
/** The report may be this much longer than asked (the bound is 25%; a little is kept for the marks). */
const MAX_LENGTH = 1.2;

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

/** What the plan call taught: how the model bills an answer as written, and how the provider counts a prompt. */
function learnFromPlan(m: ReportMaterial, books: ReportBooks, planned: PlanReportResult): void {
  if (planned.answerTokens !== undefined) books.ledger.learnAnswer(planned.usage, planned.answerTokens);
  const material = materialOf(m, books);
  books.ledger.learnPrompt(planned.usage, planUsage(material, sectionCount(m.settings.reportWords, material.sources), PRIOR_RATES).promptTokens);
}

/** The plan's sections scaled to what the budget leaves (a section it cannot pay for is left out, saying so), with their allowances. */
function sizeSections(m: ReportMaterial, books: ReportBooks, plan: ReportPlan) {
  const toFit = plan.sections.map((s) => ({ words: s.words, sourceTokens: tokensOf(books, s.sourceIds), sourceChars: sourceChars(m.sources, s.sourceIds) }));
  const fitted = books.gates.fitSections(toFit, { summaryWords: plan.summaryWords, conclusionWords: plan.conclusionWords });
  const sections = plan.sections.map((s, i) => ({ ...s, words: fitted.words[i] }));
  sections.forEach((s) => s.words === 0 && m.notes.push(`The section "${label(s.heading)}" was not written: it would have crossed the budget.`));
  const chosen = sections.filter((s) => s.words > 0);
  // What the plan's first bills taught can shrink the sections below what the report was sized at: the budget's line says so.
  const planned = plan.sections.reduce((n, s) => n + s.words, 0);
  const paid = sections.reduce((n, s) => n + s.words, 0);
  if (m.budgetEffects && paid < SHRUNK * planned) {
    m.budgetEffects = { ...m.budgetEffects, paidWords: Math.round((m.settings.reportWords * paid) / planned), limitedBy: 'budget' };
  }
  const allowances = fitted.allowances.filter((_, i) => sections[i].words > 0);
  return { plan: { ...plan, sections, summaryWords: fitted.summaryWords, conclusionWords: fitted.conclusionWords }, chosen, allowances, framingBasis: fitted.framingBasis };
}

/**
 * The sectioned report; every call is charged to the books' report stage and, past the plan, gated by the
 * budget. `cancelArrived` says (with its note) when a cancel arrived meanwhile: the optional steps left are skipped.
 */
export async function writeSectionedReport(m: ReportMaterial, books: ReportBooks, cancelArrived: () => string | undefined = () => undefined): Promise<ReportOutput> {
  const { settings, sources } = m;
  const { ledger } = books;
  const common = { topic: m.topic, settings, instructions: m.instructions };
  const told = <T extends { trouble?: ModelTrouble }>(result: T): T => {
    if (result.trouble) books.trouble(result.trouble);
    return result;
  };

  const planned = told(await charged(ledger, planReport.executeWithOptions(paidCall(`report plan from ${sources.length} sources`), [{ ...common, sources: sources.map(withoutEvidence) }])));
  learnFromPlan(m, books, planned);
  if (planned.fallback) m.notes.push(planned.fallback);
  const { plan, chosen, allowances, framingBasis } = sizeSections(m, books, planned.plan);

  const headings = chosen.map((s) => s.heading);
  const input = (section: PlannedSection) => ({
    ...common,
    title: plan.title,
    section,
    otherHeadings: headings.filter((h) => h !== section.heading),
    sources: section.sourceIds.map((id) => ({ ...withoutEvidence(sources[id - 1]), id })),
  });
  const written: SectionResult[] = await Promise.all(
    chosen.map((section, i) => {
      const budget = callBudget(books, allowances[i]);
      const summary = `section ${i + 1}/${chosen.length}: ${label(section.heading)}`;
      return charged(ledger, writeSection.executeWithOptions(paidCall(summary), [{ ...input(section), ...(budget ? { budget } : {}) }]));
    }),
  );
  written.forEach((w) => ledger.learnWriting(w.usage, w.words));
  noteSectionTrouble(m, chosen, written, books);

  const charge = (usage: TokenUsage) => ledger.charge('report', usage);
  if (!cancelArrived()) await lengthenShortSections(m, chosen, written, input, { books, charge, framingBasis });

  // A section the model gave nothing for is left out (its note says why): no heading without a body.
  const sections: WrittenSection[] = chosen
    .map((s, i) => ({ heading: s.heading, markdown: written[i].markdown, words: s.words }))
    .filter((s, i) => !written[i].trouble || s.markdown.trim());
  const sectionWords = written.reduce((n, w) => n + w.words, 0);
  const aimed = framingWords(plan, sectionWords, sections.length);
  const framingBudget = books.gates.framingBudget(sectionWords, aimed.summaryWords, aimed.conclusionWords);
  const budget = callBudget(books, framingBudget.allowanceUsd);
  // The summary and the conclusion: one activity (the sections travel once), two calls at once inside it.
  const framing = told(
    await charged(
      ledger,
      writeFraming.executeWithOptions(paidCall('executive summary and conclusion'), [
        { ...common, title: plan.title, sections, summaryWords: framingBudget.summaryWords, conclusionWords: framingBudget.conclusionWords, ...(budget ? { budget } : {}) },
      ]),
    ),
  );
  ledger.learnWriting(framing.usage, countWords(`${framing.summary} ${framing.conclusion}`));
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
    ...(m.budgetEffects ? { budgetEffects: m.budgetEffects } : {}),
    cancelled: m.cancelled || cancelNote !== undefined,
    cancelNote,
    maxWords: Math.floor(settings.reportWords * MAX_LENGTH),
    ...(m.rounds ? { rounds: m.rounds } : {}),
  };
  const decisions = settings.verify && !cancelArrived() ? await verifiedDecisions(parts, m, books, charge) : undefined;
  const report = await assembleSections.executeWithOptions({ summary: activitySummary(`assemble ${sections.length} sections and ground them`) }, [
    { ...parts, decisions },
  ]);
  return { markdown: report.markdown, words: report.words, kind: REPORT_KIND };
}

type SectionInput = Parameters<typeof writeSection>[0];

/**
 * The model stopped early: lengthen the short sections whose sources hold more than they said, each its own
 * durable call, within the budget's allowances.
 */
async function lengthenShortSections(
  m: ReportMaterial,
  chosen: readonly PlannedSection[],
  written: SectionResult[],
  input: (section: PlannedSection) => SectionInput,
  { books, charge, framingBasis }: { books: ReportBooks; charge: (usage: TokenUsage) => void; framingBasis: Parameters<ReportBooks['gates']['extensionAllowances']>[2] },
): Promise<void> {
  // (Runs recorded before the planner lengthened a short section whatever its sources held.)
  const materialWords = (s: PlannedSection) => (books.gates.capsCalls ? s.sourceIds.reduce((n, id) => n + countWords(m.sources[id - 1]?.summary ?? ''), 0) : Number.POSITIVE_INFINITY);
  for (let round = 0; round < EXTENSION_ROUNDS; round++) {
    const total = written.reduce((n, w) => n + w.words, 0);
    const aim = chosen.reduce((n, s) => n + s.words, 0);
    if (total >= aim * SHORT_BODY) break;
    // A section whose answers were bad is not asked again: it would only pay for the same answer.
    const short = chosen
      .map((s, i) => ({ s, i, more: s.words - written[i].words }))
      .filter((x) => !written[x.i].trouble && written[x.i].words < x.s.words * SHORT_SECTION && written[x.i].words < MATERIAL_LEFT * materialWords(x.s));
    const candidates = short.map((x) => ({
      sourceTokens: tokensOf(books, x.s.sourceIds),
      sourceChars: sourceChars(m.sources, x.s.sourceIds),
      writtenWords: written[x.i].words,
      writtenChars: written[x.i].markdown.length,
      moreWords: x.more,
    }));
    const granted = books.gates.extensionAllowances(candidates, chosen.length, framingBasis);
    const affordable = short.map((x, k) => ({ ...x, allowance: granted[k] })).filter((x) => x.allowance > 0);
    if (affordable.length === 0) break;
    const more = await Promise.all(
      affordable.map((x) => {
        const budget = callBudget(books, x.allowance);
        const summary = `section ${x.i + 1}/${chosen.length} continued: ${label(x.s.heading)}`;
        return writeSection
          .executeWithOptions(paidCall(summary), [{ ...input(x.s), extend: { written: written[x.i].markdown, moreWords: x.more }, ...(budget ? { budget } : {}) }])
          .catch((err: unknown) => {
            charge(paidUsageOf(err));
            throw err;
          });
      }),
    );
    more.forEach((extra, k) => {
      const i = affordable[k].i;
      charge(extra.usage);
      books.ledger.learnWriting(extra.usage, extra.words);
      written[i] = { markdown: `${written[i].markdown}\n\n${extra.markdown}`.trim(), words: written[i].words + extra.words, usage: written[i].usage, ...(extra.trouble ? { trouble: extra.trouble } : {}) };
    });
    if (more.every((extra) => extra.words === 0)) break;
  }
}

/** With `--verify`: a draft is assembled and grounded, and one call looks at its flagged sentences only. */
async function verifiedDecisions(
  parts: Omit<Parameters<typeof assembleSections>[0], 'decisions'>,
  m: ReportMaterial,
  books: ReportBooks,
  charge: (usage: TokenUsage) => void,
): Promise<ReviewDecision[] | undefined> {
  const { sources, settings } = m;
  const draft = await assembleSections.executeWithOptions({ summary: activitySummary('assemble and ground the draft') }, [parts]);
  if (draft.flagged.length === 0) return undefined;
  const flaggedChars = draft.flagged.reduce((n, f) => n + f.sentence.length + sourceChars(sources, f.cited), 0);
  if (books.gates.verifyAllowance(flaggedChars, draft.flagged.length) === 0) {
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
