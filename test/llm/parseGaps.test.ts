/** A gap analysis's answer, cleaned (src/llm/parse.ts): pure, no server. */
import { cleanGaps } from '../../src/llm/parse';

describe('cleanGaps', () => {
  it('keeps whole items, one line each, drops what was asked or repeated, at most the count', () => {
    const raw = [
      { question: 'What does X find?', query: 'X study', why: 'named without figures' },
      { question: 'Again', query: 'x STUDY', why: '' },
      { question: 'Asked', query: 'topic query', why: '' },
      { question: '', query: 'no question' },
      'not an object',
      null,
      { question: 'Multi\nline', query: ' Y\tbenchmark ', why: 42 },
      { question: 'Third', query: 'Z', why: 'w' },
    ];
    expect(cleanGaps(raw, 2, ['Topic query'])).toEqual([
      { question: 'What does X find?', query: 'X study', why: 'named without figures' },
      { question: 'Multi line', query: 'Y benchmark', why: '' },
    ]);
  });
});
