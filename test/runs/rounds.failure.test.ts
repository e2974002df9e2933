/**
 * A follow-up round that fails (here: the model refuses every page the round gives it, so the round ends
 * failing with the refusal) is a note in the report, and what the round paid before it failed is still in the
 * run's cost, exactly as the model billed it. On the real Temporal server, depth 2.
 */
import type { ResearchResult } from '../../src/domain/types';
import { billed } from '../harness/billed';
import { type Bench, startBench } from '../harness/research';
import { until } from '../harness/workerProcess';

const TOPIC = 'solid-state batteries';

describe('a follow-up round that fails', () => {
  let bench: Bench;
  beforeAll(async () => {
    // Slow enough calls (0.5 s) that the refusals are set between the gap analysis and the round's pages.
    bench = await startBench({ world: { llmLatencyMs: 500 } });
  });
  afterAll(() => bench?.close());

  it('is a note, and what it paid before failing is in the run cost, as billed', async () => {
    bench.world.llm.clearFaults();
    bench.world.llm.resetStats();
    const handle = await bench.start(TOPIC, { depth: 2, reportWords: 400 });
    await until(async () => bench.world.llm.requests.some((r) => r.stage === 'gap_analysis'), 180_000, 10);
    bench.world.llm.setFaults({ kind: 'refusal', stage: 'page_summary', times: 1_000 });
    const result: ResearchResult = await handle.result();

    const requests = bench.world.llm.requests;
    const gapAt = requests.find((r) => r.stage === 'gap_analysis')!.receivedAt;
    const roundPages = requests.filter((r) => r.stage === 'page_summary' && r.receivedAt > gapAt && r.usageReturned);
    expect(roundPages.length).toBeGreaterThan(0); // the round paid for refusals
    expect(result.report.markdown).toMatch(/Follow-up round 2 failed: .*refusal/);
    const { calls, promptTokens, completionTokens } = result.cost.total;
    expect({ calls, promptTokens, completionTokens }).toEqual(billed(requests));
  }, 300_000);
});
