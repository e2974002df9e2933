/**
 * Issue 15, the offline demo: the stand-in writes only from the summaries it is given. Over the bundled topics,
 * the sections repeat no sentence and carry none of the commentary templates it used to pad with (58% of the
 * demo report's words before), and the conclusion does not list the section titles.
 */
import { type Bench, startBench } from '../harness/research';

const TOPICS = ['tensorflow vs pytorch', 'solid state batteries', 'remote work productivity'];
const TEMPLATES = [/puts its weight on/, /is the one to test against their own needs/, /is stated from its own vantage point/, /also shows which questions remain open/];

/** The conclusion's text. */
const conclusionOf = (markdown: string) => markdown.split(/^## Conclusion$/m)[1]?.split(/^## /m)[0] ?? '';

/** The sections' sentences: the body between the executive summary and the conclusion. */
function sectionSentences(markdown: string): string[] {
  const body = markdown.split(/^## References/m)[0];
  const sections = body.split(/^## /m).filter((part) => !/^(Executive summary|Conclusion)/.test(part)).slice(1);
  return sections
    .flatMap((part) => part.split('\n').slice(1))
    .filter((line) => line.trim() && !line.startsWith('|') && !line.startsWith('>'))
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z])/))
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/).length >= 4);
}

describe('the offline demo report', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  }, 60_000);
  afterAll(() => bench?.close());

  it.each(TOPICS)('on "%s" repeats no sentence in its sections and has no template filler', async (topic) => {
    const { result } = await bench.run(topic, { reportWords: 2_000 });
    const markdown = result.report.markdown;
    for (const template of TEMPLATES) expect(markdown).not.toMatch(template);
    // The conclusion does not list the section titles the reader has just read.
    const titles = [...markdown.split(/^## References/m)[0].matchAll(/^## (.+)$/gm)].map((m) => m[1]).filter((t) => !/^(Executive summary|Conclusion)$/.test(t));
    expect(titles.length).toBeGreaterThan(1);
    expect(titles.filter((t) => conclusionOf(markdown).includes(t))).toEqual([]);
    const sentences = sectionSentences(markdown);
    expect(sentences.length).toBeGreaterThan(5);
    const repeated = sentences.filter((s, i) => sentences.indexOf(s) !== i);
    expect(repeated).toEqual([]);
    // Shorter than asked when the sources hold less: the report says so rather than padding.
    if (result.report.words < 0.9 * 2_000) expect(markdown).toMatch(/\*\*Shorter than asked:\*\*/);
  }, 120_000);
});
