/** What a user types at the review prompt, read into an answer (or refused in one line). */
import { formatShortlist, parseReviewLine, reviewAnswerFrom } from '../../src/cli/review';

describe('a typed review answer', () => {
  it('approves on Enter or "approve"', () => {
    expect(parseReviewLine('')).toEqual({ approve: true });
    expect(parseReviewLine(' approve ')).toEqual({ approve: true });
  });

  it('reads several clauses separated by semicolons', () => {
    expect(parseReviewLine('drop 2,5; add https://a.example/x https://b.example/y; add-query solid electrolyte cost; drop-query old one')).toEqual({
      drop: [2, 5],
      add: ['https://a.example/x', 'https://b.example/y'],
      addQueries: ['solid electrolyte cost'],
      dropQueries: ['old one'],
    });
  });

  it('refuses what it cannot read, saying what it takes', () => {
    expect(() => parseReviewLine('delete 3')).toThrow(/"delete" is not an answer: use approve, drop 2,5/);
    expect(() => parseReviewLine('drop two')).toThrow(/--drop takes shortlist numbers/);
  });

  it('reads the client flags the same way', () => {
    expect(reviewAnswerFrom({ drop: '1, 3', 'add-query': ['x'] })).toEqual({ drop: [1, 3], addQueries: ['x'] });
    expect(reviewAnswerFrom({})).toBeUndefined();
  });
});

describe('the shortlist in a terminal', () => {
  it('shows titles from the web without their control characters (no terminal escapes)', () => {
    const text = formatShortlist({
      waiting: true,
      queries: ['q'],
      pages: [{ n: 1, url: 'https://a.example/x', title: 'Evil\u001b]0;pwned\u0007 title\u001b[2J', host: 'a.example', queries: ['q'] }],
    });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/); // newlines between lines only
    expect(text).toContain('1. Evil ]0;pwned  title [2J (a.example)');
  });
});
