/**
 * Citation numbers in a report point at sources the run read: numbers at and past the ends of the range,
 * repeated numbers, lists and ranges as models write them, and what is left of a sentence once a citation
 * goes. Without a server.
 */
import fc from 'fast-check';
import { checkCitations, stripModelReferences } from '../../src/report/citations';
import { composeReport } from '../../src/report/compose';

describe('citation numbers at and past the range of sources read', () => {
  it('keeps [1] and [n], drops [0] and [n+1]', () => {
    const check = checkCitations('First [1]. Last [3]. None [0]. Past [4].', 3);
    expect(check.text).toBe('First [1]. Last [2]. None. Past.');
    expect(check.cited).toEqual([1, 3]);
    expect(check.dropped).toEqual([0, 4]);
  });

  it('drops every number of a list that names no source, keeping the rest', () => {
    const check = checkCitations('Mixed [0, 2, 5].', 2);
    expect(check.text).toBe('Mixed [1].');
    expect(check.cited).toEqual([2]);
    expect(check.dropped).toEqual([0, 5]);
  });

  it('reads numbers of more than one digit', () => {
    const check = checkCitations('Twelfth [12]. Tenth [10, 11].', 12);
    expect(check.text).toBe('Twelfth [1]. Tenth [2][3].');
    expect(check.cited).toEqual([12, 10, 11]);
  });

  it('lists dropped numbers once each, in ascending order', () => {
    expect(checkCitations('a [12] b [0] c [7] d [12]', 5).dropped).toEqual([0, 7, 12]);
  });

  it('with no sources read, drops every citation', () => {
    const check = checkCitations('Claim [1]. Other [2, 3].', 0);
    expect(check).toEqual({ text: 'Claim. Other.', cited: [], dropped: [1, 2, 3] });
  });
});

describe('repeated numbers and the order of first use', () => {
  it('makes [1, 1] one [1]', () => {
    expect(checkCitations('Twice [1, 1].', 1).text).toBe('Twice [1].');
    expect(checkCitations('Twice [2,2] and [2 - 2].', 2).text).toBe('Twice [1] and [1].');
  });

  it('numbers sources in order of first use, and a later citation keeps its first number', () => {
    const check = checkCitations('B [2]. A [1]. B again [2]. C and A [3, 1].', 3);
    expect(check.text).toBe('B [1]. A [2]. B again [1]. C and A [3][2].');
    expect(check.cited).toEqual([2, 1, 3]);
  });

  it('renumbers any citations so they read [1], [2], ... in order of first use, each pointing at the same source (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 8 }), (groups, sourceCount) => {
        const body = groups.map((ids, i) => `Claim ${i} [${ids.join(', ')}].`).join(' ');
        const check = checkCitations(body, sourceCount);
        const valid = groups.flat().filter((id) => id >= 1 && id <= sourceCount);
        expect(check.cited).toEqual([...new Set(valid)]);
        expect(check.dropped).toEqual([...new Set(groups.flat().filter((id) => id < 1 || id > sourceCount))].sort((a, b) => a - b));
        // Every citation now names, by its new number, the source it named before.
        const renumbered = [...check.text.matchAll(/\[(\d+)\]/g)].map((m) => check.cited[Number(m[1]) - 1]);
        expect(renumbered).toEqual(groups.flatMap((ids) => [...new Set(ids.filter((id) => id >= 1 && id <= sourceCount))]));
      }),
      { numRuns: 200 },
    );
  });
});

describe('lists and ranges as models write them', () => {
  it.each([
    ['[1,2]', '[1][2]'],
    ['[1, 2]', '[1][2]'],
    ['[1 ,2]', '[1][2]'],
    ['[1-3]', '[1][2][3]'],
    ['[1 - 3]', '[1][2][3]'],
    ['[1–3]', '[1][2][3]'],
    ['[1 – 3]', '[1][2][3]'],
    ['[1, 3-4]', '[1][2][3]'],
  ])('%s becomes %s', (written, expected) => {
    expect(checkCitations(`Claim ${written}.`, 4).text).toBe(`Claim ${expected}.`);
  });

  it('expands a range up to fifty sources wide; a longer one cites its two ends', () => {
    expect(checkCitations('All [1-50].', 60).cited).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(checkCitations('Too wide [1-51].', 60).cited).toEqual([1, 51]);
  });

  it('reads a chained range as each of its numbers, and the report is still written', () => {
    const check = checkCitations('Chained [1-2-3] and [3–2-1].', 3);
    expect(check.cited).toEqual([1, 2, 3]);
    expect(check.text).toBe('Chained [1][2][3] and [3][2][1].');
    const body = 'Claim [1-2-3].';
    const sources = [1, 2, 3].map((n) => ({ url: `https://s${n}.example/`, title: `S${n}`, summary: 's' }));
    const report = composeReport({ topic: 't', body, sources, pages: [], queries: [], notes: [], offline: false, stoppedByBudget: false, run: { workflowId: 'w', runId: 'r' }, date: '2026-01-01' });
    expect(report.citedUrls).toEqual(sources.map((s) => s.url));
  });

  it('reads a reversed range as its two ends', () => {
    const check = checkCitations('Backwards [3-1].', 3);
    expect(check.cited).toEqual([3, 1]);
    expect(check.text).toBe('Backwards [1][2].');
  });

  it('leaves what is no citation alone: links with a number as text, footnotes, words in brackets', () => {
    const text = 'See [1](https://a.example/one), a note[^1], [see above] and [1a].';
    expect(checkCitations(text, 1)).toEqual({ text, cited: [], dropped: [] });
  });
});

describe('what is left of a sentence once a citation goes', () => {
  it('closes the gap before the punctuation that followed', () => {
    expect(checkCitations('a [9], b [9]; c [9]: d [9].', 1).text).toBe('a, b; c: d.');
  });

  it('closes the gap left by several dropped citations and tabs', () => {
    expect(checkCitations('Claim [7] [8].', 1).text).toBe('Claim.');
    expect(checkCitations('Claim\t[7].', 1).text).toBe('Claim.');
  });

});

describe('a reference list the model wrote anyway', () => {
  it.each(['References', 'references', 'SOURCES', 'Bibliography', 'Works Cited'])('is removed under "## %s"', (title) => {
    expect(stripModelReferences(`  Body [1].\n\n## ${title}\n[1] Made up, 2020.\n[2] Another.`)).toBe('  Body [1].');
  });

  it.each(['#', '##', '###'])('is removed under a level %s heading', (hashes) => {
    expect(stripModelReferences(`Body.\n${hashes} Sources\n- x`)).toBe('Body.');
    expect(stripModelReferences(`Body.\n${hashes}Sources  \n- x`)).toBe('Body.');
  });

  it('stays when the heading only mentions sources, or is the last line with nothing under it', () => {
    const body = 'Body.\n\n## Sources of energy\n\nCoal and gas.';
    expect(stripModelReferences(body)).toBe(body);
    expect(stripModelReferences('Body.\n## Sources')).toBe('Body.\n## Sources');
  });
});
