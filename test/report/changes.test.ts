/** The diff between two runs of a schedule, and the section it becomes. No server. */
import fc from 'fast-check';
import { referenceNumbers, withSectionFirst } from '../../src/domain/changeReport';
import { changeLine, claimKey, type ComparedSource, diffRuns, isEmptyDiff } from '../../src/report/changes';
import { changeSection, citeBy, cleanProse } from '../../src/report/changeSection';
import { recheckQuotes } from '../../src/report/evidence';

const src = (url: string, ...quotes: [string, string][]): ComparedSource => ({ url, title: `Title ${url.slice(-1)}`, evidence: quotes.map(([figure, quote]) => ({ figure, quote })) });
const A = 'https://a.example/a';
const B = 'https://b.example/b';
const C = 'https://c.example/c';

describe('diffRuns', () => {
  const before = [src(A, ['17%', 'Adoption grew to 17% in 2024.'], ['2024', 'Adoption grew to 17% in 2024.'], ['350 Wh/kg', 'Cells reach 350 Wh/kg.']), src(B, ['40', 'The team has 40 people.'])];

  it('lists new and gone sources, a changed figure with both quotes, and a finding no longer given', () => {
    const after = [src(A, ['21%', 'Adoption grew to 21% in 2024.'], ['2024', 'Adoption grew to 21% in 2024.']), src(C, ['9', 'Nine out of 9.'])];
    const diff = diffRuns(before, after, [{ url: B, status: 'blocked', reason: 'a bot wall' }]);
    expect(diff.added).toEqual([{ url: C, title: 'Title c' }]);
    expect(diff.removed).toEqual([{ url: B, title: 'Title b', why: 'unreadable', reason: 'a bot wall' }]);
    expect(diff.changed).toEqual([{ url: A, title: 'Title a', from: ['17%'], to: ['21%'], before: 'Adoption grew to 17% in 2024.', after: 'Adoption grew to 21% in 2024.' }]);
    expect(diff.unsupported).toEqual([{ url: A, title: 'Title a', figure: '350 Wh/kg', quote: 'Cells reach 350 Wh/kg.' }]);
    expect(changeLine(diff)).toBe('1 new source, 1 source gone, 1 figure changed, 1 finding unsupported');
  });

  it('says a source no search chose any more is gone, not unreadable', () => {
    expect(diffRuns(before, [before[0]]).removed).toEqual([{ url: B, title: 'Title b', why: 'gone' }]);
  });

  it('finds nothing between a run and itself, and ignores order', () => {
    expect(isEmptyDiff(diffRuns(before, [...before].reverse()))).toBe(true);
    expect(changeLine(diffRuns(before, before))).toBe('no change in sources or quoted figures');
    expect(changeLine(undefined)).toBe('first run: nothing to compare yet');
  });

  it('masks figures to tell the same claim', () => {
    expect(claimKey('Adoption grew to 17% in March 2024.')).toBe(claimKey('Adoption grew to 21 percent in May 2025.'));
    expect(claimKey('Adoption grew to 17%.')).not.toBe(claimKey('Churn grew to 17%.'));
  });

  it('property: a figure changed in one sentence of a page is found as exactly that change, and nothing else', () => {
    const sentence = fc.tuple(fc.constantFrom('Cells', 'Sales', 'Users', 'Costs', 'Plants'), fc.constantFrom('reached', 'fell to', 'grew to', 'stood at'), fc.constantFrom('%', ' Wh/kg', ' GW'));
    fc.assert(
      fc.property(
        fc.uniqueArray(sentence, { minLength: 1, maxLength: 6, selector: ([s, v]) => `${s} ${v}` }),
        fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 6, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 1, max: 50 }),
        (shapes, values, pick, delta) => {
          const quote = (i: number, v: number) => `${shapes[i][0]} ${shapes[i][1]} ${v}${shapes[i][2]} this year.`;
          const quotes = (vals: number[]) => shapes.map((_, i): [string, string] => [`${vals[i]}${shapes[i][2]}`, quote(i, vals[i])]);
          const changedAt = pick % shapes.length;
          const next = values.map((v, i) => (i === changedAt ? v + delta : v));
          const diff = diffRuns([src(A, ...quotes(values))], [src(A, ...quotes(next))]);
          expect(diff.added).toEqual([]);
          expect(diff.removed).toEqual([]);
          expect(diff.unsupported).toEqual([]);
          expect(diff.changed).toEqual([{ url: A, title: 'Title a', from: [`${values[changedAt]}${shapes[changedAt][2]}`], to: [`${next[changedAt]}${shapes[changedAt][2]}`], before: quote(changedAt, values[changedAt]), after: quote(changedAt, next[changedAt]) }]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: deterministic, and sources only in one run are exactly the added and removed', () => {
    const urls = fc.uniqueArray(fc.integer({ min: 0, max: 30 }).map((n) => `https://s${n}.example/p`), { maxLength: 10 });
    fc.assert(
      fc.property(urls, urls, (a, b) => {
        const before = a.map((u) => src(u, ['5%', `Share is 5% at ${u}.`]));
        const after = b.map((u) => src(u, ['5%', `Share is 5% at ${u}.`]));
        const diff = diffRuns(before, after);
        expect(diffRuns(before, after)).toEqual(diff);
        expect(diff.added.map((s) => s.url).sort()).toEqual(b.filter((u) => !a.includes(u)).sort());
        expect(diff.removed.map((s) => s.url).sort()).toEqual(a.filter((u) => !b.includes(u)).sort());
        expect(diff.changed).toEqual([]);
      }),
    );
  });
});

describe('diffRuns over quotes rechecked in the page as it reads now', () => {
  const previous = [src(A, ['17%', 'Adoption grew to 17% in 2024.'], ['350 Wh/kg', 'Cells reach 350 Wh/kg.'], ['40', 'The team has 40 people.'])];
  const page = 'Intro. Adoption grew to 21% in 2024. The team has 40 people. Cells are new.';
  // This run's summary mentions none of those figures: the page, not the summary, decides.
  const now = (text: string): ComparedSource => ({ url: A, title: 'Title a', evidence: [], rechecked: recheckQuotes(previous[0].evidence!, text) });

  it('finds the changed figure and the figure the page no longer gives, and nothing the summary merely left out', () => {
    const diff = diffRuns(previous, [now(page)]);
    expect(diff.changed).toEqual([{ url: A, title: 'Title a', from: ['17%'], to: ['21%'], before: 'Adoption grew to 17% in 2024.', after: 'Adoption grew to 21% in 2024.' }]);
    expect(diff.unsupported).toEqual([{ url: A, title: 'Title a', figure: '350 Wh/kg', quote: 'Cells reach 350 Wh/kg.' }]);
    expect(changeLine(diff)).toBe('0 new sources, 0 sources gone, 1 figure changed, 1 finding unsupported');
  });

  it('finds no change when the page reads as before', () => {
    expect(isEmptyDiff(diffRuns(previous, [now('Adoption grew to 17% in 2024. Cells reach 350 Wh/kg. The team has 40 people.')]))).toBe(true);
  });

  it('counts a figure still given elsewhere on the page as supported', () => {
    expect(diffRuns(previous, [now('Adoption grew to 17% in 2024. The team has 40 people. A cell of 350 Wh/kg was shown.')]).unsupported).toEqual([]);
  });
});

describe('diff details', () => {
  it('quote path: two claims of one shape pair in order; a dropped figure is looked for elsewhere; a figure still quoted elsewhere is no loss', () => {
    const before = [src(A, ['5%', 'Share is 5% now.'], ['6%', 'Share is 6% now.'], ['7 GW', 'Plants make 7 GW.'], ['8', 'Eight: 8 units.'])];
    const after = [src(A, ['9%', 'Share is 9% now.'], ['6%', 'Share is 6% now.'], ['7 GW', 'In all 7 GW.'], ['1', 'Eight: 8 units and 1 more.'])];
    const diff = diffRuns(before, after);
    expect(diff.changed).toEqual([{ url: A, title: 'Title a', from: ['5%'], to: ['9%'], before: 'Share is 5% now.', after: 'Share is 9% now.' }]);
    expect(diff.unsupported).toEqual([]);
    const grown = diffRuns([src(A, ['5%', 'Share is 5%.'])], [src(A, ['5%', 'Share is 5% of 2,000.'])]);
    expect(grown.changed).toEqual([]);
    const claimGrown = diffRuns([src(A, ['5%', 'Share is 5%.'])], [src(A, ['5%', 'Share is 5%.'], ['7%', 'Share is 7%.'])]);
    expect(claimGrown.changed).toEqual([]);
    // A figure dropped from the sentence makes it another claim: the figure is then looked for in the other quotes.
    const dropped = diffRuns([src(A, ['2,000', 'Share is 5% of 2,000 in all.'])], [src(A, ['5%', 'Share is 5% of in all.'])]);
    expect(dropped.changed).toEqual([]);
    expect(dropped.unsupported).toEqual([{ url: A, title: 'Title a', figure: '2,000', quote: 'Share is 5% of 2,000 in all.' }]);
    // The same quote twice (two figures of one sentence) is compared once, each of its lost figures listed.
    const twice = diffRuns([src(A, ['5%', 'Up 5% to 9 GW.'], ['9 GW', 'Up 5% to 9 GW.'])], [src(A, ['1', 'Other 1.'])]);
    expect(twice.unsupported.map((u) => u.figure)).toEqual(['5%', '9 GW']);
    // A figure text that reads as no figure supports nothing and is not listed.
    expect(diffRuns([src(A, ['H100', 'The H100 shipped 5 units.'])], [src(A)]).unsupported).toEqual([]);
    // A source without quotes on either side.
    expect(isEmptyDiff(diffRuns([{ url: A, title: 'T' }], [{ url: A, title: 'T' }]))).toBe(true);
  });

  it('rechecked path: a claim that reads the same, reworded, or with only a figure added', () => {
    const before = [src(A, ['5%', 'Share is 5% now.'], ['5%', 'Share is 5% now.'], ['7 GW', 'Plants make 7 GW.'])];
    const same = { url: A, title: 'Title a', rechecked: [{ quote: 'Share is 5% now.', figure: '5%', given: true, now: 'Share is 5% now.' }, { quote: 'Plants make 7 GW.', figure: '7 GW', given: false }] };
    expect(diffRuns(before, [same]).changed).toEqual([]);
    expect(diffRuns(before, [same]).unsupported).toEqual([{ url: A, title: 'Title a', figure: '7 GW', quote: 'Plants make 7 GW.' }]);
    const windowed = { ...same, rechecked: [{ quote: 'Share is 5% now.', figure: '5%', given: true, now: '…Share is 5% now.' }] };
    expect(isEmptyDiff(diffRuns(before.map((b) => ({ ...b, evidence: b.evidence!.slice(0, 1) })), [windowed]))).toBe(true);
    const more = { ...same, rechecked: [{ quote: 'Share is 5% now.', figure: '5%', given: true, now: 'Share is 5% now 3 times.' }] };
    expect(diffRuns(before.map((b) => ({ ...b, evidence: b.evidence!.slice(0, 1) })), [more]).changed).toEqual([
      { url: A, title: 'Title a', from: [], to: ['3 times'], before: 'Share is 5% now.', after: 'Share is 5% now 3 times.' },
    ]);
    const notRechecked = { url: A, title: 'Title a', rechecked: [] };
    expect(isEmptyDiff(diffRuns(before, [notRechecked]))).toBe(true);
  });

  it('counts every kind in the line, plural or not', () => {
    const two = { added: [1, 2], removed: [1, 2], changed: [1, 2], unsupported: [1, 2] } as unknown as Parameters<typeof changeLine>[0];
    expect(changeLine(two)).toBe('2 new sources, 2 sources gone, 2 figures changed, 2 findings unsupported');
    const one = { added: [1], removed: [], changed: [], unsupported: [] } as unknown as NonNullable<Parameters<typeof changeLine>[0]>;
    expect(isEmptyDiff(one)).toBe(false);
    expect(isEmptyDiff({ ...one, removed: [1] } as unknown as typeof one)).toBe(false);
  });
});

describe('the What changed section', () => {
  it('says there is nothing to compare on a first run', () => {
    expect(changeSection({ cite: citeBy({}) })).toBe("## What changed since the last run\n\nNothing to compare yet: this is the schedule's first completed run.");
  });

  it('lists every item with its citation, names a gone source without a link, and escapes web text', () => {
    const diff = diffRuns([src(B, ['40', 'Team of 40 <b>people</b>.']), src(A, ['17%', 'Up 17% [x](https://evil.example).'])], [src(A, ['21%', 'Up 21% [x](https://evil.example).']), src(C)]);
    const section = changeSection({ since: '2026-12-07T21:40:05.000Z', diff, prose: 'Two things changed [1] [9], see https://evil.example and [here](https://x.example).', cite: citeBy({ [A]: 1 }) });
    expect(section).toContain('## What changed since 2026-12-07 21:40 UTC');
    expect(section).toContain('Two things changed [1], see and here.');
    expect(section).toContain('- *Title c* (<https://c.example/c>)');
    expect(section).toContain('- *Title b* (b.example): no longer among the pages read');
    expect(section).toContain('- *Title a* [1]: 17% → 21%. Before: “Up 17% \\[x\\](https://evil.example).” Now: “Up 21% \\[x\\](https://evil.example).”');
    expect(section).not.toContain('<b>');
  });

  it('writes the whole section: prose, note, then each kind of change in order', () => {
    const diff = {
      added: [{ url: C, title: 'New *page*' }],
      removed: [
        { url: B, title: 'Old', why: 'unreadable' as const, reason: 'HTTP 404 <x>' },
        { url: 'https://d.example/d', title: '', why: 'unreadable' as const },
      ],
      changed: [{ url: A, title: 'Title a', from: ['17%'], to: [], before: 'Up 17%.', after: 'Up.' }],
      unsupported: [{ url: A, title: 'Title a', figure: '9 GW', quote: 'It makes 9 GW.' }],
    };
    const section = changeSection({ since: '2026-12-07T08:05:00.000Z', diff, prose: 'It changed [12] [3].', note: 'A note.', cite: citeBy({ [A]: 12, [C]: 3 }) });
    expect(section).toBe(
      [
        '## What changed since 2026-12-07 08:05 UTC',
        '',
        'It changed [12] [3].',
        '',
        '_A note._',
        '',
        '**New sources**',
        '',
        '- *New \\*page\\** [3]',
        '',
        '**Sources gone or unreadable now**',
        '',
        '- *Old* (b.example): unreadable now (HTTP 404 &lt;x&gt;)',
        '- *d.example* (d.example): unreadable now',
        '',
        '**Figures changed**',
        '',
        '- *Title a* [12]: 17% → —. Before: “Up 17%.” Now: “Up.”',
        '',
        '**Findings no longer supported**',
        '',
        '- *Title a* [12]: 9 GW, quoted before as “It makes 9 GW.”',
      ].join('\n'),
    );
  });

  it('says so when nothing changed, and leaves out the prose and note it was not given', () => {
    const empty = { added: [], removed: [], changed: [], unsupported: [] };
    expect(changeSection({ since: '2026-12-07T08:05:00.000Z', diff: empty, prose: 'ignored', cite: citeBy({}) })).toBe(
      '## What changed since 2026-12-07 08:05 UTC\n\nNo change: the same sources were read, and every quoted figure reads as before.',
    );
    const added = { ...empty, added: [{ url: C, title: 'N' }] };
    expect(changeSection({ since: '2026-12-07T08:05:00.000Z', diff: added, cite: citeBy({}) })).toBe('## What changed since 2026-12-07 08:05 UTC\n\n**New sources**\n\n- *N* (<https://c.example/c>)');
    expect(changeSection({ since: '2026-12-07T08:05:00.000Z', diff: added, prose: '  ', cite: citeBy({}) })).toBe('## What changed since 2026-12-07 08:05 UTC\n\n**New sources**\n\n- *N* (<https://c.example/c>)');
    // A previous run without sources to compare: its note, not the first-run line.
    expect(changeSection({ since: '2026-12-07T08:05:00.000Z', note: 'Nothing kept.', cite: citeBy({}) })).toBe('## What changed since the last run\n\nNothing kept.');
    expect(changeSection({ diff: added, cite: citeBy({}) })).toBe("## What changed since the last run\n\nNothing to compare yet: this is the schedule's first completed run.");
  });

  it('takes every link and URL out of the prose, keeping their words', () => {
    const allowed = new Set(['[12]']);
    expect(cleanProse('See [the page](https://x.example/a) ![img](https://y.example/i.png) ftp://z.example/f www.w.example/p [12].', allowed)).toBe('See the page img [12].');
    expect(cleanProse('A  lot ,of   space [12] ; here', allowed)).toBe('A lot,of space [12]; here');
    expect(cleanProse('Bold **x** [12]x [1]', allowed)).toBe('Bold \\*\\*x\\*\\* [12]x');
    expect(cleanProse(' [12] lead', allowed)).toBe('[12] lead');
  });

  it('keeps only citations the section gives', () => {
    expect(cleanProse('A [2] and [3].', new Set(['[2]']))).toBe('A [2] and.');
  });

  it('goes right after the title, citing by the references list', () => {
    const md = '> offline\n\n# Title\n\nBody [1].\n\n## References\n\n[1] *A*. (n.d.). a.example. Retrieved 2026-12-07, from <https://a.example/a>\n\n## Appendix: how\n';
    expect(referenceNumbers(md)).toEqual({ [A]: 1 });
    expect(withSectionFirst(md, '## What changed\n\nx')).toBe('> offline\n\n# Title\n\n## What changed\n\nx\n\nBody [1].\n\n## References\n\n[1] *A*. (n.d.). a.example. Retrieved 2026-12-07, from <https://a.example/a>\n\n## Appendix: how\n');
  });
});
