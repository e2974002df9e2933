/**
 * Facts only a follow-up finds: for each bundled topic a page names a study, benchmark or survey without its
 * results, and the page with those results answers only a search naming it. The stand-in model's gap analysis
 * names such things from the summaries it is given, whatever they are called (no list of names per topic).
 */
import fc from 'fast-check';
import { CORPUS, CORPUS_TOPICS, corpusMainText } from '../corpus';
import { searchCorpus } from '../searchIndex';
import { gapsAnswer, keywordsAnswer, namedThings, pageSummaryAnswer } from '../llm/answers';

const followUps = CORPUS.filter((page) => page.followUpOf);

describe('follow-up-only pages', () => {
  test('every bundled topic has one, with facts of its own', () => {
    for (const topic of CORPUS_TOPICS) {
      const pages = followUps.filter((page) => page.topic === topic);
      expect(pages.length).toBeGreaterThanOrEqual(1);
      for (const page of pages) expect(page.facts.length).toBeGreaterThanOrEqual(2);
    }
  });

  test("no search with the topic's own words finds them; a search naming the thing does", () => {
    for (const page of followUps) {
      for (const keyword of keywordsAnswer(page.topic, 10).keywords) {
        expect(searchCorpus(keyword).map((hit) => hit.page.path)).not.toContain(page.path);
      }
      expect(searchCorpus(page.followUpOf!)[0]?.page.path).toBe(page.path);
    }
  });

  test("another page of the topic names the thing, and that page's summary carries the name to the gap analysis, which asks for it", () => {
    for (const page of followUps) {
      const naming = CORPUS.filter((p) => p.topic === page.topic && !p.followUpOf && corpusMainText(p.path).includes(page.followUpOf!));
      expect(naming).toHaveLength(1);
      const summary = pageSummaryAnswer(page.topic, [page.topic], corpusMainText(naming[0].path)).summary;
      expect(namedThings(summary)).toContain(page.followUpOf);
      const { gaps } = gapsAnswer([page.topic], [{ title: naming[0].title, summary }], 3);
      expect(gaps.map((g) => g.query)).toContain(page.followUpOf);
      // Once its own page is among the sources, or the name was asked, it is no longer open.
      expect(gapsAnswer([page.topic], [{ title: naming[0].title, summary }, { title: page.title, summary: 'x' }], 3).gaps).toEqual([]);
      expect(gapsAnswer([page.topic, page.followUpOf!], [{ title: naming[0].title, summary }], 3).gaps).toEqual([]);
    }
  });
});

describe('the stand-in gap analysis', () => {
  const capitalised = fc.stringMatching(/^[A-Z][a-z]{2,9}$/);
  const kind = fc.constantFrom('Study', 'Benchmark', 'Survey', 'Standard', 'Trial');

  test('names any study it is told of without its own source, at most the count asked, each once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(capitalised, { minLength: 1, maxLength: 3 }), kind), { minLength: 0, maxLength: 6 }), fc.integer({ min: 1, max: 5 }), (things, count) => {
        const names = [...new Set(things.map(([words, k]) => `${words.join(' ')} ${k}`))];
        const summary = names.map((name) => `the topic was measured in the 2026 ${name}, but its results are published separately.`).join(' ');
        const { gaps } = gapsAnswer(['the topic'], [{ title: 'A page about the topic', summary }], count);
        expect(gaps.map((g) => g.query)).toEqual(names.slice(0, count));
      }),
    );
  });

  test('finds nothing in summaries that name no study', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z ,.0-9%]{0,80}$/), { maxLength: 5 }), (summaries) => {
        expect(gapsAnswer([], summaries.map((summary) => ({ title: 't', summary })), 3).gaps).toEqual([]);
      }),
    );
  });
});
