/** `npm run extract`: the same reader as a run, for files and URLs, as text or as JSON keyed by argument. */
import { join } from 'node:path';
import { extractCommand } from '../../src/cli/extract';
import { UserError } from '../../src/cli/errors';
import { type TestServer, html, startTestServer } from './testServer';

const ARTICLE_FILE = join(__dirname, '../fixtures/web/news-article.html');
const PARAGRAPH = 'Europe added record amounts of grid storage last year, the observatory said in its annual report. ';

let server: TestServer;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = await startTestServer({
    '/article': html(`<html><head><title>Served article</title></head><body><article><p>${PARAGRAPH.repeat(4)}</p></article></body></html>`),
  });
});

afterAll(() => server.close());
afterEach(() => {
  process.env = { ...savedEnv };
});

async function run(args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await extractCommand(args, (text) => (output += text));
  return { code, output };
}

describe('npm run extract', () => {
  it('prints, as JSON keyed by argument, what a run reads from a file and from a URL', async () => {
    process.env.RESEARCH_ALLOW_PRIVATE_NETWORK = 'true';
    const url = server.url('/article');
    const { code, output } = await run(['--json', ARTICLE_FILE, url]);
    expect(code).toBe(0);
    const results = JSON.parse(output) as Record<string, { ok: boolean; title: string; text: string }>;
    expect(Object.keys(results)).toEqual([ARTICLE_FILE, url]);
    expect(results[ARTICLE_FILE]).toMatchObject({ ok: true, title: 'Grid batteries overtake pumped hydro in Europe', contentType: 'text/html' });
    expect(results[ARTICLE_FILE]!.text).toContain('| Germany | 16.4 | +68% |');
    expect(results[ARTICLE_FILE]!.text).not.toContain('We use cookies');
    expect(results[url]).toMatchObject({ ok: true, title: 'Served article' });
  });

  it('applies the safe-fetch rules to URLs: a private address is refused unless allowed', async () => {
    delete process.env.RESEARCH_ALLOW_PRIVATE_NETWORK;
    const { code, output } = await run([server.url('/article')]);
    expect(code).toBe(2);
    expect(output).toContain('skipped (failed): refused: resolves to a private address');
  });

  it('prints text by default, and names a file it cannot read in a one-line error', async () => {
    const { output } = await run([ARTICLE_FILE]);
    expect(output).toMatch(/^== .*news-article\.html\ntitle: Grid batteries overtake pumped hydro in Europe\ntype: text\/html\n\n# Grid batteries/);
    await expect(run(['missing-page.html'])).rejects.toThrow(new UserError('cannot read missing-page.html: ENOENT (give a readable file or an http(s) URL)'));
    await expect(run([])).rejects.toThrow(UserError);
  });

  it('prints its usage for --help and -h, and names its flags when given an unknown one', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, output } = await run([flag]);
      expect(code).toBe(0);
      expect(output).toMatch(/^usage: npm run extract -- \[--json\] \[--render\] <file-or-url>\.\.\.\n/);
      expect(output).toContain('--render');
    }
    await expect(run(['--unknown-flag'])).rejects.toThrow(new UserError("extract: Unknown option '--unknown-flag'; extract takes --json, --render, --help"));
  });
});
