/**
 * `npm run extract` prints web text to a terminal: nothing it prints may carry a control, bidi or invisible
 * character or a terminal escape. It reads `file:` URLs as the files they name, says "unsupported scheme" for
 * other schemes, refuses unknown flags in one line, and reaches a host named in RESEARCH_ALLOWED_HOSTS.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { UserError } from '../../src/cli/errors';
import { extractCommand } from '../../src/cli/extract';
import { ARABIC, CLEAN_TITLE, ESCAPE_LEFTOVERS, HOSTILE_TITLE, cleanParagraph, hiddenCharacters, hostileParagraph } from '../text/hostileText';
import { type TestServer, startTestServer } from './testServer';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const PAGE = `<html><head><title>${HOSTILE_TITLE}</title></head><body><article>${[1, 2, 3].map((n) => `<p>${hostileParagraph(n)}</p>`).join('')}<p>${ARABIC}</p></article></body></html>`;

let server: TestServer;
let dir: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = await startTestServer({ '/hostile': (_q, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE) });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'extract-hygiene-'));
});
afterAll(async () => {
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.env = { ...savedEnv };
});

async function run(args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await extractCommand(args, (text) => (output += text));
  return { code, output };
}

function expectClean(output: string): void {
  expect(hiddenCharacters(output)).toEqual([]);
  for (const leftover of ESCAPE_LEFTOVERS) expect(output).not.toContain(leftover);
}

describe('npm run extract, on a page full of controls', () => {
  it('prints the title and text clean, their words and RTL text kept; --json too', async () => {
    delete process.env.RESEARCH_ALLOW_PRIVATE_NETWORK;
    process.env.RESEARCH_ALLOWED_HOSTS = server.host;
    const url = server.url('/hostile');
    const text = await run([url]);
    expect(text.code).toBe(0);
    expectClean(text.output);
    expect(text.output).toContain(`title: ${CLEAN_TITLE}\n`);
    for (const n of [1, 2, 3]) expect(text.output).toContain(cleanParagraph(n));
    expect(text.output).toContain(ARABIC);

    const json = await run(['--json', url]);
    expectClean(json.output);
    expect((JSON.parse(json.output) as Record<string, { title: string }>)[url]!.title).toBe(CLEAN_TITLE);
  });

  it('the same page saved as a file, named by path or by file: URL', async () => {
    const file = path.join(dir, 'hostile page.html');
    await fs.writeFile(file, PAGE);
    for (const arg of [file, pathToFileURL(file).href]) {
      const { code, output } = await run([arg]);
      expect(code).toBe(0);
      expectClean(output);
      expect(output).toContain(`title: ${CLEAN_TITLE}\n`);
    }
  });

  it('a host named in RESEARCH_ALLOWED_HOSTS is read without the private-network flag; others are refused', async () => {
    delete process.env.RESEARCH_ALLOW_PRIVATE_NETWORK;
    process.env.RESEARCH_ALLOWED_HOSTS = `127.0.0.1:1, ${server.host}`;
    expect((await run([server.url('/hostile')])).code).toBe(0);
    process.env.RESEARCH_ALLOWED_HOSTS = '127.0.0.1:1';
    const refused = await run([server.url('/hostile')]);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('refused: resolves to a private address');
  });
});

describe('npm run extract, on what is not a page', () => {
  it('says "unsupported scheme" for a URL it does not read, and never ENOENT for a URL', async () => {
    for (const url of ['ftp://files.example/report.pdf', 'gopher://example.com/', 'data:text/html,<p>hi</p>']) {
      await expect(run([url])).rejects.toThrow(new UserError(`unsupported scheme ${url.split(':')[0]}: in ${url}: extract reads http(s) URLs, file: URLs and file paths`));
    }
    await expect(run(['file://elsewhere.example/etc/hosts'])).rejects.toThrow(/^cannot read file:\/\/elsewhere\.example\/etc\/hosts: File URL host must be "localhost" or empty/);
  });

  it('reads file:///etc/passwd as the file it names', async () => {
    const { code, output } = await run(['file:///etc/passwd']);
    expect(code).toBe(0);
    expect(output).toMatch(/^== file:\/\/\/etc\/passwd\ntitle: root:/);
  });

  it('refuses an unknown flag, and a bad RESEARCH_ALLOWED_HOSTS, in one line: no stack trace', async () => {
    const unknownFlag = await runProcess(['--unknown-flag', 'x.html']);
    expect(unknownFlag).toEqual({ code: 1, stdout: '', stderr: "error: extract: Unknown option '--unknown-flag'; extract takes --json, --render, --help\n" });
    const badHosts = await runProcess(['x.html'], { ...process.env, RESEARCH_ALLOWED_HOSTS: 'wiki.corp,http://x.example/' });
    expect(badHosts.stderr.trim().split('\n')).toEqual([
      'error: invalid configuration: RESEARCH_ALLOWED_HOSTS must be host or host:port entries separated by commas (IPv6 in brackets), e.g. wiki.intranet.example,10.0.0.5:8080,[fd00::5]:8443: "http://x.example/" is not one (got "wiki.corp,http://x.example/")',
    ]);
  });
});

/** A process's exit code and output, whether it failed or not. */
async function runProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [path.join(ROOT, 'src', 'cli', 'extract.ts'), ...args], { cwd: ROOT, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
