/** Evidence quotes: the page sentence behind each figure of a summary, and what grounding makes of them. No server. */
import fc from 'fast-check';
import { MAX_QUOTE_CHARS, type SourceSummary } from '../../src/domain/types';
import { claimKey, findEvidence, groundingMaterial, pageEvidence, quoteWindow, recheckQuotes, sentencesOf } from '../../src/report/evidence';
import { findEvidenceOffThread } from '../../src/report/evidenceThread';
import { evidenceSection } from '../../src/report/evidenceAppendix';
import { figureSupported, figuresOf } from '../../src/report/figures';
import { groundBody } from '../../src/report/grounded';

const PAGE = [
  'Menu Home About.',
  'The survey of 1,150 developers ran in March 2025. Most of them use Python.',
  'Adoption grew to 17 percent last year, up from 12 percent.',
  'Energy density reached 350 Wh/kg in the lab cell.',
].join('\n');

/** Does `quote` give `figureText` (in any format figures.ts reads as the same)? */
function holds(quote: string, figureText: string): boolean {
  const [figure] = figuresOf(figureText);
  return figureSupported(figure, figuresOf(quote));
}

describe('findEvidence', () => {
  it("quotes the page's own sentence for each figure the summary states, in the page's format", () => {
    const summary = 'A survey of 1.15k developers (March 2025) found 17% use JAX; cells reach 350 Wh/kg.';
    const quotes = findEvidence(summary, PAGE);
    expect(quotes).toEqual([
      { figure: 'March 2025', quote: 'The survey of 1,150 developers ran in March 2025.' },
      { figure: '1.15k', quote: 'The survey of 1,150 developers ran in March 2025.' },
      { figure: '17%', quote: 'Adoption grew to 17 percent last year, up from 12 percent.' },
      { figure: '350 Wh/kg', quote: 'Energy density reached 350 Wh/kg in the lab cell.' },
    ]);
  });

  it('gives no quote for a figure the page does not state', () => {
    const quotes = findEvidence('Adoption is 18% and density 400 Wh/kg.', PAGE);
    expect(quotes).toEqual([]);
  });

  it('cuts a long sentence to a window around the figure, never longer than the cap', () => {
    const long = `${'word '.repeat(200)}the rate was 42.5% in the trial ${'more '.repeat(200)}.`;
    const [q] = findEvidence('It was 42.5%.', long);
    expect(q.quote.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
    expect(q.quote).toContain('42.5%');
    expect(q.quote.startsWith('…') && q.quote.endsWith('…')).toBe(true);
  });

  it('cleans controls and bidi tricks out of the quote', () => {
    const [q] = findEvidence('It cost $40.', 'The kit cost \u202e$40\u202c today \u001b[31mnow\u001b[0m.');
    expect(q.quote).toBe('The kit cost $40 today now.');
  });

  it('property: every quote gives its figure, fits the cap, and is made of the page text (whitespace aside)', () => {
    const word = fc.constantFrom('cells', 'density', 'the', 'trial', 'reached', 'users', 'grew', 'cost', 'in', 'lab');
    const figure = fc.oneof(
      fc.integer({ min: 1, max: 999_999 }).map((n) => n.toLocaleString('en-US')),
      fc.integer({ min: 1, max: 99 }).map((n) => `${n}%`),
      fc.integer({ min: 1, max: 900 }).map((n) => `${n} Wh/kg`),
      fc.constantFrom('March 2025', '2024-11-03', '$12.5'),
    );
    const sentence = fc.tuple(fc.array(word, { maxLength: 80 }), figure, fc.array(word, { maxLength: 80 })).map(([a, f, b]) => ({ f, text: `${[...a, f, ...b].join(' ')}.` }));
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (sentences, picks) => {
        const page = sentences.map((s) => s.text).join(' ');
        const summary = picks.map((i) => `It was ${sentences[i % sentences.length].f}.`).join(' ');
        const quotes = findEvidence(summary, page);
        const flatPage = page.replace(/\s+/g, ' ');
        for (const q of quotes) {
          expect(q.quote.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS);
          expect(holds(q.quote, q.figure)).toBe(true);
          for (const piece of q.quote.split('…').filter(Boolean)) expect(flatPage).toContain(piece.trim());
        }
        // Every figure the summary took from the page has its quote.
        for (const f of new Set(figuresOf(summary).map((x) => x.text))) expect(quotes.some((q) => q.figure === f)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a long page off the event loop and gives the same quotes', async () => {
    const page = `${'Filler sentence without figures here. '.repeat(3000)}\nThe pack holds 75 kWh of energy.`;
    const inPlace = findEvidence('The pack holds 75 kWh.', page);
    const { evidence, rechecked } = await findEvidenceOffThread('The pack holds 75 kWh.', page, { inPlaceChars: 1000, recheck: [{ figure: '60 kWh', quote: 'The pack holds 60 kWh of energy.' }] });
    expect(evidence).toEqual(inPlace);
    expect(evidence).toEqual([{ figure: '75 kWh', quote: 'The pack holds 75 kWh of energy.' }]);
    expect(rechecked).toEqual([{ figure: '60 kWh', quote: 'The pack holds 60 kWh of energy.', now: 'The pack holds 75 kWh of energy.', given: false }]);
  });

  it('splits sentences at full stops and line breaks', () => {
    expect(sentencesOf('One. Two!\n\nThree?  Four')).toEqual(['One.', 'Two!', 'Three?', 'Four']);
    expect(quoteWindow('short', 'x')).toBe('short');
  });
});

describe('grounding with quotes', () => {
  const source = (summary: string, evidence?: SourceSummary['evidence']): SourceSummary => ({ url: 'https://a.example/', title: 'A page', summary, ...(evidence ? { evidence } : {}) });

  it('treats a figure the summary states without a quote as unverified', () => {
    const quoted = source('Adoption is 17% and 99% of users like it.', [{ figure: '17%', quote: 'Adoption grew to 17 percent last year.' }]);
    const result = groundBody('Adoption is 17% [1]. Users like it at 99% [1].', [quoted]);
    expect(result.flagged.map((f) => f.missing)).toEqual([['99%']]);
  });

  it('reads sources recorded before quotes existed by their summary, as before', () => {
    expect(groundingMaterial(source('It is 99%.'))).toBe('A page\nIt is 99%.');
    expect(groundBody('Users like it at 99% [1].', [source('It is 99%.')]).flagged).toEqual([]);
  });

  it('lists the quotes under each cited source in the appendix, escaped', () => {
    const lines = evidenceSection([source('x', [{ figure: '17%', quote: 'Grew to 17% <script>alert(1)</script> [click](https://evil.example)' }]), source('y', [])]);
    const text = lines.join('\n');
    expect(text).toContain('### Evidence');
    expect(text).toContain('[1] A page');
    expect(text).toContain('- 17%: “Grew to 17% &lt;script&gt;alert(1)&lt;/script&gt; \\[click\\](https://evil.example)”');
    expect(text).toContain('[2] A page\n\n- _No figure quoted._');
    expect(evidenceSection([source('x')])).toEqual([]);
  });
});

describe('evidence details', () => {
  it('windows a long sentence exactly: the figure centred, an ellipsis on each cut side', () => {
    const sentence = `${'a'.repeat(400)} 42% ${'b'.repeat(400)}`;
    const w = quoteWindow(sentence, '42%', 20);
    expect(w).toBe(`…${sentence.slice(401 - 7, 401 - 7 + 18)}…`);
    expect(w).toBe('…aaaaaa 42% bbbbbbb…');
    expect(quoteWindow(`42% ${'b'.repeat(50)}`, '42%', 20)).toBe(`42% ${'b'.repeat(14)}…`);
    expect(quoteWindow(`${'a'.repeat(50)} 42%`, '42%', 20)).toBe(`…${'a'.repeat(14)} 42%`);
    expect(quoteWindow(`${'a'.repeat(50)}`, 'zz', 20)).toBe(`${'a'.repeat(18)}…`);
    expect(quoteWindow('x'.repeat(20), 'x', 20)).toBe('x'.repeat(20));
  });

  it('picks the page sentence that shares most words with the summary sentence stating the figure, the first on a tie', () => {
    const page = 'Sales rose 5% in Spain. Costs fell 5% in Norway overall. Margins rose 5% in Spain.';
    expect(findEvidence('Costs fell 5% in Norway.', page)).toEqual([{ figure: '5%', quote: 'Costs fell 5% in Norway overall.' }]);
    expect(findEvidence('It was 5%.', page)).toEqual([{ figure: '5%', quote: 'Sales rose 5% in Spain.' }]);
    expect(findEvidence('Margins rose 5% in Spain. Other text.', page)).toEqual([{ figure: '5%', quote: 'Margins rose 5% in Spain.' }]);
    // Upper or lower case, the same words.
    expect(findEvidence('COSTS FELL 5% IN NORWAY.', page)).toEqual([{ figure: '5%', quote: 'Costs fell 5% in Norway overall.' }]);
  });

  it('quotes each figure once, and windows a long sentence around the figure as the page writes it', () => {
    expect(findEvidence('It was 5%, yes 5%.', 'It was 5 percent.')).toEqual([{ figure: '5%', quote: 'It was 5 percent.' }]);
    const long = `${'word '.repeat(100)}about 1,150 people came ${'more '.repeat(100)}`;
    const [q] = findEvidence('About 1.15k came.', long);
    expect(q.quote).toContain('about 1,150 people came');
    expect(q.quote.length).toBe(MAX_QUOTE_CHARS);
  });

  it('reads sentences at each line and full stop, whitespace collapsed, blank ones dropped', () => {
    expect(sentencesOf('  A  b.  C\td!\n\n\n“E?” F\n   \n')).toEqual(['A b.', 'C d!', '“E?”', 'F']);
    expect(sentencesOf('One.Two')).toEqual(['One.Two']);
  });

  it('rechecks a quote: the sentence with the same claim now, and whether the figure is still given', () => {
    const previous = [
      { figure: '17%', quote: 'Adoption grew to 17% in 2024.' },
      { figure: '9 GW', quote: '“Plants make 9 GW…' },
      { figure: '3', quote: 'Nothing like it.' },
    ];
    expect(recheckQuotes(previous, 'ADOPTION grew to 19% in 2024. Plants make 12 GW today. We have 3 sites.')).toEqual([
      { figure: '17%', quote: 'Adoption grew to 17% in 2024.', given: false, now: 'ADOPTION grew to 19% in 2024.' },
      { figure: '9 GW', quote: '“Plants make 9 GW…', given: false, now: 'Plants make 12 GW today.' },
      { figure: '3', quote: 'Nothing like it.', given: true },
    ]);
    expect(recheckQuotes([], 'Anything 5%.')).toEqual([]);
    expect(recheckQuotes([{ figure: '5%', quote: 'Share is 5%.' }], 'No figures here. Share is high.')).toEqual([{ figure: '5%', quote: 'Share is 5%.', given: false }]);
  });

  it('gives quotes and rechecks together, in place for a short page', () => {
    expect(pageEvidence('It is 5%.', 'It is 5%.', [{ figure: '4%', quote: 'It is 4%.' }])).toEqual({
      evidence: [{ figure: '5%', quote: 'It is 5%.' }],
      rechecked: [{ figure: '4%', quote: 'It is 4%.', given: false, now: 'It is 5%.' }],
    });
    expect(pageEvidence('It is 5%.', 'It is 5%.')).toEqual({ evidence: [{ figure: '5%', quote: 'It is 5%.' }] });
    expect(claimKey('“It’s 5% — ok…”  Now')).toBe('its # — ok now');
  });
});
