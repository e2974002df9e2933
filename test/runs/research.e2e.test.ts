/**
 * Whole research runs on the real Temporal dev server, against the offline world.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { ResearchResult } from '../../src/domain/types';
import type { CorpusPage } from '../../offline/corpus/types';
import { OFFLINE_NOTICE } from '../../src/report/compose';
import { historyText } from '../harness/historyText';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';

function references(report: string): string[] {
  const section = report.split('## References')[1]?.split('## Appendix')[0] ?? '';
  return [...section.matchAll(/from <(http[^\s>]+)>/g)].map((m) => m[1]);
}

function pageAt(bench: Bench, url: string): CorpusPage | undefined {
  return bench.world.corpus.find((p) => bench.world.web.urlOf(p.path) === url);
}

describe('a research run on the offline world', () => {
  let bench: Bench;
  let handle: WorkflowHandle;
  let result: ResearchResult;
  let report: string;

  beforeAll(async () => {
    // Pages that take a moment to load, so reads really overlap.
    bench = await startBench({ world: { webLatencyMs: 150 } });
    ({ handle, result } = await bench.run(TOPIC));
    report = result.report.markdown;
  }, 120_000);
  afterAll(() => bench?.close());

  it('writes a report whose first line says it came from the offline corpus', () => {
    expect(report.split('\n')[0]).toBe(OFFLINE_NOTICE);
    expect(result.stoppedByBudget).toBe(false);
    expect(result.report.words).toBeGreaterThan(300);
  });

  it('cites only pages that were fetched and summarized in this run, and cites some', () => {
    const cited = references(report);
    expect(cited.length).toBeGreaterThanOrEqual(3);
    const summarized = new Set(result.pages.filter((p) => p.status === 'summarized').map((p) => p.url));
    for (const url of cited) {
      expect(summarized.has(url)).toBe(true);
      expect(bench.world.web.requests.get(new URL(url).pathname)).toBeGreaterThanOrEqual(1);
    }
    // Every inline [n] has its reference.
    const numbers = [...report.split('## References')[0].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(Math.max(...numbers)).toBeLessThanOrEqual(cited.length);
  });

  it('carries facts that exist only in the cited pages main text, and none of their boilerplate', () => {
    const citedPages = references(report).map((url) => pageAt(bench, url)!);
    const facts = citedPages.flatMap((p) => p.facts);
    expect(facts.filter((f) => report.includes(f)).length).toBeGreaterThanOrEqual(3);
    for (const page of bench.world.corpus) for (const b of page.boilerplate) expect(report).not.toContain(b);
  });

  it('records the bot-block page and the 404 in the appendix with reasons, and cites neither', () => {
    const cited = references(report);
    const appendix = report.split('## Appendix')[1];
    for (const kind of ['bot-block', 'not-found'] as const) {
      const page = bench.world.corpus.find((p) => p.kind === kind && p.topic === TOPIC)!;
      const url = bench.world.web.urlOf(page.path);
      const record = result.pages.find((p) => p.url === url);
      expect(record).toBeDefined();
      expect(record!.status).toBe(kind === 'bot-block' ? 'blocked' : 'failed');
      expect(cited).not.toContain(url);
      expect(appendix).toContain(`<${url}> — ${record!.status}: ${record!.reason}`);
    }
    expect(result.pages.find((p) => p.status === 'failed' && /404/.test(p.reason ?? ''))).toBeDefined();
  });

  it('makes the expected LLM calls: 1 keywords, 1 plan, at most 1 ranking per query (follow-ups included), 1 gap analysis per follow-up round, 1 summary per useful page, the report', () => {
    const byStage = (stage: string) => bench.world.llm.requests.filter((r) => r.stage === stage && r.status === 200).length;
    expect(byStage('search_keywords')).toBe(1);
    expect(byStage('research_queries')).toBe(1);
    // The default run has a follow-up round (depth 2): one gap analysis, and its questions' queries ranked too.
    const followUps = (result.rounds ?? []).filter((r) => r.round > 1);
    expect(followUps).toHaveLength(bench.settings.depth - 1);
    expect(byStage('gap_analysis')).toBe(followUps.length);
    expect(byStage('ranked_results')).toBeLessThanOrEqual(result.queries.length + followUps.reduce((n, r) => n + r.gaps.length, 0));
    const read = result.pages.filter((p) => p.status === 'summarized' || p.status === 'irrelevant').length;
    expect(byStage('page_summary')).toBe(read);
    expect(byStage('report_plan')).toBe(1);
    expect(byStage('report_section')).toBeGreaterThanOrEqual(1);
    // Pages skipped before the model (blocked, 404, binary) cost nothing.
    expect(result.cost.total.calls).toBe(bench.world.llm.requests.filter((r) => r.status === 200).length);
  });

  it('reads at most maxPagesPerHost pages of one site at once (every corpus site shares one host here)', () => {
    expect(bench.world.web.maxConcurrent).toBeLessThanOrEqual(bench.settings.maxPagesPerHost);
    expect(bench.world.web.maxConcurrent).toBe(2);
  });

  it('fetches every URL once, even when several queries chose it', () => {
    expect(bench.world.web.fetchedMoreThanOnce()).toEqual([]);
    const shared = result.pages.filter((p) => p.queries.length > 1);
    expect(shared.length).toBeGreaterThan(0);
  });

  it('reports tokens and cost per stage that add up to the total', () => {
    const stages = Object.values(result.cost.stages);
    expect(stages.reduce((n, s) => n + s.promptTokens, 0)).toBe(result.cost.total.promptTokens);
    expect(stages.reduce((n, s) => n + s.costUsd, 0)).toBeCloseTo(result.cost.total.costUsd, 10);
    expect(result.cost.stages.browse.calls).toBeGreaterThan(0);
    const served = bench.world.llm.requests.filter((r) => r.status === 200).reduce((n, r) => n + r.promptTokens, 0);
    expect(result.cost.total.promptTokens).toBe(served);
  });

  it('keeps page text out of the workflow history and the history small', async () => {
    const history = historyText(await handle.fetchHistory());
    // What the run keeps of pages (their summaries) is there, so the searches below can find things.
    const summarized = result.pages.find((p) => p.status === 'summarized')!;
    expect(history).toContain(summarized.url);
    expect(history.split('\n')).toContain(TOPIC);
    const large = bench.world.corpus.find((p) => p.kind === 'large')!;
    for (const b of large.boilerplate) expect(history).not.toContain(b);
    for (const page of result.pages.map((p) => pageAt(bench, p.url)).filter((p) => p !== undefined)) {
      for (const b of page.boilerplate) expect(history).not.toContain(b);
    }
    expect(history).not.toContain(bench.world.llm.apiKey);
    // The sectioned report carries each section's text through history (its result, then the assembly's
    // input), beside the report itself; Temporal's own measure of the encoded history.
    const { historySize } = await handle.describe();
    expect(historySize).toBeGreaterThan(0);
    // Beyond the one-pass bound (200 KB, which the bench's one-pass reference run is held to), the default run
    // carries: the first pass's summaries once more (the gap analysis reads them), the rounds' record (the
    // round's searches, rankings and page reads are in its own, child, history), and the evidence quotes
    // (at most ~300 characters per figure) where they travel: each page's result, the round's result, the
    // report's assembly (grounding and appendix) and the run's result.
    const firstPassSummaries = (result.sources ?? []).filter((s) => result.pages.find((p) => p.url === s.url)?.round === undefined);
    const evidence = (result.sources ?? []).reduce((n, s) => n + Buffer.byteLength(JSON.stringify(s.evidence ?? [])), 0);
    expect(evidence).toBeGreaterThan(0);
    const bound = 200 * 1024 + Buffer.byteLength(JSON.stringify(firstPassSummaries)) + Buffer.byteLength(JSON.stringify(result.rounds ?? [])) + 4 * evidence;
    expect(historySize).toBeLessThan(bound);
  });

  it('replays from its history with the current workflow code, without nondeterminism', async () => {
    const history = await handle.fetchHistory();
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } }, history, handle.workflowId),
    ).resolves.toBeUndefined();
  });
});
