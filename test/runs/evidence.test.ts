/**
 * Evidence quotes on the real server: every figure a page's summary states comes back with the page's own
 * sentence giving it, the report's appendix lists them under each source, and the history holds no sentence of
 * a page beyond its summary and those quotes.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { corpusMainText } from '../../offline/corpus';
import type { ResearchResult } from '../../src/domain/types';
import { sentencesOf } from '../../src/report/evidence';
import { figureSupported, figuresOf } from '../../src/report/figures';
import { historyText } from '../harness/historyText';
import { type Bench, startBench } from '../harness/research';

describe('evidence quotes in a run', () => {
  let bench: Bench;
  let handle: WorkflowHandle;
  let result: ResearchResult;

  beforeAll(async () => {
    bench = await startBench();
    ({ handle, result } = await bench.run('solid-state batteries'));
  }, 120_000);
  afterAll(() => bench?.close());

  const pathOf = (url: string) => new URL(url).pathname;

  it('quotes, for every figure a summary states, a sentence of the page that gives it', () => {
    const sources = result.sources!;
    expect(sources.length).toBeGreaterThan(2);
    let quoted = 0;
    for (const source of sources) {
      const page = corpusMainText(pathOf(source.url)).replace(/\s+/g, ' ');
      for (const figure of new Set(figuresOf(source.summary).map((f) => f.text))) {
        const quote = source.evidence!.find((e) => e.figure === figure);
        expect(quote).toBeDefined(); // the stand-in copies page sentences: every figure has its sentence
        expect(figureSupported(figuresOf(figure)[0], figuresOf(quote!.quote))).toBe(true);
        for (const piece of quote!.quote.split('…').filter(Boolean)) expect(page).toContain(piece.trim());
        quoted++;
      }
    }
    expect(quoted).toBeGreaterThan(5);
  });

  it("lists them under each cited source in the report's appendix", () => {
    const report = result.report.markdown;
    const evidence = report.split('### Evidence')[1];
    expect(evidence).toBeDefined();
    const someQuote = result.sources!.flatMap((s) => s.evidence ?? []).find((e) => report.includes(e.figure))!;
    expect(evidence).toContain(`“${someQuote.quote}”`.replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/\*/g, '\\*').replace(/_/g, '\\_'));
  });

  it('keeps every other sentence of the pages read out of the history (payloads decoded)', async () => {
    const history = historyText(await handle.fetchHistory());
    let checked = 0;
    for (const source of result.sources!) {
      const kept = [source.title, source.summary, ...(source.evidence ?? []).map((e) => e.quote)].join('\n');
      for (const sentence of sentencesOf(corpusMainText(pathOf(source.url)))) {
        if (sentence.length < 40 || kept.includes(sentence)) continue;
        expect(history).not.toContain(sentence);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
