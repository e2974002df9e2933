/**
 * A broken model is reported as broken, not as a success: empty answers, a proxy's HTML page with status
 * 200, refusals and reports cut off after their continuations are retried a few times, then the part of the
 * report says so and the run's result names the endpoint and what it answered; a model that answers
 * nothing usable fails the run with that line; an endpoint whose first answer is HTML fails it at once; a
 * search that finds nothing for any query ends the run before a report is paid for. On the real server.
 */
import { WorkflowFailedError } from '@temporalio/client';
import type { ResearchResult } from '../../src/domain/types';
import { type Bench, failureOf, startBench } from '../harness/research';

const TOPIC = 'tensorflow vs pytorch';

/** The report's body: what comes before its references. */
function bodyOf(result: ResearchResult): string {
  return result.report.markdown.split('\n## References')[0];
}

/** The Markdown headings of a text that have nothing under them before the next heading (or the end). */
function emptyHeadings(markdown: string): string[] {
  const lines = markdown.split('\n');
  return lines.filter((line, i) => {
    if (!/^#{2,6}\s/.test(line)) return false;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    return next === undefined || /^#{1,6}\s/.test(next);
  });
}

describe('an endpoint whose first answer is an HTML page', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('fails the run at once, naming the endpoint and saying to check OPENAI_BASE_URL', async () => {
    bench.world.llm.setFaults({ kind: 'html_200', times: 100 });
    const started = Date.now();
    const { error, root } = await failureOf(bench.run(TOPIC));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(root.message).toBe(`LLM endpoint ${bench.world.llm.baseUrl} answered an HTML page ("502 Bad Gateway"), not a chat completion: check OPENAI_BASE_URL`);
    expect(bench.world.llm.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('a model that answers badly', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());
  beforeEach(() => {
    bench.world.llm.clearFaults();
    bench.world.llm.resetStats();
  });
  const endpoint = () => `LLM endpoint ${bench.world.llm.baseUrl}`;

  it('with empty sections: they are left out, saying so, and the result names the endpoint and the empty answers', async () => {
    bench.world.llm.setFaults({ kind: 'empty', stage: 'report_section', times: 1_000 });
    const { result } = await bench.run(TOPIC, { reportWords: 800 });
    expect(result.modelTrouble).toBe(`${endpoint()} answered an empty message (asked 3 times)`);
    const sections = bench.world.llm.requests.filter((r) => r.stage === 'report_section');
    expect(sections.length % 3).toBe(0); // each section asked three times, never continued or lengthened
    expect(emptyHeadings(bodyOf(result))).toEqual([]);
    const notes = result.report.markdown.split('### Notes')[1];
    expect(notes.match(/The section "[^"]+" was not written: the model answered an empty message\./g)).toHaveLength(sections.length / 3);
  });

  it('with refusals: no refusal text in the body, no continuation paid around one, and a line naming the endpoint', async () => {
    bench.world.llm.setFaults({ kind: 'refusal', stage: 'report_section', times: 1_000 });
    const { result } = await bench.run(TOPIC, { reportWords: 800 });
    expect(result.modelTrouble).toBe(`${endpoint()} answered a refusal: "I'm sorry, but I can't help with that." (asked 3 times)`);
    expect(bodyOf(result)).not.toMatch(/sorry|can't help/i);
    expect(emptyHeadings(bodyOf(result))).toEqual([]);
    const sections = bench.world.llm.requests.filter((r) => r.stage === 'report_section' || r.stage === 'report_section_more');
    expect(sections.every((r) => r.fault === 'refusal' && r.messages === 2)).toBe(true);
    expect(result.report.markdown).toMatch(/was not written: the model answered a refusal: "I'm sorry, but I can't help with that\."/);
  });

  it('with a proxy\'s HTML page for the summary and conclusion: asked again, then the report says it has none', async () => {
    bench.world.llm.setFaults({ kind: 'html_200', stage: 'report_framing', times: 1_000 });
    const { result } = await bench.run(TOPIC, { reportWords: 800 });
    expect(result.modelTrouble).toBe(`${endpoint()} answered an HTML page ("502 Bad Gateway"), not a chat completion (asked 3 times)`);
    expect(bench.world.llm.requests.filter((r) => r.stage === 'report_framing')).toHaveLength(6);
    expect(bodyOf(result)).not.toMatch(/## Executive summary|## Conclusion/);
    expect(result.report.markdown).toMatch(/the report has no executive summary or conclusion: the model answered an HTML page/);
  });

  it('with a report still cut off after its continuations: kept to its last whole paragraph, saying so', async () => {
    bench.world.llm.setFaults({ kind: 'truncated', stage: 'report', times: 1_000 });
    const { result } = await bench.run(TOPIC, { reportMode: 'single', reportWords: 800 });
    expect(result.modelTrouble).toBe(`${endpoint()} answered text still cut off at its output limit after 4 continuations (finish_reason length)`);
    expect(bench.world.llm.requests.filter((r) => r.stage === 'report')).toHaveLength(5);
    expect(result.report.markdown).toContain('The report was cut short: the model answered text still cut off at its output limit');
    expect(bodyOf(result).trimEnd()).toMatch(/[.!?)\]|]$/);
  });

  it('with sections still cut off after their continuations: each kept to its whole paragraphs, saying so', async () => {
    bench.world.llm.setFaults({ kind: 'truncated', stage: 'report_section', times: 1_000 });
    const { result } = await bench.run(TOPIC, { reportWords: 800 });
    expect(result.modelTrouble).toBe(`${endpoint()} answered text still cut off at its output limit after 2 continuations (finish_reason length)`);
    const sections = bench.world.llm.requests.filter((r) => r.stage === 'report_section');
    expect(sections.length % 3).toBe(0); // the answer and its two continuations, nothing more
    expect(emptyHeadings(bodyOf(result))).toEqual([]);
    expect(result.report.markdown).toMatch(/The section "[^"]+" (was cut short|was not written): the model answered text still cut off at its output limit/);
  });

  it('with every answer empty: the run fails with the line naming the endpoint, and pays for no report', async () => {
    bench.world.llm.setFaults({ kind: 'empty', times: 10_000 });
    const { error, root } = await failureOf(bench.run(TOPIC));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(root.message).toBe(`${endpoint()} answered an empty message (asked 3 times)`);
    expect(bench.world.llm.requests.filter((r) => r.stage.startsWith('report'))).toEqual([]);
  });

  it('with every answer a refusal: the run fails with the refusal, naming the endpoint', async () => {
    bench.world.llm.setFaults({ kind: 'refusal', times: 10_000 });
    const { error, root } = await failureOf(bench.run(TOPIC));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(root.message).toBe(`${endpoint()} answered a refusal: "I'm sorry, but I can't help with that." (asked 3 times)`);
    expect(bench.world.llm.requests.filter((r) => r.stage.startsWith('report'))).toEqual([]);
  });

  it('with every answer cut off at the token limit: the run fails naming the endpoint and its first unreadable answers', async () => {
    bench.world.llm.setFaults({ kind: 'truncated', times: 10_000 });
    const { error, root } = await failureOf(bench.run(TOPIC));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(root.message.startsWith(`${endpoint()} answered keywords that are not the JSON asked for, the last: "{"keywords":`)).toBe(true);
    expect(bench.world.llm.requests.filter((r) => r.stage.startsWith('report'))).toEqual([]);
  });
});

describe('a search that finds nothing for any query', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench?.close());

  it('ends the run with one line saying so, naming the provider, and pays for no report', async () => {
    const { error, root } = await failureOf(bench.run('qzxv wkjplm fnordic'));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(root.message).toMatch(/^search found nothing for any query \(\d+ searches with searxng\): try other words for the topic, or another SEARCH_PROVIDER$/);
    expect(bench.world.search.queries.length).toBeGreaterThan(0);
    expect(bench.world.llm.requests.filter((r) => r.stage.startsWith('report'))).toEqual([]);
  });
});
