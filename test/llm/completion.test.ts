/** Reading what an endpoint answered, and keeping a cut-off text to its whole paragraphs. Pure. */
import fc from 'fast-check';
import { describeAnswer, isRefusal, quote, readAnswer, wholeParagraphs } from '../../src/llm/completion';

const ESTIMATE = { estimatePrompt: () => 100, estimateCompletion: (text: string) => text.length };

function body(message: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }], usage: { prompt_tokens: 30, completion_tokens: 5 }, ...extra });
}

describe('readAnswer', () => {
  it('reads an answer and the usage the endpoint counted', () => {
    expect(readAnswer(body({ content: 'An answer.' }), 'application/json', ESTIMATE)).toEqual({
      kind: 'answer',
      text: 'An answer.',
      finishReason: 'stop',
      usage: { calls: 1, promptTokens: 30, completionTokens: 5 },
    });
  });

  it('takes counts of zero as counts, and reads a finish reason it was not given as a stop', () => {
    const zero = JSON.stringify({ choices: [{ message: { content: 'An answer.' } }], usage: { prompt_tokens: 0, completion_tokens: 0 } });
    expect(readAnswer(zero, null, ESTIMATE)).toEqual({ kind: 'answer', text: 'An answer.', finishReason: 'stop', usage: { calls: 1, promptTokens: 0, completionTokens: 0 } });
    const noReason = JSON.stringify({ choices: [{ message: { content: '' } }], usage: { prompt_tokens: 1, completion_tokens: 0 } });
    expect(readAnswer(noReason, null, ESTIMATE)).toMatchObject({ kind: 'empty', answered: 'answered an empty message' });
  });

  it('reads a choice with no message, or no choice at all, as an empty answer', () => {
    for (const choice of [{}, null, { message: null }]) {
      expect(readAnswer(JSON.stringify({ choices: [choice], usage: { prompt_tokens: 3, completion_tokens: 0 } }), null, ESTIMATE)).toMatchObject({ kind: 'empty' });
    }
  });

  it('estimates the usage the endpoint left out, or gave as something other than a count', () => {
    const noUsage = JSON.stringify({ choices: [{ message: { content: 'abcdef' }, finish_reason: 'length' }] });
    expect(readAnswer(noUsage, null, ESTIMATE)).toMatchObject({ kind: 'answer', finishReason: 'length', usage: { calls: 1, promptTokens: 100, completionTokens: 6 } });
    const badUsage = JSON.stringify({ choices: [{ message: { content: 'abc' } }], usage: { prompt_tokens: -3, completion_tokens: 'many' } });
    expect(readAnswer(badUsage, null, ESTIMATE)).toMatchObject({ usage: { calls: 1, promptTokens: 100, completionTokens: 3 } });
    const fractions = JSON.stringify({ choices: [{ message: { content: 'abc' } }], usage: { prompt_tokens: 2.5, completion_tokens: null } });
    expect(readAnswer(fractions, null, ESTIMATE)).toMatchObject({ usage: { calls: 1, promptTokens: 100, completionTokens: 3 } });
    // A refusal without usage is estimated from the refusal.
    const refusal = JSON.stringify({ choices: [{ message: { content: null, refusal: 'I refuse.' } }] });
    expect(readAnswer(refusal, null, ESTIMATE)).toMatchObject({ kind: 'refusal', usage: { calls: 1, promptTokens: 100, completionTokens: 9 } });
  });

  it('names an HTML page by its title, whatever its content type says', () => {
    const page = '<!DOCTYPE html><html><head><title>502 Bad\nGateway</title></head></html>';
    for (const type of ['text/html', 'application/json', null]) {
      expect(readAnswer(page, type, ESTIMATE)).toEqual({ kind: 'html', answered: 'answered an HTML page ("502 Bad Gateway"), not a chat completion' });
    }
    expect(readAnswer('<html><body>down</body></html>', 'text/html', ESTIMATE)).toEqual({ kind: 'html', answered: 'answered an HTML page, not a chat completion' });
    expect(readAnswer('\n  <div>502</div>', 'application/json', ESTIMATE)).toMatchObject({ kind: 'html' });
    expect(readAnswer('<?xml version="1.0"?><error/>', null, ESTIMATE)).toMatchObject({ kind: 'html' });
    expect(readAnswer('<html><title lang="en">Down</title></html>', null, ESTIMATE)).toMatchObject({ answered: 'answered an HTML page ("Down"), not a chat completion' });
    expect(readAnswer('<html><title>  </title></html>', null, ESTIMATE)).toMatchObject({ answered: 'answered an HTML page, not a chat completion' });
  });

  it('reads JSON that carries markup in its strings as JSON', () => {
    expect(readAnswer(body({ content: '<b>Bold</b> claim.' }), 'application/json', ESTIMATE)).toMatchObject({ kind: 'answer', text: '<b>Bold</b> claim.' });
  });

  it('says what came instead of a chat completion, quoting it, never with nothing after a colon', () => {
    expect(readAnswer('upstream connect error', 'text/plain', ESTIMATE)).toEqual({ kind: 'not_completion', answered: 'answered something that is not a chat completion: "upstream connect error"' });
    expect(readAnswer('', 'application/json', ESTIMATE)).toEqual({ kind: 'not_completion', answered: 'answered something that is not a chat completion: an empty answer' });
    expect(readAnswer('{"error": "overloaded"}', 'application/json', ESTIMATE)).toEqual({ kind: 'not_completion', answered: 'answered an error with status 200: "overloaded"' });
    expect(readAnswer('{"choices": []}', 'application/json', ESTIMATE)).toEqual({ kind: 'not_completion', answered: 'answered something that is not a chat completion: "{"choices": []}"' });
    expect(readAnswer('{"error": {"message": "  "}}', 'application/json', ESTIMATE)).toEqual({ kind: 'not_completion', answered: 'answered something that is not a chat completion: "{"error": {"message": " "}}"' });
    expect(readAnswer('null', 'application/json', ESTIMATE)).toEqual({ kind: 'not_completion', answered: 'answered something that is not a chat completion: "null"' });
  });

  it('tells empty answers, refusals and a content filter\'s stop from answers, and keeps their usage', () => {
    const usage = { calls: 1, promptTokens: 30, completionTokens: 5 };
    expect(readAnswer(body({ content: ' \n' }), null, ESTIMATE)).toEqual({ kind: 'empty', answered: 'answered an empty message', usage });
    expect(readAnswer(body({ content: null }), null, ESTIMATE)).toMatchObject({ kind: 'empty' });
    expect(readAnswer(body({ content: null, refusal: 'I cannot do that.' }), null, ESTIMATE)).toEqual({ kind: 'refusal', answered: 'answered a refusal: "I cannot do that."', usage });
    expect(readAnswer(body({ content: 'An answer.', refusal: '  ' }), null, ESTIMATE)).toMatchObject({ kind: 'answer' });
    expect(readAnswer(body({ content: "I'm sorry, but I can't help with that." }), null, ESTIMATE)).toMatchObject({ kind: 'refusal' });
    const filtered = JSON.stringify({ choices: [{ message: { content: 'Part' }, finish_reason: 'content_filter' }], usage: { prompt_tokens: 30, completion_tokens: 5 } });
    expect(readAnswer(filtered, null, ESTIMATE)).toEqual({ kind: 'content_filter', answered: 'stopped its answer at its content filter (finish_reason content_filter)', usage });
    const cutEmpty = JSON.stringify({ choices: [{ message: { content: '' }, finish_reason: 'length' }], usage: { prompt_tokens: 30, completion_tokens: 5 } });
    expect(readAnswer(cutEmpty, null, ESTIMATE)).toMatchObject({ kind: 'empty', answered: 'answered an empty message (finish_reason length)' });
  });
});

