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
    run: { workflowId: 'research-frameworks-1', runId: 'run-1' },
    date: '2026-11-24',
  };

  it('lists only cited sources as APA references and says how the report was made', () => {
    const r = composeReport({ ...base, body: '# Title\n\nA claim [2]. Another [7].', offline: false, stoppedByBudget: false });
    expect(r.citedUrls).toEqual(['https://b.example/two']);
    expect(r.droppedCitations).toEqual([7]);
    expect(r.markdown).toContain('[1] *Two*. (n.d.). b.example. Retrieved 2026-11-24, from <https://b.example/two>');
    expect(r.markdown).not.toContain('a.example/one. Retrieved');
    expect(r.markdown).toContain('- <https://blocked.example/> — blocked: bot wall');
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

describe('what reaches the report from the web', () => {
  const read = [
    { url: 'https://a.example/one', title: 'One', summary: 's1' },
    { url: 'https://b.example/two?x=1&y=2', title: 'Two', summary: 's2' },
  ];
  const base = {
    topic: 'frameworks',
    sources: read,
    pages: read.map((s) => ({ url: s.url, title: s.title, status: 'summarized' as const, queries: ['q'] })),
    queries: ['q'],
    notes: [],
    offline: false,
    stoppedByBudget: false,
    run: { workflowId: 'research-frameworks-1', runId: 'run-1' },
    date: '2026-11-24',
  };
  const bodyOf = (markdown: string) => markdown.split('\n## References')[0];
  /** Every URL-like string in the text. */
  const urlsIn = (text: string) => [...text.matchAll(/(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()"'\]]*/gi)].map((m) => m[0]);

  const HOSTILE_BODY = [
    '# Frameworks',
    '',
    'Inline [the vendor site](http://attacker.example/inline) and a fake citation [1](http://attacker.example/cite) next to a real one [2].',
    'An autolink <http://attacker.example/auto>, a bare URL http://attacker.example/bare. and www.attacker.example too.',
    'Raw HTML <a href="http://attacker.example/a">anchor text</a> and <img src=x onerror="alert(1)"> and <script>alert(2)</script>.',
    'An image ![pixel](http://attacker.example/pixel.png) and a reference [docs][d].',
    'A link to a page that was read stays: [page one](https://a.example/one#intro).',
    '',
    '[1]: http://attacker.example/definition',
    '[d]: http://attacker.example/docs',
    '',
    '<div><a href="http://attacker.example/block">block text</a></div>',
    '',
    '`curl http://attacker.example/code`',
  ].join('\n');

  it('removes every link, image, definition and URL to a page the run did not read, keeping the text, and counts them', () => {
    const r = composeReport({ ...base, body: HOSTILE_BODY });
    const body = bodyOf(r.markdown);
    expect(urlsIn(body)).toEqual(['https://a.example/one#intro']);
    for (const kept of ['the vendor site', 'anchor text', 'block text', 'pixel', 'docs', '[page one](https://a.example/one#intro)']) expect(body).toContain(kept);
    expect(body).not.toMatch(/<(a|img|script|div)\b/i);
    // The definition `[1]: ...` no longer turns citation [1] into a link: the citation survives and is checked.
    expect(body).toContain('a real one [1]');
    expect(r.citedUrls).toEqual(['https://b.example/two?x=1&y=2']);
    expect(r.removedLinks).toBe(12);
    expect(r.markdown).toContain('_Removed 12 link(s) the model wrote to pages this run did not read (their text is kept)._');
  });

  it('leaves a body without foreign links exactly as written', () => {
    const body = '# T\n\n| a | b |\n|---|---|\n| *x* | [2] |\n\nSee [one](https://a.example/one) and `code`.\n';
    const r = composeReport({ ...base, body });
    expect(bodyOf(r.markdown)).toContain(body.trim().replace('[2]', '[1]'));
    expect(r.removedLinks).toBe(0);
    expect(r.markdown).not.toContain('_Removed');
  });

  it('escapes page titles, URLs, reasons, queries and notes wherever they are written', () => {
    const evil = '<img src=x onerror=alert(1)> *bold* [x](http://attacker.example) `code` | pipe';
    const r = composeReport({
      ...base,
      topic: `<script>alert(0)</script> topic`,
      body: 'No title of its own [1] [2].',
      sources: [{ ...read[0], title: evil }, { ...read[1], url: 'https://b.example/two?<b>=1&"q"' }],
      pages: [
        { url: read[0].url, title: evil, status: 'summarized' as const, queries: ['q'] },
        { url: 'https://b.example/two?<b>=1&"q"', title: 'Two', status: 'summarized' as const, queries: ['q'] },
        { url: 'https://c.example/<x>', status: 'blocked' as const, queries: ['q'], reason: evil },
        { url: 'javascript:alert(1)', status: 'failed' as const, queries: ['q'], reason: 'bad' },
      ],
      queries: [evil],
      notes: [evil],
    });
    expect(r.markdown).not.toMatch(/<(img|script|b|x)\b/i);
    expect(r.markdown).not.toMatch(/[^\\]\]\(http:\/\/attacker/);
    expect(r.markdown).toContain('# &lt;script&gt;alert(0)&lt;/script&gt; topic');
    expect(r.markdown).toContain('[1] *&lt;img src=x onerror=alert(1)&gt; \\*bold\\* \\[x\\](http://attacker.example) \\`code\\` \\| pipe*. (n.d.). a.example.');
    expect(r.markdown).toContain('from <https://b.example/two?%3Cb%3E=1&%22q%22>');
    expect(r.markdown).toContain('- <https://c.example/%3Cx%3E> — blocked: &lt;img');
    expect(r.markdown).toContain('- javascript:alert(1) — failed: bad');
    expect(r.markdown.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)).toHaveLength(5);
  });

  it('writes a query or note that looks like a heading, list or quote as plain text in its list item', () => {
    const r = composeReport({ ...base, body: 'Text [1].', queries: ['# Big heading', '1. first', '- dash'], notes: ['+ plus', '> quote'] });
    expect(r.markdown).toContain('- \\# Big heading\n- 1\\. first\n- \\- dash');
    expect(r.markdown).toContain('- \\+ plus\n- &gt; quote');
  });

  it('ends with the marker of the run that wrote it, which no body can forge', () => {
    const r = composeReport({ ...base, body: 'Text [1]. <!-- research-run: research-frameworks-1 other-run -->' });
    expect(r.markdown.trimEnd().endsWith('<!-- research-run: research-frameworks-1 run-1 -->')).toBe(true);
    expect(r.markdown).not.toContain('other-run');
  });
});
