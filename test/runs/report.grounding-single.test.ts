/**
 * The grounding check on the one-call report (`reportMode: 'single'`), in whole runs on the real Temporal dev
 * server: the stand-in model, told to, writes one figure that no cited source gives (a percentage raised by
 * one) and one that a source gives in another format (2,930 written 2.93k). The first is marked [unverified]
 * in place and listed in the appendix; the second passes. On a normal run the report carries the grounding
 * figure and flags at most 5% of its cited sentences.
 */
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';

function figure(markdown: string): { cited: number; verified: number; flagged: number } | undefined {
  const m = /Cited sentences: (\d+) · verified: (\d+) · flagged: (\d+)/.exec(markdown);
  return m ? { cited: Number(m[1]), verified: Number(m[2]), flagged: Number(m[3]) } : undefined;
}

function flaggedLines(markdown: string): string[] {
  return (markdown.split('Sentences marked [unverified]:')[1] ?? '').split('\n').filter((l) => l.startsWith('- “'));
}

describe('grounding the one-call report', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('flags the sentence whose figure no cited source gives, and passes the one given in another format', async () => {
    bench.world.llm.resetStats();
    bench.world.llm.setFaults({ kind: 'altered_figures', stage: 'report', times: 5 });
    const { result } = await bench.run(TOPIC, { reportWords: 900, reportMode: 'single' });
    bench.world.llm.clearFaults();
    // It was the one-call report that was written (and grounded).
    const stages = bench.world.llm.requests.filter((r) => r.stage.startsWith('report')).map((r) => r.stage);
    expect(new Set(stages)).toEqual(new Set(['report']));
    const md = result.report.markdown;
    const g = figure(md)!;
    expect(g).toBeDefined();
    expect(g.flagged).toBe(1);
    expect(g.verified).toBe(g.cited - 1);
    const listed = flaggedLines(md);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/no cited source gives \d+%$/);
    const body = md.split('## References')[0];
    expect(body.match(/\[unverified\]/g)).toHaveLength(1);
    // The raised percentage is the flagged one, marked where it stands.
    const raised = /(\d+)%$/.exec(listed[0])![1];
    expect(body).toMatch(new RegExp(`\\b${raised}%[^\\n]*?\\[unverified\\]`));
    // The reformatted figure is in the report, in a sentence that passed.
    const reformatted = [...body.matchAll(/\d+\.\d+k\b[^[]*\[(\w+)\]/g)];
    expect(reformatted.length).toBeGreaterThanOrEqual(1);
    for (const m of reformatted) expect(m[1]).not.toBe('unverified');
  }, 120_000);

  it('gives the grounding figure on a normal run, with at most 5% of cited sentences flagged', async () => {
    const { result } = await bench.run(TOPIC, { reportWords: 900, reportMode: 'single' });
    const g = figure(result.report.markdown)!;
    expect(g).toBeDefined();
    expect(g.cited).toBeGreaterThanOrEqual(10);
    expect(g.flagged).toBeLessThanOrEqual(Math.floor(g.cited * 0.05));
    expect(result.report.markdown.match(/\[unverified\]/g) ?? []).toHaveLength(g.flagged);
  }, 120_000);
});
