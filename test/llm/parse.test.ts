import { cleanIndices, cleanPhrases, extractJson, parseAnswer } from '../../src/llm/parse';
import { KeywordsAnswer, PageSummaryAnswer } from '../../src/llm/schemas';

describe('reading model answers', () => {
  it('reads JSON wrapped in a code fence with prose around it', () => {
    const text = 'Sure! Here are the keywords:\n```json\n{"keywords": ["tensorflow", "pytorch"]}\n```\nHope this helps.';
    expect(parseAnswer(text, KeywordsAnswer)).toEqual({ keywords: ['tensorflow', 'pytorch'] });
  });

  it('finds a JSON object embedded in prose, even with brackets inside strings', () => {
    expect(extractJson('Answer: {"relevant": true, "summary": "uses [1] and {x}"} done')).toEqual({
      relevant: true,
      summary: 'uses [1] and {x}',
    });
  });

  it('accepts a bare array where a one-field object was asked for', () => {
    expect(parseAnswer('["a", "b"]', KeywordsAnswer, 'keywords')).toEqual({ keywords: ['a', 'b'] });
  });

  it('gives undefined for broken JSON or the wrong shape instead of throwing', () => {
    expect(parseAnswer('{"keywords": ["a", ', KeywordsAnswer)).toBeUndefined();
    expect(parseAnswer('{"relevant": "yes"}', PageSummaryAnswer)).toBeUndefined();
    expect(parseAnswer('no json at all', KeywordsAnswer)).toBeUndefined();
  });

  it('keeps only valid ranking indices: in range, integers, first occurrence', () => {
    expect(cleanIndices([3, 0, 3, 9, -1, 1.5, '2', 'x', null, 1], 4)).toEqual([3, 0, 2, 1]);
    expect(cleanIndices([], 4)).toEqual([]);
  });

  it('trims, de-duplicates and caps keyword phrases', () => {
    expect(cleanPhrases(['  TensorFlow  ', 'tensorflow', '', 'PyTorch\nvs JAX', 'extra'], 2)).toEqual(['TensorFlow', 'PyTorch vs JAX']);
  });
});
