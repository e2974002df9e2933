/**
 * A run on the real Temporal server against a web whose titles, snippets and pages are full of bidi
 * controls, zero-width characters and terminal escapes, a topic that carries them too, and the offline
 * world's model behind a proxy that adds them to every answer (raw in text, JSON-escaped in JSON). The
 * saved report, the run's history and what `client report` and `client status` print hold none of them.
 *
 * The pages are served here on loopback and reached through RESEARCH_ALLOWED_HOSTS alone (no private-network
 * flag); the search engine is a SearxNG stand-in written here; the product's real clients talk to all three.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { type OfflineWorld, startOfflineWorld } from '../../offline/world';
import { loadConfig } from '../../src/config';
import { researchWorkflow } from '../../src/workflows/research';
import { buildActivityDeps, createResearchWorker } from '../../src/worker';
import { cli } from '../client/cli';
import { type RecordedRequest, type Reply, type TestServer, startServer } from '../harness/loopbackServer';
import { historyText } from '../harness/historyText';
import { temporalAddress } from '../harness/research';
import { ARABIC, CLEAN_TITLE, ESCAPE_LEFTOVERS, HOSTILE_SNIPPET, HOSTILE_TITLE, hiddenCharacters, hostileParagraph } from '../text/hostileText';

const ESC = '\x1b';
/** What the proxy adds to the model's answers: every bit of it is removed by cleaning. */
const JUNK = `\u202E\u2066\u200B${ESC}[2J${ESC}]8;;http://evil.example/${ESC}\\${ESC}]0;pwned\x07\u2069\uFEFF\x9b31m`;
const HOSTILE_TOPIC = `\u202Egrid storage\u202C${ESC}]0;pwned\x07\u200B`;

function page(title: string, first: number): string {
  const paragraphs = [first, first + 1, first + 2, first + 3].map((n) => `<p>${hostileParagraph(n)}</p>`).join('\n');
  return `<!doctype html><html><head><title>${title}</title></head><body><main><article><h1>${title}</h1>${paragraphs}<p lang="ar">${ARABIC}</p></article></main></body></html>`;
}

/** JUNK before a text and after each of its sentences. */
const spiked = (text: string) => JUNK + text.replace(/\. /g, `.${JUNK} `);

/** Every string in a JSON value spiked (answers' structure untouched). */
function spikedJson(value: unknown): unknown {
  if (typeof value === 'string') return spiked(value);
  if (Array.isArray(value)) return value.map(spikedJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spikedJson(v)]));
  return value;
}

function expectClean(what: string, text: string): void {
  expect({ what, hidden: hiddenCharacters(text) }).toEqual({ what, hidden: [] });
  for (const leftover of ESCAPE_LEFTOVERS) expect({ what, leftover, found: text.includes(leftover) }).toEqual({ what, leftover, found: false });
}

/** The deps with a model client whose text answers can be spiked after its own cleaning (a run of an older version). */
function withUnfilteredAnswers(deps: ReturnType<typeof buildActivityDeps>, on: () => boolean): ReturnType<typeof buildActivityDeps> {
  const llm = deps.llm;
  const chat: typeof llm.chat = async (messages, options) => {
    const reply = await llm.chat(messages, options);
    return on() ? { ...reply, text: spiked(reply.text) } : reply;
  };
  return { ...deps, llm: Object.assign(Object.create(llm) as typeof llm, { chat }) };
}