describe('isRefusal', () => {
  it.each([
    "I'm sorry, but I can't help with that.",
    'I’m sorry, I cannot assist with this request.',
    'Sorry, I am unable to comply.',
    'I cannot help with that request.',
    'As an AI, I am not able to write this.',
    'Unfortunately, I can\u2019t provide that.',
    '"I\'m sorry, but I can\'t help with that."',
    '     I apologize, but I cannot do that.',
    "I can't help with that.",
    'I’m unable to comply.',
    'Sorry, I won’t write that.',
    `I'm sorry, I can't: ${'x'.repeat(400 - 20)}`,
  ])('takes "%s" for a refusal', (text) => expect(isRefusal(text)).toBe(true));

  it.each([
    'Sorry to say, PyTorch leads in 58% of the poll [1].',
    '{"keywords": ["I cannot"]}',
    'TensorFlow cannot run there, and PyTorch can.',
    `I'm sorry to report that the sources cannot settle this. ${'More text follows here. '.repeat(20)}`,
    `I'm sorry, I can't: ${'x'.repeat(400 - 19)}`,
    '["I can\'t help with that."]',
    'PyTorch, sorry to say, cannot run there.',
    'Unfortunately the benchmark was rerun.',
  ])('takes "%s" for an answer', (text) => expect(isRefusal(text)).toBe(false));

  it('never takes a long text, or JSON, for a refusal', () => {
    fc.assert(fc.property(fc.string({ minLength: 401 }), (text) => !isRefusal(`I'm sorry, I can't ${text}`)));
    fc.assert(fc.property(fc.json(), (json) => !isRefusal(json) || !/^[{[]/.test(json.trim())));
  });
});

describe('quote and describeAnswer', () => {
  it('put model text on one quoted line, cut to its length', () => {
    expect(quote('a\nb\u0007\tc')).toBe('"a b c"');
    expect(quote(' a \n\n  b ')).toBe('"a b"');
    expect(quote('x'.repeat(150))).toBe(`"${'x'.repeat(99)}…"`);
    expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(100)}"`);
    expect(quote('x'.repeat(101))).toBe(`"${'x'.repeat(99)}…"`);
    expect(describeAnswer('  ')).toBe('an empty answer');
    fc.assert(fc.property(fc.string(), (text) => !/[\n\r\u2028]/.test(quote(text)) && quote(text).length <= 102));
  });
});

describe('wholeParagraphs', () => {
  it('keeps a cut text to its last whole paragraph, with no heading left hanging', () => {
    expect(wholeParagraphs('# T\n\n## A\n\nOne. Two.\n\n## Conclusion')).toBe('# T\n\n## A\n\nOne. Two.');
    expect(wholeParagraphs('# T\n\nPara one.\n\n## B\n\nhalf of a sen')).toBe('# T\n\nPara one.');
    expect(wholeParagraphs('Para.\n\n| a | b |')).toBe('Para.\n\n| a | b |');
    expect(wholeParagraphs('Para one.\n\n- item one\n- item tw')).toBe('Para one.');
    expect(wholeParagraphs('One.\n\nPick # 2 of them.')).toBe('One.\n\nPick # 2 of them.');
    expect(wholeParagraphs('\n\nOne.\n\n\n\nTwo.\n\n')).toBe('One.\n\nTwo.');
    expect(wholeParagraphs('x.\n\n## B\n\n### C')).toBe('x.');
  });

  it('keeps a single paragraph to its last whole sentence, or nothing', () => {
    expect(wholeParagraphs('Abc def. Ghi')).toBe('Abc def.');
    expect(wholeParagraphs('One. Two! Three? Fou')).toBe('One. Two! Three?');
    expect(wholeParagraphs('')).toBe('');
    expect(wholeParagraphs('Abc def')).toBe('');
    expect(wholeParagraphs('## Only a heading')).toBe('');
  });

  it('is a prefix of the text, ends on no heading, and keeps a text that ends whole as it is', () => {
    const paragraph = fc.oneof(
      fc.constantFrom('## Heading', '# Title', '| a | b |', '- item', 'Whole sentence.', 'half a sent'),
      fc.lorem({ mode: 'sentences', maxCount: 3 }),
    );
    fc.assert(
      fc.property(fc.array(paragraph, { maxLength: 8 }), (paragraphs) => {
        const text = paragraphs.join('\n\n');
        const kept = wholeParagraphs(text);
        const endsOnHeading = (t: string) => /^#{1,6}\s/.test(t.split('\n\n').at(-1) ?? '');
        const endsWhole = /[.|]$/.test(text) && !endsOnHeading(text);
        return text.startsWith(kept) && !endsOnHeading(kept) && (!endsWhole || kept === text);
      }),
    );
  });
});
