/**
 * A page that makes the model refuse it (too long for its context, caught by its content filter) is
 * skipped with its reason; the run goes on. Any other 400 still fails the run fast. On the real Temporal
 * server, with a stand-in model in front of the offline one that refuses chosen pages as OpenAI and
 * Azure do.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { LlmClient } from '../../src/llm/client';
import { type Bench, failureOf, startBench } from '../harness/research';
import { type RecordedRequest, type Reply, startServer, type TestServer } from '../harness/loopbackServer';

const TOPIC = 'tensorflow vs pytorch';

type Refusal = { status: number; code: string; message: string };

const REFUSALS: Record<string, Refusal> = {
  context_length_exceeded: {
    status: 400,
    code: 'context_length_exceeded',
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens.",
  },
  content_filter: {
    status: 400,
    code: 'content_filter',
    message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
  },
  other: { status: 400, code: 'invalid_value', message: "Invalid value for 'temperature': must be between 0 and 2." },
};

/** The page a page-summary request is about, or undefined for other calls. */
function pageOf(request: RecordedRequest): string | undefined {
  if (!request.url.pathname.endsWith('/chat/completions')) return undefined;
  const body = JSON.parse(request.body) as { messages: { content: string }[] };
  const match = /<page url="([^"]+)"/.exec(body.messages.map((m) => m.content).join('\n'));
  return match?.[1];
}

/**
 * A stand-in model: forwards every call to the offline model, except the page-summary calls for pages
 * `refuse` picks, which it answers with that refusal.
 */
async function refusingModel(target: () => string, refuse: (page: string, seen: string[]) => Refusal | undefined): Promise<TestServer & { pagesSeen: string[] }> {
  const pagesSeen: string[] = [];
  const server = await startServer(async (request): Promise<Reply> => {
    const page = pageOf(request);
    if (page) {
      if (!pagesSeen.includes(page)) pagesSeen.push(page);
      const refusal = refuse(page, pagesSeen);
      if (refusal) return { status: refusal.status, body: { error: { message: refusal.message, type: 'invalid_request_error', param: 'messages', code: refusal.code } } };
    }
    const forwarded = await fetch(`${target()}${request.url.pathname.replace(/^\/v1/, '')}${request.url.search}`, {
      method: request.method,
      headers: { 'content-type': 'application/json', authorization: String(request.headers.authorization ?? '') },
      body: request.method === 'GET' ? undefined : request.body,
    });
    return { status: forwarded.status, body: await forwarded.json() };
  });
  return Object.assign(server, { pagesSeen });
}

function benchWith(model: TestServer): Promise<Bench> {
  return startBench({
    deps: (world, config) => ({
      llm: new LlmClient({ apiKey: world.llm.apiKey, baseUrl: `${model.baseUrl}/v1`, jsonMode: config.llm.jsonMode, timeoutMs: config.llm.timeoutMs }),
    }),
  });
}

describe('pages the model refuses', () => {
  let bench: Bench;
  let model: Awaited<ReturnType<typeof refusingModel>>;
  const refused = new Map<string, Refusal>();
  beforeAll(async () => {
    // The first page read is refused as too long, the second by the content filter; the rest are read.
    model = await refusingModel(
      () => bench.world.llm.baseUrl,
      (page, seen) => {
        const i = seen.indexOf(page);
        const refusal = i === 0 ? REFUSALS.context_length_exceeded : i === 1 ? REFUSALS.content_filter : undefined;
        if (refusal) refused.set(page, refusal);
        return refusal;
      },
    );
    bench = await benchWith(model);
  });
  afterAll(async () => {
    await bench?.close();
    await model?.close();
  });

  it('are skipped with their reason, unpaid, and the run completes from the other pages', async () => {
    const { result } = await bench.run(TOPIC);
    expect(refused.size).toBe(2);
    for (const [url, refusal] of refused) {
      const page = result.pages.find((p) => p.url === url);
      expect(page).toMatchObject({ status: 'refused', costUsd: 0 });
      expect(page!.reason).toContain(`the model refused this page (${refusal.code}`);
      // Refused once, not retried: a refusal is the page's own trouble.
      expect(model.requests.filter((r) => pageOf(r) === url)).toHaveLength(1);
    }
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeGreaterThanOrEqual(2);
    const report = result.report.markdown;
    const appendix = report.split('## Appendix')[1] ?? '';
    // (The report escapes Markdown: context\_length\_exceeded.)
    expect(appendix).toMatch(/refused: the model refused this page \(context\\?_length\\?_exceeded\): This model's maximum context length/);
    expect(appendix).toMatch(/refused: the model refused this page \(content\\?_filter\): The response was filtered/);
  });
});

describe('any other 400 on a page', () => {
  let bench: Bench;
  let model: Awaited<ReturnType<typeof refusingModel>>;
  beforeAll(async () => {
    model = await refusingModel(
      () => bench.world.llm.baseUrl,
      () => REFUSALS.other,
    );
    bench = await benchWith(model);
  });
  afterAll(async () => {
    await bench?.close();
    await model?.close();
  });

  it('still fails the run fast as an invalid request, without retries', async () => {
    const { error, root } = await failureOf(bench.run(TOPIC));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(root.message).toMatch(/answered HTTP 400: Invalid value for 'temperature'/);
    // Every page asked at most once: a bad request is not retried.
    const pageCalls = model.requests.map(pageOf).filter((p): p is string => p !== undefined);
    expect(new Set(pageCalls).size).toBe(pageCalls.length);
  });
});

describe('every page refused the same way', () => {
  let bench: Bench;
  let model: Awaited<ReturnType<typeof refusingModel>>;
  beforeAll(async () => {
    model = await refusingModel(
      () => bench.world.llm.baseUrl,
      () => REFUSALS.context_length_exceeded,
    );
    bench = await benchWith(model);
  });
  afterAll(async () => {
    await bench?.close();
    await model?.close();
  });

  it('fails the run, saying the setup is the cause and what to change', async () => {
    const error = await bench.run(TOPIC).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause?.message).toMatch(/the model refused every page it was given \(\d+\) with context_length_exceeded: .*RESEARCH_CONTEXT_TOKENS/);
  });
});
