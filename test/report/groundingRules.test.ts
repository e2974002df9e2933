/**
 * The grounding check as a reader relies on it: which sentences and rows are checked, against which sources,
 * where the [unverified] mark goes, and what the appendix says. Without a server.
 */
import { citedIds, groundingAppendix, groundReport, splitSentences, UNVERIFIED_MARK } from '../../src/report/grounding';

const SOURCES = [
  'Source one: 17% of 1,150 developers use JAX (March 2025).',
  'Source two: throughput reached 2,900 images per second.',
  'Source three: the model has 7 billion parameters.',
];

describe('which sources a sentence cites', () => {
  it.each([
    ['[2]', [2]],
    ['[12]', [12]],
    ['[1,3]', [1, 3]],
    ['[3 , 1]', [3, 1]],
    ['[1-3]', [1, 2, 3]],
    ['[2 – 3]', [2, 3]],
    ['[3-1]', [3, 1]],
    ['[1-60]', [1, 60]],
    ['[2] and [2, 1]', [2, 1]],
  ])('%s cites %j', (citation, ids) => {
    expect(citedIds(`A claim ${citation}.`)).toEqual(ids);
  });

  it('reads no citation in a link with a number as its text, or in a footnote', () => {
    expect(citedIds('See [1](https://x.example) and a note[^2].')).toEqual([]);
  });

  it('checks a sentence citing a backwards range against both ends', () => {
    expect(groundReport('JAX is used by 17% [3-1].', SOURCES).flagged).toEqual([]);
    expect(groundReport('JAX is used by 18% [3-1].', SOURCES).flagged).toEqual([{ sentence: 'JAX is used by 18% [3-1].', cited: [3, 1], missing: ['18%'] }]);
  });
});

describe('where a sentence ends', () => {
  it.each([
    ['Revenue rose 5%. Costs fell 2%.', ['Revenue rose 5%.', 'Costs fell 2%.']],
    ['Did it rise? Yes! It did.', ['Did it rise?', 'Yes!', 'It did.']],
    ['He said "it rose." Then it fell.', ['He said "it rose."', 'Then it fell.']],
    ['It rose (by 5%.) Then it fell.', ['It rose (by 5%.)', 'Then it fell.']],
    ['It rose. 2024 was a record.', ['It rose.', '2024 was a record.']],
    ['It rose. "Record," they said.', ['It rose.', '"Record," they said.']],
    ['It rose. (A record.)', ['It rose.', '(A record.)']],
    ['It rose. [1] Then it fell.', ['It rose. [1]', 'Then it fell.']],
    ['It rose. [1, 2] [3] Then it fell. [4]', ['It rose. [1, 2] [3]', 'Then it fell. [4]']],
    ['It rose. [1]', ['It rose. [1]']],
    ['[1] It rose.', ['[1] It rose.']],
    ['Über 5% stiegen. Émile agreed.', ['Über 5% stiegen.', 'Émile agreed.']],
  ])('%j splits into %j', (line, sentences) => {
    expect(splitSentences(line)).toEqual(sentences);
  });

  it('splits at any run of spaces after the full stop', () => {
    expect(splitSentences('It rose.  Then it fell.\tAgain.')).toEqual(['It rose.', 'Then it fell.', 'Again.']);
  });

  it.each(['It rose e.g. by 5%.', 'Version 3.5 is out.', 'It rose.Then it fell.', 'It rose. then it fell.'])('%j stays one sentence', (line) => {
    expect(splitSentences(line)).toEqual([line]);
  });

  it('checks each sentence against its own citations only', () => {
    const result = groundReport('Throughput was 2,900 images per second [2]. JAX is used by 17% [2].', SOURCES);
    expect(result.citedSentences).toBe(2);
    expect(result.flagged.map((f) => f.sentence)).toEqual(['JAX is used by 17% [2].']);
  });
});

