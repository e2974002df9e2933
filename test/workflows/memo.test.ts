/** The run's memo read back by the client: typed, and a field that does not read as declared is left out, not cast. */
import { readRunMemo } from '../../src/workflows/memo';

describe('readRunMemo', () => {
  const cancel = { kind: 'now', during: 'browse', pagesNotRead: 3, costUsd: 0.0123, note: 'stopped at once' };

  it('reads every field it declares', () => {
    expect(readRunMemo({ stageStarts: { keywords: 5, browse: 40 }, roundStarts: { 2: 90 }, cancel, revisionOf: 'research-x' })).toEqual({
      stageStarts: { keywords: 5, browse: 40 },
      roundStarts: { 2: 90 },
      cancel,
      revisionOf: 'research-x',
    });
  });

  it('leaves out what does not read as declared, keeping the rest, and ignores foreign fields', () => {
    expect(readRunMemo({ stageStarts: { browse: 'forty' }, cancel: { ...cancel, kind: 'later' }, revisionOf: 'r', reportPath: null })).toEqual({ revisionOf: 'r' });
    expect(readRunMemo({ stageStarts: { nosuchstage: 3 } })).toEqual({});
    expect(readRunMemo({ roundStarts: { two: 3 } })).toEqual({});
    expect(readRunMemo(undefined)).toEqual({});
  });
});
