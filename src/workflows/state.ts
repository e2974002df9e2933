/**
 * One run's state, read by the query and update handlers (handlers.ts) and by the UI: the stage, the budget
 * ledger, the pages and their summaries, and the notes on whatever went differently than planned. Stages
 * change it through its intent methods (addCandidate, recordOutcome, markUnread, ...), which publish it.
 */
import { CancellationScope, log, patched, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { LegacyGates } from '../domain/legacyBudget';
import { BudgetLedger } from '../domain/ledger';
import { CHARS_PER_TOKEN_UNTOKENIZED } from '../domain/budget';
import { type BudgetGates, BudgetPlanner, type SmallCall } from '../domain/planner';
import type { Material } from '../domain/reportCost';
import { countWords } from '../domain/words';
import { type CancelRecord, cancelNote, type EvidenceQuote, type Gap, type RoundRecord, type ModelTrouble, NOT_READ_YET, type PageOutcome, type PageRecord, type ResearchInput, type ResearchOutcome, type ResearchProgress, type SourceSummary, type Stage } from '../domain/types';
import type { RoundResult } from '../domain/rounds';
import { escapeMarkdown } from '../domain/markdown';
import { buildShortlist, type ReviewAnswer, type Shortlist } from '../domain/review';
import { upsertRunMemo } from './memo';
import { SEARCH_ATTRIBUTES } from './definitions';

/** The note that says, once per run, that some pages need a browser this worker does not have. */
const NEEDS_BROWSER_NOTE = 'Some pages could not be read without a browser (needs-browser):';

export class RunState {
  readonly topic: string;
  readonly settings: ResearchInput['settings'];
  /** The workflow ID: it names the run in the report's marker and the UI. */
  readonly workflowId = workflowInfo().workflowId;
  /** The books of what the run paid. */
  readonly ledger: BudgetLedger;
  /** The budget gates: the planner, or for runs recorded before it the gates they were recorded with. */
  readonly budget: BudgetGates;
  stage: Stage | 'done' = 'keywords';
  keywords: string[];
  queries: string[];
  /** Every page chosen by ranking, in the order chosen, with what became of it. */
  readonly pages = new Map<string, PageRecord>();
  readonly sources: SourceSummary[] = [];
  /** The summaries' tokens (counted by the page activities) and words: the report's prompt and length grow with them. */
  summaryTokens = 0;
  summaryWords = 0;
  /** Each source's summary tokens, in the sources' order. */
  readonly sourceTokens: number[] = [];
  /** The budget paid for fewer report words than asked. */
  reportShrunk = false;
  /** Small calls the budget left out (their free fallback was used). */
  readonly skippedForBudget: SmallCall[] = [];
  /** What went differently than planned (fallbacks, failed searches), told in the report and the result. */
  readonly notes: string[] = [];
  pagesDone = 0;
  /** Set when the run is cancelled: it stops reading, still writes the report from what it has (unless stopped at once), then ends Cancelled. */
  cancel: CancelRecord | undefined;
  /** The stage `cancel --now` arrived in: nothing more is started, the activities in flight are cancelled, no report. */
  private stoppedNowIn: Stage | undefined;
  /** The scopes `cancel --now` cancels: gathering, and the report (which a plain cancel does not stop). */
  gathering: CancellationScope | undefined;
  reporting: CancellationScope | undefined;
  /** The workflow's own scope: cancelled when a cancel is requested (the UI, `client cancel`). */
  private readonly root = CancellationScope.current();
  /** The first model answer that stayed bad after its tries, as one line naming the endpoint: the run's result carries it. */
  modelTrouble: string | undefined;
  /** The searches that answered, and how many found anything: a run whose every search found nothing ends, saying so. */
  readonly searches = { answered: 0, found: 0, provider: '' };
  /** The rounds so far (a run with depth above 1), the first pass included once a follow-up is asked. */
  readonly rounds: RoundRecord[] = [];
  /** The follow-up round under way, and the gaps it follows up (the UI's details). */
  roundInProgress: number | undefined;
  private readonly roundStarts: Record<string, number> = {};
  /** What cancelled rounds sent back before ending (roundResultSignal), by round. */
  readonly carriedRounds = new Map<number, RoundResult>();
  /** Pages are read afresh, never taken from the summary cache (a scheduled run compares what pages say now). */
  freshPages = false;
  /** On a scheduled run: the quotes the schedule's last run kept of each page, looked up again when the page is read. */
  previousQuotes = new Map<string, EvidenceQuote[]>();
  /** With `--review`: the run waits for the user's answer after ranking. */
  awaitingReview = false;
  reviewAnswer: ReviewAnswer | undefined;

  constructor(
    input: ResearchInput,
    /** The server has the project's search attributes registered (the client checks). */
    private readonly searchAttributes: boolean,
  ) {
    this.topic = input.topic;
    this.settings = input.settings;
    this.keywords = [input.topic];
    this.queries = [input.topic];
    this.ledger = new BudgetLedger(input.settings, input.settings.maxBudgetUsd);
    // Runs recorded before the planner replay the gates they were recorded with (the same activities scheduled).
    // Runs recorded before pages shared the budget among every free slot keep the share they were scheduled with.
    this.budget = patched('budget-planner') ? new BudgetPlanner(input.settings, this.ledger, !patched('pages-share-free-slots')) : new LegacyGates(input.settings, this.ledger);
  }

  /** The sources read so far, as the budget prices the report over them (a round's child counts its run's too). */
  material(): Material {
    return { sources: this.earlierSources + this.sources.length, summaryTokens: this.summaryTokens, summaryWords: this.summaryWords };
  }

  /** A follow-up round's child starts from its run's material: the report over it stays kept back. */
  continueFrom(m: Material): void {
    this.earlierSources = m.sources;
    this.summaryTokens = m.summaryTokens;
    this.summaryWords = m.summaryWords;
  }
  private earlierSources = 0;

  /** A summary joins the sources: the report's material grows by its tokens and words. */
  private addSource(source: SourceSummary, summaryTokens: number): void {
    this.sources.push(source);
    this.sourceTokens.push(summaryTokens);
    this.summaryTokens += summaryTokens;
    this.summaryWords += countWords(source.summary);
  }

  /** The server has the project's search attributes registered: a round's child gets them too. */
  get hasSearchAttributes(): boolean {
    return this.searchAttributes;
  }

  /** `cancel --now`: nothing more is started; the activities in flight and the report are cancelled. */
  stopNow(): void {
    this.stoppedNowIn ??= this.stage === 'done' ? 'report' : this.stage;
    this.gathering?.cancel();
    this.reporting?.cancel();
  }

  /** A new spending cap (the setBudget update). */
  setCap(usd: number): void {
    this.ledger.capUsd = usd;
    this.showDetails();
  }

  /** A page a query (or the user's review) chose: read once, against every query that chose it, in order. */
  addCandidate(url: string, title: string | undefined, queries: readonly string[]): void {
    const page = this.pages.get(url);
    if (page) page.queries.push(...queries.filter((q) => !page.queries.includes(q)));
    else this.pages.set(url, { url, title, status: 'queued', queries: [...queries], reason: NOT_READ_YET });
  }

  dropPage(url: string): void {
    this.pages.delete(url);
  }

  /** Pages the run will not read (a cancel, the budget), each marked with why. */
  markUnread(urls: readonly string[], status: 'cancelled' | 'budget', reason: string): void {
    for (const url of urls) Object.assign(this.pages.get(url)!, { status, reason });
  }

  /**
   * What reading a page came to: charged to the ledger, counted, its summary kept as a source, and published
   * once (the UI's details; the cost and pages-read search attributes, which runs recorded before this kept
   * until the next stage). Answers the page's cost.
   */
  recordOutcome(url: string, outcome: PageOutcome): void {
    const record = this.pages.get(url)!;
    record.status = outcome.status;
    record.title = outcome.title ?? record.title; // a page skipped before its title was read keeps its search result's
    record.reason = outcome.status === 'summarized' ? undefined : outcome.reason;
    record.costUsd = this.ledger.chargePage(outcome.usage);
    if (outcome.cached) record.cached = true;
    this.noteTrouble(outcome.trouble);
    // A page whose text did not fit its allowance: the budget is as good as spent.
    if (outcome.status === 'budget') this.stopForBudget('browse');
    if (outcome.status === 'summarized' && outcome.partial) this.notes.push(`${url} was summarized from part of its text: ${outcome.partial}.`);
    // Pages that need a browser where none is installed: said once, with the fix, whatever the number of pages.
    if (outcome.status === 'needs-browser' && !this.notes.some((note) => note.startsWith(NEEDS_BROWSER_NOTE))) this.notes.push(`${NEEDS_BROWSER_NOTE} ${outcome.reason}.`);
    if (outcome.status === 'summarized') {
      const source = {
        url,
        title: outcome.title,
        summary: outcome.summary,
        ...(outcome.evidence ? { evidence: outcome.evidence } : {}),
        ...(outcome.rechecked ? { rechecked: outcome.rechecked } : {}),
      };
      this.addSource(source, outcome.summaryTokens ?? Math.ceil(outcome.summary.length / CHARS_PER_TOKEN_UNTOKENIZED));
    }
    this.pagesDone++;
    this.showDetails();
    if (this.searchAttributes && patched('attributes-per-page')) this.publishAttributes();
  }

  /** Keeps the first trouble a model answer was (later ones say the same of the same endpoint, or less). */
  noteTrouble(trouble: ModelTrouble | undefined): void {
    if (trouble && this.modelTrouble === undefined) this.modelTrouble = trouble.line;
  }

  get stoppedNow(): boolean {
    return this.stoppedNowIn !== undefined;
  }

  /** The server asked the run to cancel (the UI, `client cancel`, `client cancel --now` after its update). */
  cancelRequested(): boolean {
    return this.root.consideredCancelled;
  }

  /** True while the run is cancelled: read it at a step's start. */
  get cancelled(): boolean {
    return this.cancel !== undefined;
  }

  /**
   * A cancel that arrived once the report was under way (the report runs in a scope a plain cancel does not
   * stop): the report leaves out its optional steps and the run still ends Cancelled. (Runs recorded before
   * this rule wrote every step and ended Completed; they replay that way.)
   */
  cancelArrivedDuringReport(): boolean {
    return this.cancel === undefined && this.cancelRequested() && patched('cancel-during-report');
  }

  /** Records how the run was cancelled: pages that were never read are marked so, and the line says how many. */
  recordCancel(kind: CancelRecord['kind']): CancelRecord {
    if (this.cancel && this.cancel.kind === kind) return Object.assign(this.cancel, { costUsd: this.ledger.spent() });
    for (const page of this.pages.values()) {
      if (page.status === 'queued') Object.assign(page, { status: 'cancelled', reason: 'not read: the run was cancelled' });
    }
    const during = (kind === 'now' ? this.stoppedNowIn : undefined) ?? (this.stage === 'done' ? 'report' : this.stage);
    const pagesNotRead = [...this.pages.values()].filter((p) => p.status === 'cancelled').length;
    this.cancel = { kind, during, pagesNotRead, costUsd: this.ledger.spent(), note: cancelNote(kind, during, pagesNotRead) };
    return this.cancel;
  }

  shortlist(): Shortlist {
    return buildShortlist(this.queries, [...this.pages.values()], this.awaitingReview && this.reviewAnswer === undefined);
  }

  /** The run's result so far, less the report: what later commands (revise, a schedule's comparison) build on. */
  outcome(): ResearchOutcome {
    return {
      topic: this.topic,
      stoppedByBudget: this.budgetCutShort(),
      keywords: this.keywords,
      queries: this.queries,
      pages: [...this.pages.values()],
      notes: this.notes,
      cost: this.ledger.stageCosts(),
      sources: this.sources,
      settings: this.settings,
      stageStarts: { ...this.stageStarts },
      ...(this.rounds.length > 0 ? { rounds: this.rounds } : {}),
      ...(this.modelTrouble ? { modelTrouble: this.modelTrouble } : {}),
    };
  }

  progress(): ResearchProgress {
    return {
      stage: this.stage,
      ...(this.awaitingReview ? { awaitingReview: true } : {}),
      keywords: this.keywords,
      queries: this.queries,
      pagesPlanned: this.pages.size,
      pagesDone: this.pagesDone,
      pagesSummarized: this.sources.length,
      costUsd: this.ledger.spent(),
      maxBudgetUsd: this.ledger.capUsd,
      stoppedByBudget: this.ledger.stopped,
    };
  }

  /**
   * Where each stage started: the history length when it was entered, kept in the memo so `client reset
   * --to <stage>` (or the UI's Reset) finds the workflow task that starts it.
   */
  private readonly stageStarts: Partial<Record<Stage, number>> = {};


  enter(stage: Stage | 'done'): void {
    this.stage = stage;
    if (stage !== 'done') {
      this.stageStarts[stage] = workflowInfo().historyLength;
      upsertRunMemo({ stageStarts: { ...this.stageStarts } });
    }
    this.showDetails();
    if (this.searchAttributes) this.publishAttributes();
  }

  /** The run's search attributes as they stand (the UI's and `client list`'s columns, `--query` filters). */
  private publishAttributes(): void {
    upsertSearchAttributes([
      { key: SEARCH_ATTRIBUTES.stage.key, value: this.stage },
      { key: SEARCH_ATTRIBUTES.costUsd.key, value: Math.round(this.ledger.spent() * 1e6) / 1e6 },
      { key: SEARCH_ATTRIBUTES.pagesRead.key, value: this.sources.length },
      { key: SEARCH_ATTRIBUTES.model.key, value: this.settings.model },
    ]);
  }

  /** The run's current details in the Temporal UI (Markdown): stage, pages read, cost against budget. */
  showDetails(): void {
    const p = this.progress();
    const pages = p.pagesPlanned > 0 ? ` · pages read ${p.pagesSummarized} of ${p.pagesPlanned} (${p.pagesDone} done)` : '';
    const budget = (p.stoppedByBudget ? ' · budget reached' : '') + (p.awaitingReview ? ' · **waiting for your review** (`client review <id>`)' : '');
    setCurrentDetails(
      `**${escapeMarkdown(this.topic)}**\n\nStage: ${p.stage}${this.roundLine()}${pages} · cost $${p.costUsd.toFixed(4)} of $${p.maxBudgetUsd.toFixed(2)}${budget}${this.gapLines()}`,
    );
  }

  /** " · round 2 of 3" while a follow-up round runs (runs without rounds show nothing new). */
  private roundLine(): string {
    return this.roundInProgress === undefined ? '' : ` · round ${this.roundInProgress} of ${this.settings.depth}`;
  }

  /** The gaps each follow-up round was asked to close, as a list under the details. */
  private gapLines(): string {
    const asked = this.rounds.filter((r) => r.gaps.length > 0);
    if (asked.length === 0) return '';
    return asked
      .map((r) => `\n\nGaps followed up in round ${r.round}:\n${r.gaps.map((g) => `- ${escapeMarkdown(g.question)} (search: ${escapeMarkdown(g.query)})`).join('\n')}`)
      .join('');
  }

  /** Every query and follow-up question researched so far: the gap analysis leaves them out. */
  askedSoFar(): string[] {
    return [...this.queries, ...this.rounds.flatMap((r) => r.gaps.flatMap((g) => [g.query, g.question]))];
  }

  /**
   * A follow-up round begins: where it starts in the history goes to the memo (`client reset --to round-<n>`),
   * the round to the details and the ResearchRound search attribute. The first pass is recorded as round 1.
   */
  startRound(round: number): void {
    if (this.rounds.length === 0) {
      const firstPass = [...this.pages.values()].filter((p) => p.round === undefined);
      this.rounds.push({ round: 1, gaps: [], pagesRead: firstPass.map((p) => p.url), pagesSkipped: [] });
    }
    this.roundInProgress = round;
    this.roundStarts[String(round)] = workflowInfo().historyLength;
    upsertRunMemo({ roundStarts: { ...this.roundStarts } });
    if (this.searchAttributes) upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.round.key, value: round }]);
    this.showDetails();
  }

  /** The gaps a round follows up, shown before its child starts. */
  followUp(round: number, gaps: Gap[]): void {
    this.rounds.push({ round, gaps, pagesRead: [], pagesSkipped: [] });
    this.showDetails();
  }

  /** A round's child came back (finished or cancelled): its usage charged, its pages and sources the run's own, numbered after the others. */
  absorbRound(result: RoundResult): void {
    this.ledger.charge('rank', result.usage.rank);
    this.ledger.charge('browse', result.usage.browse);
    for (const page of result.pages) {
      if (this.pages.has(page.url)) continue;
      this.pages.set(page.url, { ...page, round: result.round });
      if (page.status !== 'queued') this.pagesDone++;
    }
    // Each source's tokens as the child counted them; rounds recorded before the planner sent their sum only.
    const each = result.sourceTokens ?? result.sources.map(() => result.summaryTokens / Math.max(1, result.sources.length));
    result.sources.forEach((source, i) => {
      this.sources.push(source);
      this.sourceTokens.push(each[i] ?? 0);
      this.summaryWords += countWords(source.summary);
    });
    this.summaryTokens += result.summaryTokens;
    this.notes.push(...result.notes);
    const record = this.rounds.find((r) => r.round === result.round);
    if (record) Object.assign(record, { pagesRead: result.pages.map((p) => p.url), pagesSkipped: result.skipped });
    this.showDetails();
    if (this.searchAttributes) this.publishAttributes();
  }

  /** No round under way any more. */
  endRounds(): void {
    if (this.roundInProgress === undefined) return;
    this.roundInProgress = undefined;
    this.showDetails();
  }

  /**
   * A small call the budget gate refused: its free fallback is used (the topic as keyword, the keywords as
   * queries, the search's order). Runs recorded before the planner stopped all paid work there.
   */
  skipForBudget(kind: SmallCall): void {
    if (!this.budget.capsCalls) return this.stopForBudget(kind);
    this.skippedForBudget.push(kind);
  }

  /** The budget left something out: pages, small calls, or report words. */
  budgetCutShort(): boolean {
    return this.ledger.stopped || this.skippedForBudget.length > 0 || this.reportShrunk;
  }

  /** No new page from here on: the budget is as good as spent (logged once). */
  stopForBudget(where: Stage): void {
    if (!this.budgetLogged) log.info('Budget reached; no new work', { where, spentUsd: this.ledger.spent(), maxBudgetUsd: this.ledger.capUsd });
    this.budgetLogged = true;
    this.ledger.stop();
  }
  private budgetLogged = false;

}
