/**
 * Model answers as models really write them, and as a page's text can bend them: fences without a tag or a
 * line break, prose with brackets before the JSON, brackets and quotes inside JSON strings, indices and
 * phrases that only look valid. Without a server.
 */
import fc from 'fast-check';
import { cleanIndices, cleanPhrases, extractJson, parseAnswer } from '../../src/llm/parse';
import { KeywordsAnswer, PageSummaryAnswer } from '../../src/llm/schemas';

describe('a JSON answer in a code fence', () => {
  const answer = { relevant: true, summary: 'Both frameworks train on GPUs.' };

  it.each([
    ['tagged json', 'See [1] and [2] below:\n```json\n{"relevant": true, "summary": "Both frameworks train on GPUs."}\n```'],
    ['no tag', 'Per [1], here it is:\n```\n{"relevant": true, "summary": "Both frameworks train on GPUs."}\n```'],
    ['the tag in capitals', 'Per [1]:\n```JSON\n{"relevant": true, "summary": "Both frameworks train on GPUs."}\n```'],
    ['no line break after the backticks', 'Per [1]: ```json{"relevant": true, "summary": "Both frameworks train on GPUs."}```'],
    ['no tag and no line break', 'Per [1]: ```{"relevant": true, "summary": "Both frameworks train on GPUs."}``` done'],
    ['spaces after the tag', 'Per [1]:\n```json   \n\n{"relevant": true, "summary": "Both frameworks train on GPUs."}\n```'],
  ])('is read from the fence, not from a bracket in the prose before it (%s)', (_case, text) => {
    expect(parseAnswer(text, PageSummaryAnswer)).toEqual(answer);
  });

  it('reads the first fence when there are two', () => {
    expect(extractJson('```json\n{"a": 1}\n```\nor maybe\n```json\n{"a": 2}\n```')).toEqual({ a: 1 });
  });

  it('falls back to the whole text when the fence holds no JSON', () => {
    expect(extractJson('```\nnot json\n``` but {"a": [1]} is')).toEqual({ a: [1] });
  });
});

describe('JSON with brackets and quotes inside its strings', () => {
  it.each([
    ['an unmatched closing bracket', '{"relevant": true, "summary": "a ] stray bracket"}'],
    ['an unmatched closing brace', '{"relevant": true, "summary": "ends with }"}'],
    ['an opening bracket never closed', '{"relevant": true, "summary": "opens [ and { but never closes"}'],
    ['an escaped quote before a brace', '{"relevant": true, "summary": "he said \\"}\\" twice"}'],
    ['an escaped backslash before the closing quote', '{"relevant": true, "summary": "path C:\\\\"}'],
    ['nested arrays and objects', '{"relevant": true, "summary": "x", "extra": [{"a": [1, {"b": "]"}]}]}'],
  ])('reads the whole object embedded in prose (%s)', (_case, json) => {
    expect(extractJson(`Here you go: ${json} (end of answer) [3]`)).toEqual(JSON.parse(json));
  });

  it('reads any JSON value a model could write, whatever prose and brackets surround it', () => {
    const prose = fc.string({ unit: fc.constantFrom('a', ' ', '.', ':', ']', '}', ')', '\n'), maxLength: 12 });
    const value = fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(fc.string({ unit: fc.constantFrom('a', '[', ']', '{', '}', '"', '\\', ' '), maxLength: 8 }), fc.integer(), fc.boolean()),
      { minKeys: 1, maxKeys: 4 },
    );
    fc.assert(
      fc.property(prose, value, prose, (before, object, after) => {
        expect(extractJson(`${before}${JSON.stringify(object)}${after}`)).toEqual(object);
      }),
      { numRuns: 300 },
    );
  });

  it('skips a bracket in prose that does not start JSON and reads the JSON after it', () => {
    expect(extractJson('Sources [see 1] and {draft}: {"a": "b"}')).toEqual({ a: 'b' });
    expect(extractJson('Mismatched [ } then ["x"]')).toEqual(['x']);
  });

  it('reads an array or object glued to the word before it', () => {
    expect(extractJson('Ranking:[2, 0, 1]')).toEqual([2, 0, 1]);
    expect(extractJson('Answer:{"a":1}')).toEqual({ a: 1 });
  });

  it('reads a bare JSON value as it is', () => {
    expect(extractJson('  "just a string"  ')).toBe('just a string');
    expect(extractJson('42')).toBe(42);
  });

  it('gives undefined when the JSON never closes', () => {
    expect(extractJson('{"a": [1, 2')).toBeUndefined();
    expect(extractJson('{"a": "unterminated}')).toBeUndefined();
  });
});

describe('the shape of the answer', () => {
  it('keeps an object answer as it is when a bare array would have been wrapped', () => {
    expect(parseAnswer('{"keywords": ["a", "b"]}', KeywordsAnswer, 'keywords')).toEqual({ keywords: ['a', 'b'] });
  });

  it('does not wrap a bare array for a schema with no array field', () => {
    expect(parseAnswer('["a", "b"]', KeywordsAnswer)).toBeUndefined();
  });
});

describe('ranking indices', () => {
  it('keeps the indices from 0 up to but not including the list length', () => {
    expect(cleanIndices([0, 3, 4, 5], 4)).toEqual([0, 3]);
    expect(cleanIndices([-1, 0], 1)).toEqual([0]);
  });

  it('accepts digit strings with spaces around them, and nothing that merely converts to a number', () => {
    expect(cleanIndices([' 2 ', '12', '3'], 20)).toEqual([2, 12, 3]);
    expect(cleanIndices(['1e1', '0x1', '-0', '+1', '1.0', '', ' ', true, [1], '2 3'], 20)).toEqual([]);
  });

  it('keeps every valid index once, in the order given (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 12 })), fc.integer({ min: 0, max: 10 }), (raw, length) => {
        const expected = [...new Set(raw.filter((n) => n >= 0 && n < length))];
        expect(cleanIndices(raw, length)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('keyword and query phrases', () => {
  it('collapses runs of whitespace inside a phrase', () => {
    expect(cleanPhrases(['deep \t  learning', 'deep learning'], 5)).toEqual(['deep learning']);
  });

  it('cuts a phrase at maxChars', () => {
    expect(cleanPhrases(['x'.repeat(400)], 5)).toEqual(['x'.repeat(300)]);
    expect(cleanPhrases(['abcdef'], 5, 3)).toEqual(['abc']);
  });

  it('keeps exactly max phrases', () => {
    expect(cleanPhrases(['a', 'b', 'c', 'd'], 3)).toEqual(['a', 'b', 'c']);
    expect(cleanPhrases(['a', 'a', 'b'], 1)).toEqual(['a']);
  });

  it('keeps different words that only capitals would merge (German Maße and Masse)', () => {
    expect(cleanPhrases(['Maße', 'Masse', 'MASSE'], 5)).toEqual(['Maße', 'Masse']);
  });
});
