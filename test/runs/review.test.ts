/**
 * Review mid-run on the real Temporal server: the run pauses after ranking with its shortlist, takes a
 * valid answer (drop pages, add queries), rejects a bad one in one line while it keeps waiting, and goes
 * on by itself after the timeout, saying so.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ReviewAnswer } from '../../src/domain/review';
import { reviewUpdate, shortlistQuery } from '../../src/workflows/definitions';
import { type Bench, startBench } from '../harness/research';

const TOPIC = 'solid-state batteries';

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a run started with review', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('waits with its shortlist, rejects bad answers, and reads what the user chose', async () => {
    const handle = await bench.start(TOPIC, { review: true, reportWords: 300 });
    const shortlist = await until(async () => {
      const s = await handle.query(shortlistQuery);
      return s.waiting ? s : undefined;
    });
    expect(shortlist.pages.length).toBeGreaterThan(1);
    expect(shortlist.pages[0]).toMatchObject({ n: 1, host: expect.stringContaining('127.0.0.1') });
    expect(shortlist.pages.every((p) => p.queries.length > 0)).toBe(true);
    const readsBefore = bench.world.llm.requests.filter((r) => r.stage === 'page_summary').length;
    expect(readsBefore).toBe(0);

    const badAnswers: [ReviewAnswer, RegExp][] = [
      [{ drop: [99] }, /no page 99 on the shortlist/],
      [{ add: ['ftp://example.com/x'] }, /not an http\(s\) URL/],
      [{ add: ['http://10.0.0.7/admin'] }, /private or local address/],
      [{ add: ['not a url'] }, /is not a URL/],
    ];
    for (const [answer, message] of badAnswers) {
      const rejected = await handle.executeUpdate(reviewUpdate, { args: [answer] }).catch((err: unknown) => err);
      expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((rejected as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
    }
    expect((await handle.query(shortlistQuery)).waiting).toBe(true);

    const dropped = shortlist.pages[0].url;
    await handle.executeUpdate(reviewUpdate, { args: [{ drop: [1], addQueries: ['solid electrolyte manufacturing cost'] }] });
    const result = await handle.result();
    expect(result.pages.map((p) => p.url)).not.toContain(dropped);
    expect(result.queries).toContain('solid electrolyte manufacturing cost');
    expect(bench.world.search.queries).toContain('solid electrolyte manufacturing cost');
    expect(result.notes.join('\n')).toMatch(/Review: the user dropped 1 page\(s\); added the queries "solid electrolyte manufacturing cost"/);
  });

  it('goes on with its own choice after the timeout, and the report says so', async () => {
    const { result } = await bench.run(TOPIC, { review: true, reviewTimeoutSeconds: 5, reportWords: 300 });
    expect(result.pages.some((p) => p.status === 'summarized')).toBe(true);
    expect(result.report.markdown).toMatch(/Review: nobody answered within 5 seconds/);
  });
});