describe('which lines are checked', () => {
  it.each([
    ['# 99 problems [1]', 'a heading'],
    ['###### 99 problems [1]', 'a level-6 heading'],
    ['| --- | --- |', 'a table rule'],
    ['|:---|---:|', 'an aligned table rule'],
    ['---', 'a thematic break'],
    ['', 'an empty line'],
  ])('leaves %j alone (%s)', (line) => {
    const result = groundReport(line, SOURCES);
    expect(result).toEqual({ text: line, citedSentences: 0, flagged: [] });
  });

  it('leaves an indented heading alone', () => {
    expect(groundReport('   ## 99 problems [1]', SOURCES).flagged).toEqual([]);
  });

  it('checks a line with dashes inside it', () => {
    expect(groundReport('Growth --- 42% --- was high [1].', SOURCES).flagged).toHaveLength(1);
  });

  it('checks a line that only looks like a heading', () => {
    expect(groundReport('#99 problems [1]', SOURCES).flagged).toHaveLength(1);
    expect(groundReport('####### 99 problems [1]', SOURCES).flagged).toHaveLength(1);
  });

  it('checks list items and quotes', () => {
    const result = groundReport('- 99 problems [1]\n> 98 problems [2]\n  1. 97 problems [3]', SOURCES);
    expect(result.citedSentences).toBe(3);
    expect(result.flagged.map((f) => f.missing)).toEqual([['99'], ['98'], ['97']]);
  });

  it('leaves code blocks alone, and checks again after the block', () => {
    const body = 'Before 11 [1].\n```text\nInside 22 [1].\n```\nAfter 33 [1].\n  ```\nIndented fence 44 [1].\n  ```';
    const result = groundReport(body, SOURCES);
    expect(result.flagged.map((f) => f.missing)).toEqual([['11'], ['33']]);
    expect(result.text).toBe(
      `Before 11 ${UNVERIFIED_MARK} [1].\n\`\`\`text\nInside 22 [1].\n\`\`\`\nAfter 33 ${UNVERIFIED_MARK} [1].\n  \`\`\`\nIndented fence 44 [1].\n  \`\`\``,
    );
  });

  it('counts cited sentences only', () => {
    const result = groundReport('Uncited 99. Cited 17% [1]. Also uncited.\n\nCited again 2,900 [2].', SOURCES);
    expect(result.citedSentences).toBe(2);
    expect(result.flagged).toEqual([]);
  });

  it('passes a cited sentence without figures', () => {
    expect(groundReport('JAX is popular [1].', SOURCES)).toEqual({ text: 'JAX is popular [1].', citedSentences: 1, flagged: [] });
  });
});

