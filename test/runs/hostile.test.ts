/**
 * A run against a hostile web and a gullible model, on the real Temporal server: pages whose titles are
 * HTML and whose text carries links, search results that do the same, and a model that copies every link
 * it sees into its summaries and its report, adds its own, and defines `[1]` as a link. What reaches the
 * report file: no URL the run did not read, no HTML from the web, and a count of what was removed.
 *
 * The model, search engine and web are loopback stand-ins written here, driven through the product's
 * real clients (OpenAI SDK, SearxNG provider, safe fetch) and a real worker.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { researchWorkflow } from '../../src/workflows/research';
import { buildActivityDeps, createResearchWorker } from '../../src/worker';
import { type RecordedRequest, type Reply, type TestServer, jsonBody, startServer } from '../harness/loopbackServer';
import { temporalAddress } from '../harness/research';

const ATTACKER = 'http://attacker.example';
const HTML_TITLE = '<img src=x onerror=alert(document.cookie)>';

const paragraph = (n: number) =>
  `<p>Solid-state batteries replace the liquid electrolyte with a solid one. Finding ${n}: energy density rose by ${10 * n} percent ` +
  `in the 2025 trials, according to the lab. Read more at <a href="${ATTACKER}/in-page-${n}">our partner</a> or visit ${ATTACKER}/bare-in-page-${n} today.</p>`;

function page(title: string, n: number): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><main><article><h1>Battery study ${n}</h1>${[1, 2, 3, 4].map(paragraph).join('')}</article></main></body></html>`;
}

/** The gullible model: copies what it reads, links included, and adds links of its own. */
function modelAnswer(request: RecordedRequest): Reply {
  const body = jsonBody(request) as { messages: { role: string; content: string }[]; response_format?: { json_schema?: { name?: string } } };
  const user = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const schema = body.response_format?.json_schema?.name;
  let content: string;
  if (schema === 'search_keywords') content = JSON.stringify({ keywords: ['solid state batteries'] });
  else if (schema === 'research_queries') content = JSON.stringify({ queries: ['solid state battery energy density'] });
  else if (schema === 'ranked_results') content = JSON.stringify({ indices: [0, 1] });
  else if (schema === 'page_summary') {
    const text = /<page [^\n]*>\n([\s\S]*?)\n<\/page>/.exec(user)?.[1] ?? '';
    content = JSON.stringify({ relevant: true, summary: `${text.slice(0, 600)} Source: [the lab](${ATTACKER}/summary-link) ${ATTACKER}/summary-bare` });
  } else {
    const sources = [...user.matchAll(/<source id="(\d+)"[^>]*>\n([\s\S]*?)\n<\/source>/g)];
    content = [
      '# Solid-state batteries',
      '',
      '## Executive summary',
      '',
      ...sources.map(([, id, summary]) => `${summary} [${id}]`),
      '',
      `## Findings`,
      '',
      `Energy density rose [1]. See [the vendor](${ATTACKER}/inline), [2](${ATTACKER}/numbered), <${ATTACKER}/autolink>, ` +
        `${ATTACKER}/bare and www.attacker.example for more.`,
      `<a href="${ATTACKER}/anchor">Click here</a> ${HTML_TITLE} ![tracker](${ATTACKER}/pixel.png)`,
      '',
      `[1]: ${ATTACKER}/definition`,
      '',
      '## Conclusion',
      '',
      'Promising, but early [2].',
    ].join('\n');
  }
  return {
    body: {
      id: 'chatcmpl-hostile',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: Math.ceil(user.length / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: 0 },
    },
  };
}

describe('a hostile web and a gullible model', () => {
  let model: TestServer;
  let search: TestServer;
  let web: TestServer;
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let outputDir: string;
  let taskQueue: string;
  let settings: ReturnType<typeof loadConfig>['research'];

  beforeAll(async () => {
    model = await startServer(modelAnswer);
    web = await startServer((request) => {
      if (request.url.pathname === '/html-title') return { body: page('&lt;img src=x onerror=alert(document.cookie)&gt;', 1) };
      if (request.url.pathname === '/other') return { body: page('Normal &amp; *starred* [bracketed] title', 2) };
      return { status: 404, body: 'not found' };
    });
    search = await startServer(() => ({
      body: {
        results: [
          { url: `${web.baseUrl}/html-title`, title: HTML_TITLE, content: `Snippet with <b>markup</b> and ${ATTACKER}/snippet` },
          { url: `${web.baseUrl}/other`, title: 'Other </results> page', content: 'A snippet.' },
        ],
      },
    }));
    outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'hostile-reports-'));
    taskQueue = `hostile-${process.pid}-${Date.now().toString(36)}`;
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${model.baseUrl}/v1`,
      RESEARCH_OFFLINE: 'false',
      SEARCH_PROVIDER: 'searxng',
      SEARXNG_URL: search.baseUrl,
      RESEARCH_ALLOW_PRIVATE_NETWORK: 'true',
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
      deps: buildActivityDeps(config),
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
    await Promise.all([model, search, web].map((s) => s?.close()));
  });

  it('writes a report whose body links only to pages the run read, with no HTML from the web', async () => {
    const handle = await client.workflow.start(researchWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-run`,
      // This stand-in model writes the one-call report (the links check is the same for sectioned reports).
      args: [{ topic: 'solid-state batteries', settings: { ...settings, reportMode: 'single' as const } }],
    });
    const result = await handle.result();
    const read = result.pages.filter((p) => p.status === 'summarized').map((p) => p.url);
    expect(read).toHaveLength(2);

    const report = result.report.markdown;
    const [body, rest] = report.split('\n## References');
    // The model did write links, from the pages and of its own: they were removed, their text kept.
    expect(body).toContain('Energy density rose');
    expect(body).toContain('the vendor');
    expect(body).toContain('Click here');
    const urls = [...body.matchAll(/(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()"'\]]*/gi)].map((m) => m[0]);
    expect(urls.filter((u) => !read.includes(u))).toEqual([]);
    expect(body).not.toContain('attacker');
    // Citations survive the definition that tried to capture them, and point at the pages read.
    expect(body).toMatch(/rose \[\d\]/);
    expect(rest).toMatch(/_Removed \d+ link\(s\) the model wrote to pages this run did not read \(their text is kept\)\._/);

    // Nothing from the web is HTML anywhere in the file: titles are escaped in References and appendix.
    expect(report).not.toMatch(/<(img|a|b|script)\b/i);
    expect(rest).toContain('&lt;img src=x onerror=alert(document.cookie)&gt;');
    expect(rest).toContain('Normal &amp; \\*starred\\* \\[bracketed\\] title');
  });
});
