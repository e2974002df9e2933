import { createSearchProvider } from '../../src/search';
import { SEARCH_PROVIDERS } from '../../src/search/types';
import { TEST_KEYS } from './helpers';

describe('createSearchProvider', () => {
  it.each(SEARCH_PROVIDERS)('builds %s', (provider) => {
    expect(createSearchProvider({ provider, timeoutMs: 1_000, ...TEST_KEYS }).name).toBe(provider);
  });

  it('does not throw for a missing key: that is reported at the first search', () => {
    expect(() => createSearchProvider({ provider: 'serper', timeoutMs: 1_000 })).not.toThrow();
  });
});