describe('the mark and the flagged sentence', () => {
  it('puts the mark before the first citation', () => {
    expect(groundReport('We saw 42% [1][2] and more.', SOURCES).text).toBe(`We saw 42% ${UNVERIFIED_MARK} [1][2] and more.`);
    expect(groundReport('We saw 42%  [1].', SOURCES).text).toBe(`We saw 42% ${UNVERIFIED_MARK} [1].`);
  });

  it('marks only the failing sentence of a line, in place', () => {
    const body = 'Good: 17% [1]. Bad: 42% [1]. Good again: 2,900 [2].';
    expect(groundReport(body, SOURCES).text).toBe(`Good: 17% [1]. Bad: 42% ${UNVERIFIED_MARK} [1]. Good again: 2,900 [2].`);
  });

  it('marks a failing table row in its last cell', () => {
    const body = '| Claim | Figure |\n| --- | --- |\n| Survey [1] | 3,000 people |\n| Speed [2] | 2,900 images |';
    const result = groundReport(body, SOURCES);
    expect(result.citedSentences).toBe(2);
    expect(result.text.split('\n')[2]).toBe(`| Survey [1] | 3,000 people ${UNVERIFIED_MARK} |`);
    expect(result.text.split('\n')[3]).toBe('| Speed [2] | 2,900 images |');
    expect(result.flagged[0]).toEqual({ sentence: '| Survey [1] | 3,000 people |', cited: [1], missing: ['3,000'] });
  });

  it('marks a row however it is indented or ended', () => {
    const indented = groundReport('  | Survey [1] | 3,000 people |  ', SOURCES);
    expect(indented.text).toBe(`  | Survey [1] | 3,000 people ${UNVERIFIED_MARK} |`);
    expect(indented.flagged[0]!.sentence).toBe('  | Survey [1] | 3,000 people |  ');
    const open = groundReport('| Fine. Survey [1] | 3,000 people  ', SOURCES);
    expect(open.text).toBe(`| Fine. Survey [1] | 3,000 people ${UNVERIFIED_MARK}`);
    expect(open.flagged[0]!.sentence).toBe('| Fine. Survey [1] | 3,000 people  ');
  });

  it('counts an indented row the verification pass kept as verified', () => {
    const row = '  | Survey [1] | 3,000 people |';
    expect(groundReport(row, SOURCES, new Set([row.trim()]))).toEqual({ text: row, citedSentences: 1, flagged: [] });
  });

  it('checks a row whole, even when it holds several sentences', () => {
    const result = groundReport('| One. Two 5% [1]. | Three 6%. |', SOURCES);
    expect(result.citedSentences).toBe(1);
    expect(result.flagged[0]!.missing).toEqual(['5%', '6%']);
  });

  it('lists each missing figure once, as written', () => {
    const result = groundReport('From 42% to 42% and 7 billion [3].', SOURCES);
    expect(result.flagged).toEqual([{ sentence: 'From 42% to 42% and 7 billion [3].', cited: [3], missing: ['42%'] }]);
  });

  it('reads no figure in the citation numbers themselves', () => {
    expect(groundReport('JAX is popular [3].', SOURCES).flagged).toEqual([]);
    expect(groundReport('It has 7 billion parameters [3, 12].', SOURCES).flagged).toEqual([]);
  });

  it('finds nothing for a source it was not given', () => {
    expect(groundReport('It reached 2,900 [4].', SOURCES).flagged[0]!.missing).toEqual(['2,900']);
  });

  it('counts a sentence the verification pass kept as verified, and only that sentence', () => {
    const body = 'Bad: 42% [1]. Also bad: 43% [1].';
    const result = groundReport(body, SOURCES, new Set(['Bad: 42% [1].']));
    expect(result.citedSentences).toBe(2);
    expect(result.flagged.map((f) => f.sentence)).toEqual(['Also bad: 43% [1].']);
  });
});

describe('the appendix', () => {
  const escape = (text: string) => `«${text}»`;

  it('gives the figures and nothing else when no sentence was flagged', () => {
    expect(groundingAppendix({ citedSentences: 4, flagged: [] }, escape)).toEqual([
      '### Grounding check',
      '',
      'Cited sentences: 4 · verified: 4 · flagged: 0. A sentence is verified when every number (with its unit), percentage and date in it appears in at least one source it cites.',
    ]);
  });

  it('lists each flagged sentence without its citations or mark, escaped, with the missing figures', () => {
    const result = groundReport('Bad: 42% and 7 million [1, 2] , really [3]. Fine: 17% [1].', SOURCES);
    const lines = groundingAppendix(result, escape);
    expect(lines[2]).toBe(
      'Cited sentences: 2 · verified: 1 · flagged: 1. A sentence is verified when every number (with its unit), percentage and date in it appears in at least one source it cites.',
    );
    expect(lines.slice(3)).toEqual(['', 'Sentences marked [unverified]:', '', '- “«Bad: 42% and 7 million, really.»” — no cited source gives «42%», «7 million»']);
  });

  it('quotes a sentence without a mark the model wrote in it, and with its spaces closed up', () => {
    const result = groundReport('[unverified] Bad:  42%   here [1] .', SOURCES);
    expect(groundingAppendix(result, escape).at(-1)).toBe('- “«Bad: 42% here.»” — no cited source gives «42%»');
  });

  it('says what the verification pass did', () => {
    const lines = groundingAppendix({ citedSentences: 5, flagged: [] }, escape, { kept: 1, fixed: 2, dropped: 3 });
    expect(lines.slice(3)).toEqual(['', 'A verification pass reviewed the flagged sentences against their sources: kept 1, fixed 2, dropped 3.']);
  });
});
