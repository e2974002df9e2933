/** `npm run extract -- --render <url>`: the page as fetched beside the page as chromium renders it. */
import { existsSync } from 'node:fs';
import { extractCommand } from '../../src/cli/extract';
import { type TestServer, html, startTestServer } from './testServer';

const SENTENCE = 'The harbour survey found the new wall four metres above the spring tide line, the engineers said.';

let server: TestServer;
const savedEnv = { ...process.env };

beforeAll(async () => {
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does this)');
  server = await startTestServer({
    '/app': html(
      `<!doctype html><html><head><title>Harbour app</title><script type="module" src="/assets/main.js"></script></head><body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>`,
    ),
    '/assets/main.js': (_request, response) =>
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(
        `fetch('/api/survey.json').then((r) => r.json()).then((a) => { document.getElementById('root').innerHTML = '<article><h1>' + a.title + '</h1>' + a.paragraphs.map((p) => '<p>' + p + '</p>').join('') + '</article>'; });`,
      ),
    '/api/survey.json': (_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Harbour survey', paragraphs: [1, 2, 3].map((n) => `${n}. ${SENTENCE}`) })),
  });
});

afterAll(() => server.close());
afterEach(() => {
  process.env = { ...savedEnv };
});

it('prints the page as fetched (an empty shell) and as rendered in chromium (its article)', async () => {
  process.env.RESEARCH_ALLOW_PRIVATE_NETWORK = 'true';
  const url = server.url('/app');
  let output = '';
  const code = await extractCommand(['--render', url], (text) => (output += text));
  expect(code).toBe(2); // one of the two views was skipped
  const [asFetched, rendered] = output.split(`== ${url} (rendered in chromium)\n`);
  expect(asFetched).toMatch(new RegExp(`^== ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(as fetched\\)\\nskipped \\(empty\\): only \\d+ characters`));
  expect(rendered).toMatch(/^title: Harbour app\ntype: text\/html\n\n# Harbour survey\n\n/);
  expect(rendered).toContain(`3. ${SENTENCE}`);
});
