/** The grounding check and its number normalisation, without a server. */
import { assembleReport } from '../../src/report/assemble';
import { figureSupported, figuresOf } from '../../src/report/figures';
import { citedIds, groundReport, splitSentences, UNVERIFIED_MARK } from '../../src/report/grounding';
import { cleanPlan, fallbackPlan, wordTargets } from '../../src/report/plan';

const SUMMARIES = [
  'The survey of 1,150 developers ran in March 2025. 17 percent said they use JAX. Training took 41.2 kWh.',
  'Throughput reached 2.9k images per second on 64 cards in 2024.',
];

describe('figures', () => {
  it('reads 1,150 / 1150 / 1.15k as one value, and 17 percent / 17% as one percentage', () => {
    const [a] = figuresOf('1,150 people');
    for (const text of ['1150', '1.15k', '1.15 thousand']) expect(figureSupported(figuresOf(text)[0], [a])).toBe(true);
    expect(figureSupported(figuresOf('17%')[0], figuresOf('17 percent of them'))).toBe(true);
    expect(figureSupported(figuresOf('18%')[0], figuresOf('17 percent of them'))).toBe(false);
  });

  it('finds a year inside a date, and a date at the precision the sentence gives', () => {
    expect(figureSupported(figuresOf('in 2025')[0], figuresOf('on 14 March 2025'))).toBe(true);
    expect(figureSupported(figuresOf('March 2025')[0], figuresOf('2025-03-14'))).toBe(true);
    expect(figureSupported(figuresOf('April 2025')[0], figuresOf('2025-03-14'))).toBe(false);
  });

  it('keeps a unit with its number, and reads names such as H100 or GPT-4 as no figure', () => {
    expect(figureSupported(figuresOf('350 Wh/kg')[0], figuresOf('350 cycles'))).toBe(false);
    expect(figureSupported(figuresOf('350 Wh/kg')[0], figuresOf('reached 350 Wh/kg'))).toBe(true);
    expect(figuresOf('the H100 and GPT-4 models')).toEqual([]);
  });
});

describe('the grounding check', () => {
  it('flags a cited sentence whose figure no cited source gives, and marks it in place', () => {
    const body = 'The survey covered 2,400 developers [1]. Nothing else.';
    const result = groundReport(body, SUMMARIES);
    expect(result.citedSentences).toBe(1);
    expect(result.flagged).toHaveLength(1);
    expect(result.flagged[0].missing).toEqual(['2,400']);
    expect(result.text).toBe(`The survey covered 2,400 developers ${UNVERIFIED_MARK} [1]. Nothing else.`);
  });

  it('passes a sentence whose figures are in a cited source in another format', () => {
    const body = 'Of 1150 developers surveyed in 2025, 17% use JAX [1]. Throughput was 2,900 images per second [2].';
    const result = groundReport(body, SUMMARIES);
    expect(result.citedSentences).toBe(2);
    expect(result.flagged).toEqual([]);
    expect(result.text).toBe(body);
  });

  it('checks only the sources a sentence cites', () => {
    // 41.2 kWh is in source 1, but the sentence cites source 2.
    const result = groundReport('Training took 41.2 kWh [2].', SUMMARIES);
    expect(result.flagged).toHaveLength(1);
    expect(groundReport('Training took 41.2 kWh [1][2].', SUMMARIES).flagged).toEqual([]);
  });

  it('checks table rows, and leaves headings and uncited sentences alone', () => {
    const body = '## 99 problems\n\nWe think 99 matter.\n\n| a | b |\n| --- | --- |\n| Survey [1] | 3,000 people |';
    const result = groundReport(body, SUMMARIES);
    expect(result.citedSentences).toBe(1);
    expect(result.flagged[0].missing).toEqual(['3,000']);
  });

  it('keeps citations written after the full stop with their sentence', () => {
    expect(splitSentences('One is 17%. [1] Two is 2024. [2]')).toEqual(['One is 17%. [1]', 'Two is 2024. [2]']);
    expect(citedIds('x [1, 3-4] [2]')).toEqual([1, 3, 4, 2]);
  });
});

describe('the assembled report', () => {
  const parts = {
    topic: 't',
    run: { workflowId: 'run-1', runId: 'run-1' },
    title: 'T',
    summary: 'Of 1150 developers, 17% use JAX [1].',
    sections: [{ heading: 'Speed', markdown: '## Speed\n\nThroughput was 3,100 images per second [2]. The survey ran in 2025 [1].' }],
    conclusion: 'Both matter.',
    sources: SUMMARIES.map((summary, i) => ({ url: `https://example.com/${i}`, title: `S${i}`, summary })),
    pages: [],
    queries: ['q'],
    notes: [],
    offline: false,
    stoppedByBudget: false,
    date: '2026-01-01',
  };

  it('gives the grounding figure and lists each flagged sentence with its reason', () => {
    const report = assembleReport(parts);
    expect(report.markdown).toContain('Cited sentences: 3 · verified: 2 · flagged: 1.');
    expect(report.markdown).toMatch(/- “Throughput was 3,100 images per second\.” — no cited source gives 3,100/);
    expect(report.markdown).toContain(`3,100 images per second ${UNVERIFIED_MARK} [2]`);
    expect(report.markdown.indexOf('### Grounding check')).toBeLessThan(report.markdown.indexOf('<!-- research-run'));
  });

  it('applies the verification pass: a dropped sentence is gone, a kept one counts as verified', () => {
    const sentence = 'Throughput was 3,100 images per second [2].';
    const dropped = assembleReport({ ...parts, decisions: [{ sentence, action: 'drop' }] });
    expect(dropped.markdown).not.toContain('3,100');
    expect(dropped.markdown).toContain('Cited sentences: 2 · verified: 2 · flagged: 0.');
    const kept = assembleReport({ ...parts, decisions: [{ sentence, action: 'keep' }] });
    expect(kept.markdown).toContain('Cited sentences: 3 · verified: 3 · flagged: 0.');
    expect(kept.markdown).not.toContain(UNVERIFIED_MARK);
    const fixed = assembleReport({ ...parts, decisions: [{ sentence, action: 'fix', text: 'Throughput was 2.9k images per second [2].' }] });
    expect(fixed.markdown).toContain('flagged: 0.');
  });
});

describe('the report plan', () => {
  it('keeps sources in range, gives every source a section, and scales words to the target', () => {
    const plan = cleanPlan(
      { title: 'X', sections: [{ heading: 'A', sources: [1, 9, '2'], words: 100 }, { heading: 'a', sources: [3] }, { heading: 'B', sources: [] }] },
      'topic',
      4,
      1000,
    )!;
    expect(plan.sections.map((s) => s.heading)).toEqual(['A']);
    expect(plan.sections[0].sourceIds).toEqual([1, 2, 3, 4]);
    expect(plan.sections[0].words).toBe(wordTargets(1000).sections);
    expect(plan.summaryWords + plan.conclusionWords + plan.sections[0].words).toBe(Math.round(1000 * 1.08));
  });

  it('falls back to groups of sources when the answer is unusable', () => {
    expect(cleanPlan(undefined, 't', 3, 500)).toBeUndefined();
    const sources = Array.from({ length: 5 }, (_, i) => ({ url: `u${i}`, title: `Title ${i}`, summary: 's' }));
    const plan = fallbackPlan('t', sources, 500);
    expect(plan.sections.flatMap((s) => s.sourceIds).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
