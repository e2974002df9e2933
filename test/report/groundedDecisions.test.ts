/**
 * The verification pass's decisions as they reach the report: a kept sentence stands as written (whatever
 * text the model sent along), a fixed one is replaced only by real text, a dropped one leaves no gap; and
 * the grounded report's appendix says what was checked and reviewed, before the run's marker. Without a
 * server.
 */
import { applyDecisions, composeGrounded, groundBody, type ReviewDecision } from '../../src/report/grounded';
import { UNVERIFIED_MARK } from '../../src/report/grounding';
import { runMarker } from '../../src/report/runMarker';

const SOURCES = [
  { url: 'https://a.example/survey', title: 'Survey of 1,150 developers', summary: '17% of them use JAX.' },
  { url: 'https://b.example/speed', title: 'Speed', summary: 'Throughput reached 2,900 images per second.' },
];
const BAD = 'Throughput was 3,100 images per second [2].';
const BODY = `Of 1150 developers, 17% use JAX [1]. ${BAD} Both matter.`;

describe('applying the decisions', () => {
  it('keeps a kept sentence as written, even when the decision carries text', () => {
    const decisions: ReviewDecision[] = [{ sentence: BAD, action: 'keep', text: 'Throughput was 2,900 images per second [2].' }];
    expect(applyDecisions(BODY, decisions)).toBe(BODY);
  });

  it('replaces a fixed sentence with its text, on one line and trimmed', () => {
    const decisions: ReviewDecision[] = [{ sentence: BAD, action: 'fix', text: '  Throughput was\n2,900 images\r\nper second [2].  ' }];
    expect(applyDecisions(BODY, decisions)).toBe('Of 1150 developers, 17% use JAX [1]. Throughput was 2,900 images per second [2]. Both matter.');
  });

  it('keeps a sentence whose fix carries no text, or only spaces', () => {
    expect(applyDecisions(BODY, [{ sentence: BAD, action: 'fix' }])).toBe(BODY);
    expect(applyDecisions(BODY, [{ sentence: BAD, action: 'fix', text: ' \n\t ' }])).toBe(BODY);
  });

  it('drops a dropped sentence and the gap it leaves', () => {
    expect(applyDecisions(BODY, [{ sentence: BAD, action: 'drop' }])).toBe('Of 1150 developers, 17% use JAX [1]. Both matter.');
    expect(applyDecisions(`A [1].\t${BAD}\tB.`, [{ sentence: BAD, action: 'drop' }])).toBe('A [1]. B.');
  });

  it('applies several decisions, and ignores one for a sentence that is not there', () => {
    const decisions: ReviewDecision[] = [
      { sentence: 'Both matter.', action: 'drop' },
      { sentence: 'Not in the body [1].', action: 'fix', text: 'Invented [1].' },
      { sentence: BAD, action: 'fix', text: 'Throughput was 2,900 images per second [2].' },
    ];
    expect(applyDecisions(BODY, decisions)).toBe('Of 1150 developers, 17% use JAX [1]. Throughput was 2,900 images per second [2]. ');
  });
});

describe('grounding the body after the decisions', () => {
  it('flags the figure no cited source gives, and reads the source titles as well as their summaries', () => {
    const result = groundBody(BODY, SOURCES);
    expect(result.citedSentences).toBe(2);
    expect(result.flagged.map((f) => f.missing)).toEqual([['3,100']]);
    expect(result.text).toContain(`3,100 images per second ${UNVERIFIED_MARK} [2].`);
  });

  it('counts a kept sentence as verified, matched whatever spaces the decision carries', () => {
    const result = groundBody(BODY, SOURCES, [{ sentence: `  ${BAD} `, action: 'keep' }]);
    expect(result).toEqual({ text: BODY, citedSentences: 2, flagged: [] });
  });

  it('does not exempt a sentence that was fixed or dropped, only kept ones', () => {
    const fixed = groundBody(BODY, SOURCES, [{ sentence: BAD, action: 'fix', text: 'Throughput was 3,200 images per second [2].' }]);
    expect(fixed.flagged.map((f) => f.missing)).toEqual([['3,200']]);
    const dropped = groundBody(BODY, SOURCES, [{ sentence: BAD, action: 'drop' }]);
    expect(dropped).toEqual({ text: 'Of 1150 developers, 17% use JAX [1]. Both matter.', citedSentences: 1, flagged: [] });
  });
});

describe('the grounded report', () => {
  const parts = {
    topic: 'ML frameworks',
    run: { workflowId: 'research-ml-1', runId: 'run-1' },
    sources: SOURCES,
    pages: [],
    queries: ['ml frameworks'],
    notes: [],
    offline: false,
    stoppedByBudget: false,
    date: '2026-01-01',
  };

  it('puts the grounding appendix, escaped, before the run marker, and reports the flagged sentences', () => {
    const body = 'A <b>bold</b> claim of 42% [1].';
    const report = composeGrounded(parts, groundBody(body, SOURCES));
    const md = report.markdown;
    const appendix = md.indexOf('### Grounding check');
    expect(appendix).toBeGreaterThan(md.indexOf('## References'));
    expect(md.indexOf(runMarker(parts.run))).toBeGreaterThan(appendix);
    expect(md.trimEnd().endsWith(runMarker(parts.run))).toBe(true);
    expect(md).toContain('Cited sentences: 1 · verified: 0 · flagged: 1.');
    expect(md).toContain('- “A &lt;b&gt;bold&lt;/b&gt; claim of 42%.” — no cited source gives 42%');
    expect(report.citedSentences).toBe(1);
    expect(report.flagged).toEqual([{ sentence: body, cited: [1], missing: ['42%'] }]);
    expect(report.citedUrls).toEqual(['https://a.example/survey']);
  });

  it('writes the appendix as its own block of lines', () => {
    const md = composeGrounded(parts, groundBody(BODY, SOURCES)).markdown;
    const lines = md.split('\n');
    const at = lines.indexOf('### Grounding check');
    expect(lines[at - 1]).toBe('');
    expect(lines[at + 1]).toBe('');
    expect(lines[at + 2]).toMatch(/^Cited sentences: 2 · verified: 1 · flagged: 1\. /);
    expect(lines[lines.indexOf(runMarker(parts.run)) - 1]).toBe('');
  });

  it('says what the verification pass did, counting each kind of decision', () => {
    const decisions: ReviewDecision[] = [
      { sentence: BAD, action: 'keep' },
      { sentence: 'Both matter.', action: 'drop' },
      { sentence: 'x', action: 'drop' },
      { sentence: 'y', action: 'drop' },
      { sentence: 'z', action: 'fix', text: 'w' },
      { sentence: 'v', action: 'fix', text: 'u' },
    ];
    const md = composeGrounded(parts, groundBody(BODY, SOURCES, decisions), decisions).markdown;
    expect(md).toContain('A verification pass reviewed the flagged sentences against their sources: kept 1, fixed 2, dropped 3.');
    expect(composeGrounded(parts, groundBody(BODY, SOURCES)).markdown).not.toContain('A verification pass');
  });

  it('uses a link check done elsewhere instead of its own', () => {
    const body = 'See [this](https://evil.example/x) [1].';
    const own = composeGrounded(parts, groundBody(body, SOURCES));
    expect(own.removedLinks).toBe(1);
    const given = composeGrounded(parts, groundBody(body, SOURCES), [], { text: 'Checked elsewhere [1].', removed: 7 });
    expect(given.removedLinks).toBe(7);
    expect(given.markdown).toContain('Checked elsewhere [1].');
  });
});
