/**
 * Follow-up rounds under control, on the real server: a cancel while a round runs cancels the round's child and
 * the run still writes its report from everything gathered, the round's pages and cost included; `reset --to
 * round-2` runs the run again from its follow-up round without paying again for the first pass; a budget spent
 * on the first pass starts no round; a budget lowered while a round runs reaches the round.
 */
import type { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { CORPUS } from '../../offline/corpus';
import { reportFromHistory } from '../../src/cli/reportSource';
import { reset } from '../../src/cli/reset';
import { usageCost } from '../../src/domain/budget';
import type { CancelRecord } from '../../src/domain/types';
import { progressQuery, setBudgetUpdate } from '../../src/workflows/definitions';
import type { researchWorkflow } from '../../src/workflows/research';
import { type Bench, failureOf, startBench, temporalAddress } from '../harness/research';
import { until } from '../harness/workerProcess';

const TOPIC = 'solid-state batteries';
const study = CORPUS.find((page) => page.topic === TOPIC && page.followUpOf)!;

describe('follow-up rounds under control', () => {
  let bench: Bench;
  beforeAll(async () => {
    // A model slow enough (0.8 s a call) to cancel while the round's calls are in flight.
    bench = await startBench({ world: { llmLatencyMs: 800 } });
    process.env.TEMPORAL_ADDRESS = temporalAddress();
    process.env.TEMPORAL_NAMESPACE = 'default';
  });
  afterAll(() => bench?.close());
  const answered = () => bench.world.llm.requests.filter((r) => r.status === 200);

  it('a cancel mid-round cancels the round and the run still writes its report, charging what the round paid', async () => {
    const handle = await bench.start(TOPIC, { depth: 2, maxParallelPages: 1, reportWords: 400 });
    await until(async () => bench.world.llm.requests.some((r) => r.stage === 'page_summary' && r.subject.endsWith(study.path)), 180_000, 20);
    const roundCalls = answered().filter((r) => r.stage === 'ranked_results' && r.subject === study.followUpOf);
    expect(roundCalls).toHaveLength(1); // the round had paid for its ranking when the cancel came
    await handle.cancel();

    const { error } = await failureOf(handle.result());
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const description = await handle.describe();
    expect(description.status.name).toBe('CANCELLED');
    const child = await bench.client.workflow.getHandle(`${handle.workflowId}-round-2`).describe();
    expect(child.status.name).toBe('CANCELLED');

    const report = (await reportFromHistory(await handle.fetchHistory()))!.markdown;
    expect(report).toContain('**Cancelled:** the run was stopped by request');
    expect(report).toContain('## References');
    // The appendix's tree shows the round that was cut short, with its question.
    expect(report).toContain('### Research rounds');
    expect(report).toContain(`question: What figures does the ${study.followUpOf} give?`);
    // What the run paid includes the round's calls: every answer the model gave it.
    const record = description.memo?.cancel as CancelRecord;
    const paid = answered().filter((r) => r.usageReturned && r.answeredAt > 0);
    const price = bench.settings.price;
    const roundCost = usageCost(price, { calls: 1, promptTokens: roundCalls[0].promptTokens, completionTokens: roundCalls[0].completionTokens });
    expect(record.costUsd).toBeGreaterThan(roundCost);
    expect(record.costUsd).toBeCloseTo(paid.reduce((n, r) => n + usageCost(price, { calls: 1, promptTokens: r.promptTokens, completionTokens: r.completionTokens }), 0), 6);
  }, 300_000);

  it('a budget lowered while a round runs reaches the round: it reads no page the new budget cannot pay', async () => {
    const before = bench.world.llm.requests.length;
    const mine = () => bench.world.llm.requests.slice(before);
    const handle = await bench.start(TOPIC, { depth: 2, maxParallelPages: 1, reportWords: 300 });
    // The round has started: its ranking call is in flight (0.8 s), its page not yet read.
    await until(async () => mine().some((r) => r.stage === 'ranked_results' && r.subject === study.followUpOf), 180_000, 10);
    const { costUsd } = await handle.query(progressQuery);
    await handle.executeUpdate(setBudgetUpdate, { args: [costUsd + 0.000_01] });
    const result = await handle.result();
    expect(mine().filter((r) => r.stage === 'page_summary' && r.subject.endsWith(study.path))).toEqual([]);
    expect(result.pages.find((p) => p.url.endsWith(study.path))).toMatchObject({ status: 'budget', round: 2 });
  }, 300_000);

  it('reset --to round-2 runs the follow-up round again, without paying again for the first pass', async () => {
    const { handle, result: first } = await bench.run(TOPIC, { depth: 2, reportWords: 300 });
    expect(first.rounds?.map((r) => r.round)).toEqual([1, 2]);
    const before = answered().length;
    bench.world.web.resetRequests();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await reset([handle.workflowId, '--to', 'round-2'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const result = await bench.client.workflow.getHandle<typeof researchWorkflow>(handle.workflowId).result();
    const again = answered().slice(before);
    const stages = new Set(again.map((r) => r.stage));
    for (const stage of ['search_keywords', 'research_queries']) expect(stages.has(stage as never)).toBe(false);
    // The first pass's pages are not fetched again; the round's are.
    const firstPass = first.pages.filter((p) => p.round === undefined).map((p) => new URL(p.url).pathname);
    expect([...bench.world.web.requests.keys()].filter((path) => firstPass.includes(path))).toEqual([]);
    expect(again.filter((r) => r.stage === 'gap_analysis')).toHaveLength(1);
    expect(again.filter((r) => r.stage === 'ranked_results').map((r) => r.subject)).toEqual([study.followUpOf]);
    expect(result.pages.find((p) => p.url.endsWith(study.path))).toMatchObject({ status: 'summarized', round: 2 });
    expect(result.sources?.find((s) => s.url.endsWith(study.path))?.summary).toContain(study.facts[0]);
    await expect(reset([handle.workflowId, '--to', 'round-3'])).rejects.toThrow(/never reached round 3 \(it reached: round-2\)/);
  }, 300_000);

  it('a budget the first pass spends starts no round: the run says so and writes its report', async () => {
    const callsBefore = answered().length;
    const { handle, result } = await bench.run(TOPIC, { depth: 3, maxBudgetUsd: 0.004, reportWords: 300 });
    expect(answered().slice(callsBefore).filter((r) => r.stage === 'gap_analysis')).toEqual([]);
    expect(result.rounds).toBeUndefined();
    expect(result.notes.some((n) => /^Follow-up rounds: stopped before round 2/.test(n))).toBe(true);
    expect(result.report.markdown).toContain('## References');
    expect(result.cost.total.costUsd).toBeLessThanOrEqual(0.004);
    await expect(bench.client.workflow.getHandle(`${handle.workflowId}-round-2`).describe()).rejects.toThrow();
  }, 300_000);
});
