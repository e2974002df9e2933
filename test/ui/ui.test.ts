/**
 * The Temporal UI reads as research, checked in a real browser: Debian's chromium (never a downloaded
 * browser; `.ci/run` installs the package when it is missing), headless, driven by playwright-core. A dev
 * server with its UI runs a research; the browser finds the finished run through its search attributes
 * (the list filter), sees its topic as the run's summary with the settings as details, and a
 * `summarizePage` activity labelled with the URL of a page the run read.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { type Browser, chromium, type Page } from 'playwright-core';
import { researchWorkflow } from '../../src/workflows/research';
import { type DevServer, freePort, startDevServer } from '../../src/temporal/devServer';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const TOPIC = 'tensorflow vs pytorch';

describe('the Temporal UI shows a research run', () => {
  let server: DevServer;
  let browser: Browser | undefined;
  let workflowId: string;
  let readUrl: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
    server = await startDevServer({ port: await freePort(), uiPort: await freePort(), startTimeoutMs: 90_000 });
    await waitForUi(server.uiUrl!);

    // A research run as a user starts it: the command, with its own worker and the offline world.
    const tmp = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'ui-'));
    const env: NodeJS.ProcessEnv = { ...process.env, TEMPORAL_ADDRESS: server.address, RESEARCH_OUTPUT_DIR: tmp, RESEARCH_CACHE_DIR: 'off', FETCH_TIMEOUT_MS: '4000' };
    delete env.OPENAI_API_KEY;
    const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'client.ts'), 'research', TOPIC], {
      cwd: tmp,
      env,
      timeout: 240_000,
    });
    workflowId = /Research run started: (\S+)/.exec(stdout)![1];
    const connection = await Connection.connect({ address: server.address });
    try {
      const result = await new Client({ connection }).workflow.getHandle<typeof researchWorkflow>(workflowId).result();
      readUrl = result.pages.find((p) => p.status === 'summarized')!.url;
    } finally {
      await connection.close();
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openRun(): Promise<Page> {
    const page = await browser!.newPage({ viewport: { width: 1600, height: 1200 } });
    // The list filtered by the run's search attributes, as a user types it into the UI's filter.
    const query = `ResearchTopic = "${TOPIC}" AND ResearchStage = "done" AND ResearchCostUsd > 0`;
    await page.goto(`${server.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
    const link = page.locator(`a[href*="/workflows/${workflowId}/"]`).first();
    await link.waitFor({ timeout: 30_000 });
    await link.click();
    await page.waitForURL(/\/history$/, { timeout: 30_000 });
    return page;
  }

  it('finds the finished run through its search attributes and shows its topic as the summary, its settings as details', async () => {
    const page = await openRun();
    await page.getByText('User Metadata', { exact: true }).first().click();
    await page.waitForURL(/\/user-metadata$/, { timeout: 30_000 });
    await page.getByText('Summary', { exact: true }).first().waitFor({ timeout: 30_000 });
    // The UI renders the summary and details as Markdown, each in its own sandboxed frame.
    const rendered = await framesText(page, (texts) => texts.some((t) => t.trim() === TOPIC) && texts.some((t) => t.includes('Model:')));
    expect(rendered).toContainEqual(TOPIC);
    const details = rendered.find((t) => t.includes('Model:'))!;
    expect(details).toMatch(/Model: gpt-4o-mini\s+Budget: \$10\s+Words: 2000\s+Language: en-us/);
    expect(details).not.toContain('**'); // bold labels, not asterisks
    await page.close();
  }, 120_000);

  it('labels each summarizePage activity with its URL in the timeline', async () => {
    const page = await openRun();
    // A retried activity's label starts with its attempt count ("3 • summarizePage • ...").
    const label = new RegExp(`^(\\d+ • )?summarizePage • ${readUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await page.getByText(label).first().waitFor({ timeout: 30_000 });
    await page.close();
  }, 120_000);
});

/** The visible text of every frame of the page, once `ready` holds (or after 30 s). */
async function framesText(page: Page, ready: (texts: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const texts = await Promise.all(page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.locator('body').innerText().catch(() => '')));
    if (ready(texts) || Date.now() > deadline) return texts.map((t) => t.trim());
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitForUi(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the Temporal UI did not answer at ${url} within a minute`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
