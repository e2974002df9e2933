/** An answer continued after the model stopped at its output limit reads as one text: no words glued, no space before punctuation. */
import { joinContinuation } from '../../src/llm/prompts';

it('joins a continuation to what came before as a reader would', () => {
  expect(joinContinuation('The rate rose', 'to 4%.')).toBe('The rate rose to 4%.');
  expect(joinContinuation('The rate rose ', 'to 4%.')).toBe('The rate rose to 4%.');
  expect(joinContinuation('The rate rose', '\n\n## Next')).toBe('The rate rose\n\n## Next');
  expect(joinContinuation('The rate rose to 4', '.')).toBe('The rate rose to 4.');
  expect(joinContinuation('see [1', '] here')).toBe('see [1] here');
  expect(joinContinuation('(a', ') b')).toBe('(a) b');
});
