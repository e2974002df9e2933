/**
 * What a user sees when the model misbehaves: typed failures, retries with the server's delay, and
 * repairs of bad answers, on the real Temporal server.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { type Bench, failureOf, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';

describe('a worker holding a wrong API key', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench({ llmApiKey: 'sk-wrong' });
  });
  afterAll(() => bench?.close());

  it('fails the run fast, without retries, with a message that says what to fix', async () => {
    const started = Date.now();
    const { error, root } = await failureOf(bench.run(TOPIC));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(root.message).toMatch(/refused the API key \(HTTP 401\): set a valid OPENAI_API_KEY/);
    expect(bench.world.llm.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('a model that misbehaves', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());
  beforeEach(() => {
    bench.world.llm.clearFaults();
    bench.world.llm.requests.length = 0;
  });

  it('is retried after the Retry-After delay it asks for when rate limited, and nothing is lost', async () => {
    bench.world.llm.setFaults({ kind: 'rate_limit', stage: 'page_summary', times: 2, retryAfterSeconds: 1 });
    const { result } = await bench.run(TOPIC);
    expect(bench.world.llm.requests.filter((r) => r.status === 429)).toHaveLength(2);
    // (Not just /429/: a reason can carry an ephemeral port such as 127.0.0.1:42915.)
    expect(result.pages.filter((p) => /HTTP 429|rate limit/i.test(p.reason ?? '')).map((p) => p.reason)).toEqual([]);
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeGreaterThanOrEqual(3);
  });

  it('recovers from a server error on the report', async () => {
    bench.world.llm.setFaults({ kind: 'server_error', stage: 'report', times: 1 });
    const { result } = await bench.run(TOPIC, { reportMode: 'single' });
    expect(bench.world.llm.requests.filter((r) => r.stage === 'report' && r.status === 500)).toHaveLength(1);
    expect(result.report.markdown).toContain('## References');
  });

  it('removes citations of sources that do not exist and says so', async () => {
    bench.world.llm.setFaults({ kind: 'bad_citations', stage: 'report', times: 1 });
    const { result } = await bench.run(TOPIC, { reportMode: 'single' });
    const report = result.report.markdown;
    const body = report.split('## References')[0];
    const cited = (report.split('## References')[1].split('## Appendix')[0].match(/^\[\d+\]/gm) ?? []).length;
    for (const m of body.matchAll(/\[(\d+)\]/g)) expect(Number(m[1])).toBeLessThanOrEqual(cited);
    expect(report).toMatch(/Removed \d+ citation\(s\) the model made to sources that do not exist/);
  });

  it('falls back to the topic when the keyword answer is unreadable, and discards bad ranking indices', async () => {
    bench.world.llm.setFaults([
      { kind: 'malformed_json', stage: 'search_keywords', times: 3 }, // every try the model gets
      { kind: 'bad_indices', stage: 'ranked_results', times: 4 },
    ]);
    const { result } = await bench.run(TOPIC);
    expect(result.keywords).toEqual([TOPIC]);
    expect(result.notes).toContain('Keywords: the model gave no usable keywords; searched the topic itself.');
    expect(result.report.markdown).toContain('- Keywords: the model gave no usable keywords; searched the topic itself.');
    expect(result.pages.length).toBeGreaterThan(0);
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeGreaterThan(0);
  });

  it('continues a report the model cut at its output limit until it is whole', async () => {
    const { result } = await bench.run(TOPIC, { maxOutputTokens: 600, reportMode: 'single' });
    const reportCalls = bench.world.llm.requests.filter((r) => r.stage === 'report');
    expect(reportCalls.length).toBeGreaterThan(1);
    expect(reportCalls.slice(0, -1).every((r) => r.finishReason === 'length')).toBe(true);
    expect(reportCalls[reportCalls.length - 1].finishReason).toBe('stop');
    const report = result.report.markdown;
    expect(report).toMatch(/## Executive summary[\s\S]*## Conclusion[\s\S]*## References/);
  });

  it('reads JSON answers wrapped in code fences and prose', async () => {
    bench.world.llm.setFaults({ kind: 'fenced_json', stage: 'any', times: 50 });
    const { result } = await bench.run(TOPIC);
    expect(result.keywords).not.toEqual([TOPIC]);
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeGreaterThanOrEqual(3);
  });
});

describe('a search engine that fails for a moment', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('is retried with backoff and the run loses nothing', async () => {
    bench.world.search.setFaults({ status: 503, times: 3 });
    const { result } = await bench.run(TOPIC);
    expect(bench.world.search.pendingFaults()).toEqual([]);
    expect(result.notes).toEqual([]);
    expect(result.keywords.length).toBeGreaterThan(1);
    expect(result.pages.filter((p) => p.status === 'summarized').length).toBeGreaterThanOrEqual(3);
  });
});
