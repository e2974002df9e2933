import { type Bench, startBench } from '../harness/research';

function figure(markdown: string) {
  const m = /Cited sentences: (\d+) · verified: (\d+) · flagged: (\d+)/.exec(markdown)!;
  return { cited: Number(m[1]), verified: Number(m[2]), flagged: Number(m[3]) };
}

describe('verify on the one-call report', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('reviews only the flagged sentences in one paid call, charged to the report stage', async () => {
    bench.world.llm.resetStats();
    bench.world.llm.setFaults({ kind: 'altered_figures', stage: 'report', times: 5 });
    const { result } = await bench.run('tensorflow vs pytorch', { reportWords: 900, reportMode: 'single', verify: true });
    bench.world.llm.clearFaults();
    const verifyCalls = bench.world.llm.requests.filter((r) => r.stage === 'report_verify' && r.status === 200);
    expect(verifyCalls).toHaveLength(1);
    const md = result.report.markdown;
    expect(figure(md).flagged).toBe(0);
    expect(md).toMatch(/A verification pass reviewed the flagged sentences against their sources: kept 0, fixed 0, dropped 1/);
    const reportCalls = bench.world.llm.requests.filter((r) => r.stage.startsWith('report') && r.status === 200).length;
    expect(result.cost.stages.report.calls).toBe(reportCalls);
    expect(reportCalls).toBe(2);
  }, 120_000);

  it('without flagged sentences, verify makes no extra call', async () => {
    bench.world.llm.resetStats();
    const { result } = await bench.run('tensorflow vs pytorch', { reportWords: 900, reportMode: 'single', verify: true });
    expect(bench.world.llm.requests.filter((r) => r.stage === 'report_verify')).toHaveLength(0);
    expect(figure(result.report.markdown).flagged).toBe(0);
  }, 120_000);
});
