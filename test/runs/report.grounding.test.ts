/**
 * The grounding check in whole runs on the real Temporal dev server: the stand-in model, told to, writes
 * one figure that no cited source gives (a percentage raised by one) and one that a source gives in another
 * format (2,930 written 2.93k) in each section. The first is marked [unverified] and listed; the second
 * passes. With verify, one more model call reviews only the flagged sentences, paid from the budget.
 */
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';

function figure(markdown: string): { cited: number; verified: number; flagged: number } {
  const m = /Cited sentences: (\d+) · verified: (\d+) · flagged: (\d+)/.exec(markdown)!;
  return { cited: Number(m[1]), verified: Number(m[2]), flagged: Number(m[3]) };
}

function flaggedLines(markdown: string): string[] {
  return (markdown.split('Sentences marked [unverified]:')[1] ?? '').split('\n').filter((l) => l.startsWith('- “'));
}

describe('grounding in a run', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('flags the sentence whose figure no cited source gives, and passes the one given in another format', async () => {
    bench.world.llm.setFaults({ kind: 'altered_figures', stage: 'report_section', times: 20 });
    const { result } = await bench.run(TOPIC, { reportWords: 900 });
    bench.world.llm.clearFaults();
    const md = result.report.markdown;
    const g = figure(md);
    expect(g.flagged).toBeGreaterThanOrEqual(1);
    const listed = flaggedLines(md);
    expect(listed).toHaveLength(g.flagged);
    // Every flagged sentence is flagged for a raised percentage, and nothing else.
    for (const line of listed) expect(line).toMatch(/no cited source gives \d+%$/);
    const body = md.split('## References')[0];
    expect(body.match(/\[unverified\]/g)).toHaveLength(g.flagged);
    // The reformatted figures are in the report, in sentences that passed.
    // The first bracket after such a figure is its sentence's citation, where a flag would stand.
    const reformatted = [...body.matchAll(/\d+\.\d+k\b[^[]*\[(\w+)\]/g)];
    expect(reformatted.length).toBeGreaterThanOrEqual(1);
    for (const m of reformatted) expect(m[1]).not.toBe('unverified');
  }, 120_000);

  it('with verify, reviews only the flagged sentences in one paid call', async () => {
    bench.world.llm.resetStats();
    bench.world.llm.setFaults({ kind: 'altered_figures', stage: 'report_section', times: 20 });
    const { result } = await bench.run(TOPIC, { reportWords: 900, verify: true });
    bench.world.llm.clearFaults();
    const verifyCalls = bench.world.llm.requests.filter((r) => r.stage === 'report_verify' && r.status === 200);
    expect(verifyCalls).toHaveLength(1);
    const md = result.report.markdown;
    // The stand-in drops what it cannot confirm: nothing is left flagged, and the appendix says what the pass did.
    expect(figure(md).flagged).toBe(0);
    expect(md).toMatch(/A verification pass reviewed the flagged sentences against their sources: kept 0, fixed 0, dropped [1-9]/);
    const reportCalls = bench.world.llm.requests.filter((r) => r.stage.startsWith('report') && r.status === 200).length;
    expect(result.cost.stages.report.calls).toBe(reportCalls);
  }, 120_000);

  it('without flagged sentences, verify makes no extra call', async () => {
    bench.world.llm.resetStats();
    await bench.run(TOPIC, { reportWords: 900, verify: true });
    expect(bench.world.llm.requests.filter((r) => r.stage === 'report_verify')).toHaveLength(0);
  }, 120_000);
});
