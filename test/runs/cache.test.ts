/**
 * The summary cache across runs, on the real Temporal server.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'solid-state batteries';

describe('researching the same topic again', () => {
  let bench: Bench;
  beforeAll(async () => {
    const cacheDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'cache-'));
    bench = await startBench({ env: { RESEARCH_CACHE_DIR: cacheDir } });
  });
  afterAll(() => bench?.close());

  it('reuses the pages read for the same questions without fetching or paying again, and says so', async () => {
    const { result: first } = await bench.run(TOPIC);
    const summarized = first.pages.filter((p) => p.status === 'summarized');
    expect(summarized.length).toBeGreaterThanOrEqual(3);
    const summariesPaid = bench.world.llm.requests.filter((r) => r.stage === 'page_summary').length;
    const fetches = new Map(bench.world.web.requests);

    const { result: second } = await bench.run(TOPIC);
    expect(bench.world.llm.requests.filter((r) => r.stage === 'page_summary').length).toBe(summariesPaid);
    expect(new Map(bench.world.web.requests)).toEqual(fetches);
    expect(second.cost.stages.browse.calls).toBe(0);
    expect(second.pages.filter((p) => p.status === 'summarized' && p.cached).map((p) => p.url).sort()).toEqual(summarized.map((p) => p.url).sort());
    const report = second.report.markdown;
    expect(report).toContain('_(summary from an earlier run)_');
    expect(report).toContain('## References');
  });

  it('reads the pages again when the questions differ (another language)', async () => {
    const before = bench.world.llm.requests.filter((r) => r.stage === 'page_summary').length;
    const { result } = await bench.run(TOPIC, { language: 'de-de' });
    expect(result.pages.some((p) => p.cached)).toBe(false);
    expect(bench.world.llm.requests.filter((r) => r.stage === 'page_summary').length).toBeGreaterThan(before);
  });
});
