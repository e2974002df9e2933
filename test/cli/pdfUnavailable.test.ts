/**
 * `--format pdf` without chromium: `research`, `client watch` and `client report` each stop in one line that
 * says how to install it (or to use --format html), before a run starts or the server is asked anything.
 * Chromium is made absent by pointing its known paths at a place where there is none.
 */
import { UserError } from '../../src/cli/errors';

jest.mock('../../src/web/render/pool', () => ({
  ...jest.requireActual<object>('../../src/web/render/pool'),
  CHROMIUM_PATHS: ['/nonexistent/chromium'],
}));

// After the mock: these read CHROMIUM_PATHS when loaded.
import { checkFormatAvailable, report } from '../../src/cli/report';
import { research } from '../../src/cli/research';
import { watch } from '../../src/cli/runs';

const ONE_LINE = 'PDF export needs chromium, which is not installed at /nonexistent/chromium: apt-get install -y chromium (or use --format html)';

describe('--format pdf without chromium', () => {
  const address = process.env.TEMPORAL_ADDRESS;
  beforeAll(() => {
    // Nothing listens here: a command that got as far as the server would fail differently.
    process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';
  });
  afterAll(() => {
    process.env.TEMPORAL_ADDRESS = address;
  });

  it.each([
    ['research', () => research(['solid state batteries', '--format', 'pdf', '--yes'])],
    ['watch', () => watch(['research-some-run', '--format', 'pdf'])],
    ['report', () => report(['research-some-run', '--format', 'pdf', '--out', '/tmp/never-written.pdf'])],
  ])('%s stops in one line naming the fix, before anything starts', async (_name, command) => {
    const error = await (async () => command())().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(ONE_LINE);
  });

  it('leaves Markdown and HTML alone', () => {
    expect(() => checkFormatAvailable('md')).not.toThrow();
    expect(() => checkFormatAvailable('html')).not.toThrow();
  });
});
