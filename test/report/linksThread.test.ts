import { removeUnreadLinks } from '../../src/report/links';
import { removeUnreadLinksOffThread } from '../../src/report/linksThread';

const READ = ['https://a.example/one'];
const paragraph = 'Energy density rose [1], see [the study](https://a.example/one) and [spam](http://evil.example/x).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n';
const body = `# Report\n\n${paragraph.repeat(150)}`;

describe('the link check off the event loop', () => {
  it('gives the same result as in the event loop', async () => {
    expect(await removeUnreadLinksOffThread(body, READ)).toEqual(removeUnreadLinks(body, READ));
  });

  it('leaves the event loop free while it parses a long body', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const result = await removeUnreadLinksOffThread(body, READ);
      expect(result.removed).toBe(150);
    } finally {
      clearInterval(timer);
    }
    // In the event loop the parse runs to its end without a single tick.
    expect(ticks).toBeGreaterThan(3);
  });

  it('disarms the body without parsing when the thread runs past its time cap', async () => {
    const result = await removeUnreadLinksOffThread(body, READ, { timeoutMs: 1 });
    expect(result.text).not.toContain('evil.example');
    expect(result.text).not.toMatch(/[^\\]\]\(/);
    expect(result.removed).toBe(150);
  });
});
