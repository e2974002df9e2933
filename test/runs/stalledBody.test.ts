/**
 * LLM_TIMEOUT_MS bounds the whole answer, body included: an answer whose headers arrive and whose body then
 * stalls is cut at the limit and retried, and the run completes in bounded time. On the real server.
 */
import { type Bench, startBench } from '../harness/research';

describe('a model answer whose body stalls', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench({ env: { LLM_TIMEOUT_MS: '2000' } });
  });
  afterAll(() => bench?.close());

  it('is cut at LLM_TIMEOUT_MS and retried: the page is read and the run completes in bounded time', async () => {
    // Without the limit on the body, the call would hang until the page's start-to-close limit (10 minutes).
    bench.world.llm.setFaults({ kind: 'stalled_body', stage: 'page_summary', times: 1 });
    const started = Date.now();
    const { result } = await bench.run('solid-state batteries', { reportMode: 'single', reportWords: 300 });
    expect(Date.now() - started).toBeLessThan(45_000);
    const stalled = bench.world.llm.requests.find((r) => r.fault === 'stalled_body')!;
    expect(stalled).toMatchObject({ stage: 'page_summary', status: 0, usageReturned: false });
    const retried = bench.world.llm.requests.filter((r) => r.subject === stalled.subject && r.status === 200);
    expect(retried).toHaveLength(1);
    expect(retried[0].receivedAt - stalled.receivedAt).toBeGreaterThanOrEqual(2_000);
    expect(result.pages.find((p) => p.url === stalled.subject)).toMatchObject({ status: 'summarized' });
  });
});
