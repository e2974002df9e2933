/**
 * A research run on the real Temporal server whose only source is a page a script builds in the
 * browser (the offline corpus's client-rendered news app): the worker renders it in Debian's chromium,
 * and the facts that exist only in the JSON its script fetches reach the report. (Without chromium the
 * page is skipped as needs-browser: test/web/render.test.ts; the run's one note: test/workflows/stages/needsBrowser.test.ts.)
 */
import { existsSync } from 'node:fs';
import type { ResearchResult } from '../../src/domain/types';
import { closeSharedBrowserPool } from '../../src/web/render/pool';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'tidal lagoon power';
const PATH = '/tidewatch/lagoons/porthmear-first-year';

describe('a run whose source is built by script', () => {
  let bench: Bench;
  let result: ResearchResult;

  beforeAll(async () => {
    if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does this)');
    bench = await startBench();
    ({ result } = await bench.run(TOPIC));
  }, 120_000);
  afterAll(async () => {
    await bench?.close();
    await closeSharedBrowserPool();
  });

  it('reads it in chromium and carries the facts of the JSON its script fetched into the report', () => {
    const url = bench.world.web.urlOf(PATH);
    expect(result.pages.find((p) => p.url === url)).toMatchObject({ status: 'summarized' });
    const facts = bench.world.corpus.find((p) => p.path === PATH)!.facts;
    expect(facts.filter((fact) => result.report.markdown.includes(fact)).length).toBeGreaterThanOrEqual(2);
    // The script and its data were fetched by the worker's guard, on behalf of the browser.
    expect(bench.world.web.requests.get('/tidewatch/api/porthmear-first-year.json')).toBeGreaterThanOrEqual(1);
  });
});
