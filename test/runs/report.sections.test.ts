/**
 * The sectioned report on the real Temporal dev server with the offline world: one plan call, the
 * sections in parallel (each its own activity), summary and conclusion, one numbering, the grounding
 * figure; a failed section repeats only itself; `single` keeps the one-call report.
 */
import type { ResearchResult } from '../../src/domain/types';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';
const WORDS = 900;

function ok(bench: Bench, stage: string): number {
  return bench.world.llm.requests.filter((r) => r.stage === stage && r.status === 200).length;
}

function grounding(markdown: string): { cited: number; verified: number; flagged: number } {
  const m = /Cited sentences: (\d+) · verified: (\d+) · flagged: (\d+)/.exec(markdown);
  if (!m) throw new Error('no grounding figure in the report');
  return { cited: Number(m[1]), verified: Number(m[2]), flagged: Number(m[3]) };
}

describe('the sectioned report', () => {
  let bench: Bench;
  let result: ResearchResult;
  let report: string;
  let sectionCalls: number;

  beforeAll(async () => {
    bench = await startBench();
    ({ result } = await bench.run(TOPIC, { reportWords: WORDS }));
    report = result.report.markdown;
    sectionCalls = ok(bench, 'report_section');
  }, 120_000);
  afterAll(() => bench?.close());

  it('is planned by one call, written as several sections, then summary and conclusion, without the one-call report', () => {
    expect(ok(bench, 'report_plan')).toBe(1);
        // The summary and the conclusion: one call each.
    expect(ok(bench, 'report_framing')).toBe(2);
    expect(ok(bench, 'report')).toBe(0);
    const body = report.split('## References')[0];
    expect(body).toMatch(/^# /m);
    expect(body).toContain('## Executive summary');
    expect(body).toContain('## Conclusion');
    // Section headings besides the summary and conclusion; a section cut at the output limit is continued in its own activity.
    const sections = body.match(/^## /gm)!.length - 2;
    expect(sections).toBeGreaterThanOrEqual(3);
    expect(sectionCalls).toBeGreaterThanOrEqual(sections);
  });

  it('is as long as asked and at most 25% longer', () => {
    expect(result.report.words).toBeGreaterThanOrEqual(WORDS);
    expect(result.report.words).toBeLessThanOrEqual(WORDS * 1.25);
  });

  it('numbers its sources once, in order of first use, each with its reference', () => {
    const [body, rest] = report.split('## References');
    const refs = [...rest.split('## Appendix')[0].matchAll(/^\[(\d+)\] /gm)].map((m) => Number(m[1]));
    expect(refs).toEqual(refs.map((_, i) => i + 1));
    const firstUse: number[] = [];
    for (const m of body.matchAll(/\[(\d+)\]/g)) if (!firstUse.includes(Number(m[1]))) firstUse.push(Number(m[1]));
    expect(firstUse).toEqual(refs.slice(0, firstUse.length));
    expect(Math.max(...firstUse)).toBe(refs.length);
  });

  it('gives the grounding figure, with at most 5% of cited sentences flagged on a normal run', () => {
    const g = grounding(report);
    expect(g.cited).toBeGreaterThanOrEqual(10);
    expect(g.verified + g.flagged).toBe(g.cited);
    expect(g.flagged).toBeLessThanOrEqual(g.cited * 0.05);
    expect(report.match(/\[unverified\]/g)?.length ?? 0).toBe(g.flagged + (g.flagged > 0 ? 1 : 0));
  });

  it('repeats only the section whose call failed, never a finished one', async () => {
    bench.world.llm.resetStats();
    bench.world.llm.setFaults({ kind: 'server_error', stage: 'report_section', times: 1 });
    const again = await bench.run(TOPIC, { reportWords: WORDS });
    expect(again.result.report.markdown).toContain('## Conclusion');
    const failed = bench.world.llm.requests.filter((r) => r.stage === 'report_section' && r.status === 500).length;
    expect(failed).toBe(1);
    // Same material, same plan: each section paid once, plus the one retried after its failure.
    expect(ok(bench, 'report_section')).toBe(sectionCalls);
    expect(ok(bench, 'report_plan')).toBe(1);
  }, 120_000);

  it('when the sources run out before the words asked, pays for no continuation that could only pad, and says the report is shorter', async () => {
    bench.world.llm.resetStats();
    // Every section stops when its sources' sentences run out, well short of what was asked.
    bench.world.llm.setFaults({ kind: 'short_sections', stage: 'report_section', times: 20 });
    const words = 2000;
    const short = await bench.run(TOPIC, { reportWords: words });
    bench.world.llm.clearFaults();
    expect(ok(bench, 'report_section_more')).toBe(0);
    expect(short.result.report.words).toBeLessThan(words);
    expect(short.result.report.markdown).toMatch(/\*\*Shorter than asked:\*\* [\d,]+ words of the 2,000 words asked: the pages read hold no more to say/);
  }, 120_000);

  it('keeps the one-call report with reportMode single', async () => {
    bench.world.llm.resetStats();
    const single = await bench.run(TOPIC, { reportWords: WORDS, reportMode: 'single' });
    expect(ok(bench, 'report')).toBeGreaterThanOrEqual(1);
    expect(ok(bench, 'report_plan')).toBe(0);
    expect(ok(bench, 'report_section')).toBe(0);
    expect(single.result.report.markdown).toContain('## References');
  }, 120_000);
});
