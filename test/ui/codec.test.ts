/**
 * The owner of an encrypted run reads it in the real Temporal UI through `npm run codec-server`, as the
 * README says, and nobody else does: a dev server with its UI, a research run with RESEARCH_ENCRYPTION_KEYS,
 * the codec server, and Debian's chromium (driven by playwright-core). The browser is set up the way the
 * UI's Codec Server settings leave it (this browser's endpoint, "Include cross-origin credentials" on: the
 * localStorage entries the settings dialog writes). Signed in at the codec server's /login, the UI shows the
 * run's input and its summary (user metadata) decoded; not signed in, every decode is refused and the topic
 * appears nowhere.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { main as codecServer } from '../../src/codecServer';
import { loadConfig } from '../../src/config';
import { type DevServer, freePort, startDevServer } from '../../src/temporal/devServer';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const TOPIC = 'tensorflow vs pytorch';
const TOKEN = randomBytes(24).toString('hex');

describe('an encrypted run in the Temporal UI, through the codec server', () => {
  let server: DevServer;
  let codec: Awaited<ReturnType<typeof codecServer>>;
  let browser: Browser | undefined;
  let workflowId: string;
  let endpoint: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
    server = await startDevServer({ port: await freePort(), uiPort: await freePort(), startTimeoutMs: 90_000 });
    const tmp = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'ui-codec-'));
    const keys = path.join(tmp, 'owner.keys');
    await fs.writeFile(keys, `k1 ${randomBytes(32).toString('base64')}\n`);

    const env: NodeJS.ProcessEnv = { ...process.env, TEMPORAL_ADDRESS: server.address, RESEARCH_ENCRYPTION_KEYS: keys, RESEARCH_OUTPUT_DIR: tmp, RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000' };
    delete env.OPENAI_API_KEY;
    const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'client.ts'), 'research', TOPIC, '--words', '300'], {
      cwd: tmp,
      env,
      timeout: 240_000,
    });
    workflowId = /Research run started: (\S+)/.exec(stdout)![1];

    codec = await codecServer(
      loadConfig({ RESEARCH_ENCRYPTION_KEYS: keys, CODEC_SERVER_TOKEN: TOKEN, CODEC_SERVER_PORT: String(await freePort()), TEMPORAL_UI_ORIGIN: server.uiUrl! }),
    );
    // The UI and the codec server on one host name, as the README has it: the sign-in cookie is same-site.
    endpoint = `${codec.url.replace('127.0.0.1', 'localhost')}/default`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await codec?.close();
    await server?.stop();
  });

  /** A browser whose UI uses the codec server for itself, with cross-origin credentials, as the settings dialog leaves it. */
  async function browserWithCodecSettings(): Promise<BrowserContext> {
    const context = await browser!.newContext({ viewport: { width: 1600, height: 1200 } });
    // Runs in the page (a script: this project's types have no DOM), on the UI's origin only.
    await context.addInitScript({
      content: `if (location.origin === ${JSON.stringify(server.uiUrl)}) {
        localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(endpoint))});
        localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
        localStorage.setItem('includeCredentials', 'true');
      }`,
    });
    return context;
  }

  async function openRun(context: BrowserContext): Promise<{ page: Page; decodes: number[] }> {
    const page = await context.newPage();
    const decodes: number[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(endpoint) && r.request().method() === 'POST') decodes.push(r.status());
    });
    await page.goto(`${server.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
    await page.getByText('Input', { exact: true }).first().waitFor({ state: 'attached', timeout: 30_000 });
    return { page, decodes };
  }

  it('signed in at the codec server, the owner reads the run\'s input and summary in the UI', async () => {
    const context = await browserWithCodecSettings();
    const login = await context.newPage();
    await login.goto(`${endpoint.replace(/\/default$/, '')}/login`);
    await login.fill('input[name=token]', TOKEN);
    await login.click('button');
    await login.getByText('Signed in.').waitFor({ timeout: 10_000 });

    const { page, decodes } = await openRun(context);
    await until(async () => (await page.locator('body').innerText()).includes(`"topic": "${TOPIC}"`), 30_000);
    expect(decodes.length).toBeGreaterThan(0);
    expect(decodes.every((status) => status === 200)).toBe(true);

    await page.getByText('User Metadata', { exact: true }).first().click();
    await page.waitForURL(/\/user-metadata$/, { timeout: 30_000 });
    const rendered = await framesText(page, (texts) => texts.some((t) => t.trim() === TOPIC));
    expect(rendered).toContainEqual(TOPIC);
    await context.close();
  }, 120_000);

  it('not signed in, the same UI gets every decode refused and shows the topic nowhere', async () => {
    const context = await browserWithCodecSettings();
    const { page, decodes } = await openRun(context);
    const deadline = Date.now() + 15_000;
    while (decodes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    await page.waitForTimeout(2_000);
    expect(decodes.length).toBeGreaterThan(0);
    expect(decodes.every((status) => status === 401)).toBe(true);
    const texts = [await page.locator('body').innerText(), ...(await Promise.all(page.frames().map((f) => f.locator('body').innerText().catch(() => ''))))];
    expect(texts.join('\n').toLowerCase()).not.toContain('tensorflow');
    await context.close();
  }, 120_000);
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The visible text of every frame of the page, once `ready` holds (or after 30 s). */
async function framesText(page: Page, ready: (texts: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const texts = await Promise.all(page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.locator('body').innerText().catch(() => '')));
    if (ready(texts) || Date.now() > deadline) return texts.map((t) => t.trim());
    await new Promise((r) => setTimeout(r, 250));
  }
}
