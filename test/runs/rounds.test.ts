/**
 * Follow-up rounds on the real server with the offline world: a depth-2 run follows up what its first pass left
 * open in a child workflow and finds facts a one-pass run cannot reach; no page is fetched twice across rounds;
 * the parent charges what its rounds paid.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { CORPUS } from '../../offline/corpus';
import { researchWorkflow, type ResearchWorkflowInput } from '../../src/workflows/research';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'solid-state batteries';
const followUpPage = CORPUS.find((page) => page.topic === TOPIC && page.followUpOf)!;
const factsIn = (markdown: string) => followUpPage.facts.filter((fact) => markdown.includes(fact));

describe('follow-up rounds', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('a depth-2 run finds the facts only a follow-up reaches, which a depth-1 run misses; no page is fetched twice; the run pays for its round', async () => {
    const one = await bench.run(TOPIC, { depth: 1 });
    expect(factsIn(one.result.report.markdown)).toEqual([]);
    expect(one.result.rounds).toBeUndefined();
    // Depth 1 is today's run: no patch marker, no gap analysis, no child workflow in its history.
    const oneHistory = JSON.stringify(historyToJSON(await one.handle.fetchHistory()));
    for (const mark of ['follow-up-rounds', 'findGaps', 'startChildWorkflowExecutionInitiated']) expect(oneHistory).not.toContain(mark);

    bench.world.web.resetRequests();
    const callsBefore = bench.world.llm.stats().requests.length;
    const two = await bench.run(TOPIC, { depth: 2 });
    const calls = bench.world.llm.stats().requests.slice(callsBefore);

    expect(factsIn(two.result.report.markdown).length).toBeGreaterThanOrEqual(2);
    expect(bench.world.web.fetchedMoreThanOnce()).toEqual([]);
    // The gap found names the study; round 2 read its page.
    const round2 = two.result.rounds?.find((r) => r.round === 2);
    expect(round2?.gaps.map((g) => g.query)).toContain(followUpPage.followUpOf);
    expect(two.result.pages.find((p) => p.url.endsWith(followUpPage.path))).toMatchObject({ status: 'summarized', round: 2 });
    // Every answer the model gave (the round's included) is in the run's cost.
    expect(two.result.cost.total.calls).toBe(calls.filter((c) => c.usageReturned).length);
    expect(two.result.cost.total.promptTokens).toBe(calls.reduce((n, c) => n + c.promptTokens, 0));

    // The appendix shows the tree: the question, its query, the page read for it.
    const appendix = two.result.report.markdown.split('### Research rounds')[1] ?? '';
    expect(appendix).toContain(`question: What figures does the ${followUpPage.followUpOf} give?`);
    expect(appendix).toMatch(new RegExp(`query: ${followUpPage.followUpOf}\\n\\s+- read: <[^>]+${followUpPage.path}>`));
    console.log(`depth 1: $${one.result.cost.total.costUsd.toFixed(5)}, depth 2: $${two.result.cost.total.costUsd.toFixed(5)}`);

    // The round is a child workflow under the run, named and summarized for the UI.
    const child = await bench.client.workflow.getHandle(`${two.handle.workflowId}-round-2`).describe();
    expect(child.status.name).toBe('COMPLETED');
    expect(child.parentExecution?.workflowId).toBe(two.handle.workflowId);
    expect(await child.staticSummary()).toMatch(/^round 2: What figures does the Nordhavn Cell Durability Study give\?/);
  }, 300_000);

  it('shows the rounds in the UI: the run\'s details list the gaps, the ResearchRound search attribute marks run and round', async () => {
    const input: ResearchWorkflowInput = { topic: TOPIC, settings: { ...bench.settings, depth: 2, reportWords: 300 }, searchAttributes: true };
    const handle = await bench.client.workflow.start(researchWorkflow, { taskQueue: bench.taskQueue, workflowId: `${bench.taskQueue}-ui`, args: [input] });
    await handle.result();
    const details = (await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails ?? '';
    expect(details).toContain('Gaps followed up in round 2:');
    expect(details).toContain(`- What figures does the ${followUpPage.followUpOf} give? (search: ${followUpPage.followUpOf})`);
    const round = (d: Awaited<ReturnType<typeof handle.describe>>) => d.typedSearchAttributes.getAll().find((p) => p.key.name === 'ResearchRound')?.value;
    expect(round(await handle.describe())).toBe(2);
    expect(round(await bench.client.workflow.getHandle(`${handle.workflowId}-round-2`).describe())).toBe(2);
  }, 300_000);
});
