import { checkCitations, stripModelReferences } from '../../src/report/citations';
import { composeReport, countWords, OFFLINE_NOTICE } from '../../src/report/compose';

const sources = [
  { url: 'https://a.example/one', title: 'One', summary: 's1' },
  { url: 'https://b.example/two', title: 'Two', summary: 's2' },
  { url: 'https://c.example/three', title: 'Three', summary: 's3' },
];

describe('citation check', () => {
  it('drops citations of sources that do not exist and renumbers the rest by first use', () => {
    const check = checkCitations('Fast [3]. Slow [1][99]. Both [3, 1]. Range [1-2].', 3);
    expect(check.text).toBe('Fast [1]. Slow [2]. Both [1][2]. Range [2][3].');
    expect(check.cited).toEqual([3, 1, 2]);
    expect(check.dropped).toEqual([99]);
  });

  it('leaves Markdown links alone', () => {
    expect(checkCitations('See [the docs](https://x.example) [1].', 1).text).toBe('See [the docs](https://x.example) [1].');
  });

  it('removes a reference list the model wrote itself', () => {
    expect(stripModelReferences('# T\n\nBody [1].\n\n## References\n[1] made up')).toBe('# T\n\nBody [1].');
  });
});

describe('composed report', () => {
  const base = {
    topic: 'frameworks',
    sources,
    pages: [
      { url: sources[0].url, title: 'One', status: 'summarized' as const, queries: ['q'] },
      { url: 'https://blocked.example', status: 'blocked' as const, queries: ['q'], reason: 'bot wall' },
    ],
    queries: ['q1', 'q2'],
    notes: ['Search for "q3" failed: search provider searxng answered HTTP 500'],
    runId: 'run-1',
    date: '2026-11-24',
  };

  it('lists only cited sources as APA references and says how the report was made', () => {
    const r = composeReport({ ...base, body: '# Title\n\nA claim [2]. Another [7].', offline: false, stoppedByBudget: false });
    expect(r.citedUrls).toEqual(['https://b.example/two']);
    expect(r.droppedCitations).toEqual([7]);
    expect(r.markdown).toContain('[1] *Two*. (n.d.). b.example. Retrieved 2026-11-24, from https://b.example/two');
    expect(r.markdown).not.toContain('a.example/one. Retrieved');
    expect(r.markdown).toContain('https://blocked.example — blocked: bot wall');
    expect(r.markdown).toContain('- q2');
    expect(r.markdown).toContain('### Notes\n\n- Search for "q3" failed: search provider searxng answered HTTP 500');
  });

  it('starts an offline report with the offline notice and marks a budget stop', () => {
    const r = composeReport({ ...base, body: 'Body [1].', offline: true, stoppedByBudget: true });
    expect(r.markdown.split('\n')[0]).toBe(OFFLINE_NOTICE);
    expect(r.markdown).toContain('Cut short by the budget');
    expect(r.markdown).toContain('# frameworks');
  });

  it('counts words, not Markdown punctuation', () => {
    expect(countWords('# Title\n\n| a | b |\n|---|---|\nOne two [1].')).toBe(5);
  });
});
