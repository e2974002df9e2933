/**
 * Pages skipped because they need a browser the worker does not have: each is recorded with its
 * reason, and the run says so once in its notes, however many such pages there were (stubbed
 * activities on the real server).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openWorkflowEnv, stubActivities, stubSettings, withStubWorker } from '../../harness/workflowEnv';

const REASON = 'the page is built by script and needs a browser, but chromium is not installed on the worker (apt-get install chromium, or set RESEARCH_RENDER=never)';

describe('pages that need a browser', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openWorkflowEnv();
  });
  afterAll(() => env?.teardown());

  it('are each skipped as needs-browser with the reason, and noted once for the run', async () => {
    const urls = ['https://app1.example/a', 'https://plain.example/b', 'https://app2.example/c', 'https://app3.example/d'];
    const stubs = stubActivities(urls, {
      summarizePage: async ({ url }) =>
        url.includes('plain')
          ? { url, status: 'summarized', title: url, summary: `What ${url} says.`, usage: { calls: 1, promptTokens: 10, completionTokens: 10 } }
          : { url, status: 'needs-browser', reason: REASON, usage: { calls: 0, promptTokens: 0, completionTokens: 0 } },
    });
    const result = await withStubWorker(env, stubs, async (start) => (await start('a topic', stubSettings({ urlsPerQuery: 10 }))).result());

    expect(result.pages.filter((p) => p.status === 'needs-browser').map((p) => p.url).sort()).toEqual([urls[0], urls[2], urls[3]].sort());
    expect(result.pages.find((p) => p.url === urls[0])?.reason).toBe(REASON);
    const notes = result.notes.filter((note) => note.includes('needs-browser'));
    expect(notes).toEqual([`Some pages could not be read without a browser (needs-browser): ${REASON}.`]);
  });
});