describe('a web and a model full of controls, bidi controls and terminal escapes', () => {
  let world: OfflineWorld;
  let web: TestServer;
  let search: TestServer;
  let model: TestServer;
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let taskQueue: string;
  let settings: ReturnType<typeof loadConfig>['research'];
  const spikes = { text: 0, json: 0 };
  /** When set, text answers reach the activities spiked, as from a version without text hygiene. */
  let unfiltered = false;

  beforeAll(async () => {
    world = await startOfflineWorld();
    web = await startServer((request) => {
      if (request.url.pathname === '/storage-report') return { body: page(HOSTILE_TITLE, 1) };
      if (request.url.pathname === '/storage-annex') return { body: page(`${HOSTILE_TITLE} annex`, 5) };
      return { status: 404, body: 'not found' };
    });
    search = await startServer(() => ({
      body: {
        results: [
          { url: `${web.baseUrl}/storage-report`, title: HOSTILE_TITLE, content: HOSTILE_SNIPPET },
          { url: `${web.baseUrl}/storage-annex`, title: `${HOSTILE_TITLE}&#x202E; annex&#27;[2J`, content: `${HOSTILE_SNIPPET} grid storage annex` },
        ],
      },
    }));
    // The offline world's model, with JUNK added to every answer on its way back.
    model = await startServer(async (request: RecordedRequest): Promise<Reply> => {
      const answer = await fetch(`${world.llm.baseUrl}${request.url.pathname.replace(/^\/v1/, '')}`, {
        method: request.method,
        headers: { 'content-type': 'application/json', authorization: String(request.headers.authorization ?? '') },
        body: request.body,
      });
      const body = (await answer.json()) as { choices?: { message: { content: string } }[] };
      for (const choice of body.choices ?? []) {
        let json: unknown;
        try {
          json = JSON.parse(choice.message.content);
        } catch {
          json = undefined;
        }
        if (json !== undefined && typeof json === 'object') {
          choice.message.content = JSON.stringify(spikedJson(json));
          spikes.json++;
        } else {
          choice.message.content = spiked(choice.message.content);
          spikes.text++;
        }
      }
      return { status: answer.status, body };
    });

    const outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'hygiene-reports-'));
    taskQueue = `hygiene-${process.pid}-${Date.now().toString(36)}`;
    const config = loadConfig({
      OPENAI_API_KEY: world.llm.apiKey,
      OPENAI_BASE_URL: `${model.baseUrl}/v1`,
      RESEARCH_OFFLINE: 'false',
      SEARCH_PROVIDER: 'searxng',
      SEARXNG_URL: search.baseUrl,
      // No RESEARCH_ALLOW_PRIVATE_NETWORK: the named host alone opens the pages' loopback server.
      RESEARCH_ALLOWED_HOSTS: web.baseUrl.replace('http://', ''),
      RESEARCH_OUTPUT_DIR: outputDir,
      RESEARCH_CACHE_DIR: 'off',
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    settings = { ...config.research, keywords: 1, queries: 1, reportWords: 100 };
    workerConnection = await NativeConnection.connect({ address: temporalAddress() });
    worker = await createResearchWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue,
      deps: withUnfilteredAnswers(buildActivityDeps(config), () => unfiltered),
      workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    });
    running = worker.run();
    connection = await Connection.connect({ address: temporalAddress() });
    client = new Client({ connection, namespace: 'default' });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await workerConnection?.close();
    await connection?.close();
    await Promise.all([web, search, model, world].map((s) => s?.close()));
  });

  it('the report, the history and the terminal hold none of them; the words are there', async () => {
    const workflowId = `${taskQueue}-run`;
    const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId, args: [{ topic: HOSTILE_TOPIC, settings }] });
    const result = await handle.result();

    // The run read the hostile pages (reached through RESEARCH_ALLOWED_HOSTS) and the model's answers were spiked.
    expect(result.topic).toBe('grid storage');
    expect(result.pages.filter((p) => p.status === 'summarized').map((p) => p.url).sort()).toEqual([`${web.baseUrl}/storage-annex`, `${web.baseUrl}/storage-report`]);
    expect(spikes.json).toBeGreaterThan(3);
    expect(spikes.text + spikes.json).toBe(model.requests.length);

    const report = result.report.markdown;
    expectClean('saved report', report);
    expect(report).toMatch(/^# Research report: grid storage$/m);
    expect(report).toContain(CLEAN_TITLE);
    expect(report).toMatch(/grid storage rose by \d+0 MWh in 2025, the observatory said/);

    // All the run recorded after its start: the start event holds the input as this test sent it (the CLI
    // cleans a topic before it starts a run: NewRunInputSchema).
    const history = await handle.fetchHistory();
    expect(historyText({ ...history, events: history.events!.slice(0, 1) })).toContain(HOSTILE_TOPIC);
    expectClean('history', historyText({ ...history, events: history.events!.slice(1) }));

    const printed = await cli(['report', workflowId]);
    expect(printed.code).toBe(0);
    expectClean('client report', printed.stdout);
    expect(printed.stdout).toContain(CLEAN_TITLE);
    expectClean('client report, stderr', printed.stderr);

    const status = await cli(['status', workflowId]);
    expect(status.code).toBe(0);
    expectClean('client status', status.stdout);
    expectClean('client status --json', (await cli(['status', workflowId, '--json'])).stdout);
  });

  it('client report prints clean even a report an older version saved with them', async () => {
    unfiltered = true;
    const workflowId = `${taskQueue}-old`;
    try {
      const handle = await client.workflow.start(researchWorkflow, { taskQueue, workflowId, args: [{ topic: 'grid storage', settings }] });
      const result = await handle.result();
      expect(hiddenCharacters(result.report.markdown)).not.toEqual([]);
    } finally {
      unfiltered = false;
    }
    const printed = await cli(['report', workflowId]);
    expect(printed.code).toBe(0);
    // No control reaches the terminal. (Text may remain where the old report's Markdown escaping split a
    // sequence, `ESC\[2J`: ESC \ is a whole escape, `[2J` then plain text.)
    expect(hiddenCharacters(printed.stdout)).toEqual([]);
    expect(printed.stdout).toContain(CLEAN_TITLE);
  });
});
