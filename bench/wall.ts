/**
 * Figures 1, 2 (overhead, tasks, activities), 3, 4 and 7 from one reference-shaped run under the reference's
 * stage times, then the reference's schedule driven against the same world: wall time, critical path, history,
 * tokens with a real tokenizer, cost at gpt-4o-mini prices.
 */
import { CORPUS, corpusMainText } from '../offline/corpus';
import type { LatencyProfileName } from '../offline/latency';
import type { LlmRequestRecord } from '../offline/llmServer';
import { usageCost } from '../src/domain/budget';
import { knownModel } from '../src/llm/models';
import { criticalPath } from './criticalPath';
import { type Figure, atMost, ratio, seconds } from './figures';
import { type Server, startSetup } from './harness';
import { historyFigures } from './history';
import { driveReference } from './reference';
import { timeline } from './timeline';
import { countTokens } from './tokenizer';

export const TOPIC = 'tensorflow vs pytorch';
/** The reference's recorded run (shared/researcher-spec.md). */
export const RECORDED = { wallMs: 101_600, costUsd: 0.017, promptTokens: 74_749 } as const;
/** Windows of page main text this long never appear in history (summaries quote sentences, never runs of them). */
const PAGE_TEXT_WINDOW = 600;

export async function wallFigures(server: Server, profile: LatencyProfileName = 'reference', showTimeline = false): Promise<Figure[]> {
  const setup = await startSetup(server, { world: { siteHosts: true, latencyProfile: profile, slowPageDelayMs: 0, countTokens } });
  try {
    const { world } = setup;
    const startedAt = Date.now();
    const { handle, result, ms } = await setup.run(TOPIC);
    const redirects = new Map(CORPUS.filter((p) => p.redirectTo).map((p) => [p.path, p.redirectTo!]));
    const records = { llm: world.llm.requests, search: world.search.requests, web: world.web.log };
    const cp = criticalPath(result, records, redirects);
    if (showTimeline) {
      const { events } = await handle.fetchHistory();
      console.log([`our run, as the stand-ins and its history saw it (the client had its result at ${Math.round(ms)} ms):`, ...timeline(records, startedAt, events ?? [])].join('\n'));
    }
    const history = await historyFigures(handle);
    const ours = world.llm.stats().totals;
    const large = world.web.urlOf(CORPUS.find((c) => c.kind === 'large')!.path);
    const ourPageTokens = pageTokens(world.llm.requests, large);
    const ourPages = result.pages.filter((p) => p.status === 'summarized');
    const facts = ourPages.flatMap((p) => {
      const page = CORPUS.find((c) => world.web.urlOf(c.path) === p.url);
      const target = page?.redirectTo ? CORPUS.find((c) => c.path === page.redirectTo) : page;
      return target?.facts ?? [];
    });
    const factsInReport = facts.filter((f) => result.report.markdown.includes(f)).length;
    const pageText = pageTextIn(history.text, world.corpus.map((p) => p.path));
    const seen = ourPages.filter((p) => history.text.includes(p.url)).length;
    const perHost = world.web.maxConcurrentPerHost;

    world.llm.resetStats();
    world.web.resetRequests();
    const today = new Date().toISOString().slice(0, 10);
    const reference = await driveReference(world, TOPIC, today);
    const theirs = world.llm.stats().totals;
    const theirPageTokens = pageTokens(world.llm.requests, large);
    const price = knownModel('gpt-4o-mini')!.price;
    const ourCost = usageCost(price, { calls: 0, promptTokens: ours.promptTokens, completionTokens: ours.completionTokens });
    const theirCost = usageCost(price, { calls: 0, promptTokens: theirs.promptTokens, completionTokens: theirs.completionTokens });
    const p = `[${profile} profile]`;
    const figures: Figure[] = [
      atMost(`1 wall ÷ reference's recorded 101.6 s ${p} (recorded run)`, ms / RECORDED.wallMs, 0.42, ratio, '≤ 0.42 one-call report; ≤ 0.3 sectioned'),
      atMost(`1 wall ÷ reference schedule driven in this run ${p}`, ms / reference.ms, 0.5, ratio),
      atMost(`1 wall ÷ critical path of our dependent calls ${p}`, ms / cp.ms, 1.05, ratio),
      info(`1 wall, reference schedule, critical path ${p}`, `${seconds(ms)}, ${seconds(reference.ms)}, ${seconds(cp.ms)}`),
      info(`1 critical path parts ${p}`, Object.entries(cp.parts).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')),
      atMost(`2 orchestration beyond the critical path ${p}`, (ms - cp.ms) / 1000, 1, (x) => `${x.toFixed(2)} s`),
      info('2 workflow tasks per run', String(history.workflowTasks)),
      info('2 activities per run', String(history.activities)),
      atMost('3 page prompt tokens ÷ reference strategy on the same pages (o200k_base)', ourPageTokens.all / theirPageTokens.all, 0.35, ratio),
      atMost('3 page prompt tokens ÷ reference strategy, without the ~3 MB page', ourPageTokens.withoutLarge / theirPageTokens.withoutLarge, 0.35, ratio),
      info('3 whole-run prompt tokens ÷ reference strategy', ratio(ours.promptTokens / theirs.promptTokens)),
      info('3 page prompt tokens ours, reference strategy (all; without the ~3 MB page)', `${ourPageTokens.all}, ${theirPageTokens.all}; ${ourPageTokens.withoutLarge}, ${theirPageTokens.withoutLarge}`),
      info('3 whole-run prompt tokens ours, reference strategy', `${ours.promptTokens}, ${theirs.promptTokens} (${reference.pairs} pairs, ${reference.distinctUrls} distinct URLs)`),
      { name: '3 facts of the summarized pages in the report', value: `${factsInReport}/${facts.length}`, target: 'all', met: factsInReport === facts.length },
      atMost('4 history events', history.events, 300, String),
      atMost('4 history size (encoded, as Temporal counts it)', history.bytes / 1024, 200, (x) => `${x.toFixed(1)} KB`),
      info('4 history exported as JSON (payloads base64)', `${(history.exportBytes / 1024).toFixed(1)} KB`),
      // The search must see through payloads: every page URL the run read shows in the decoded history.
      { name: '4 page text in history', value: pageText.length ? pageText.join(', ') : `none (search sees ${seen}/${ourPages.length} read pages' URLs)`, target: 'none', met: pageText.length === 0 && seen === ourPages.length },
      atMost("7 cost ÷ reference's recorded $0.017 (recorded run)", ourCost / RECORDED.costUsd, 1, ratio, '< 1'),
      info('7 cost ours, reference strategy on the same pages (gpt-4o-mini prices)', `$${ourCost.toFixed(5)}, $${theirCost.toFixed(5)} (ratio ${ratio(ourCost / theirCost)})`),
      info('politeness: most pages read at once from one host', String(perHost)),
    ];
    // Under another profile only the timing figures differ.
    return profile === 'reference' ? figures : figures.filter((f) => f.name.includes(p));
  } finally {
    await setup.close();
  }
}

/** Prompt tokens of the page-reading calls (summaries and merges), all and without the large page's. */
function pageTokens(records: readonly LlmRequestRecord[], largeUrl: string): { all: number; withoutLarge: number } {
  const reading = records.filter((r) => r.status === 200 && (r.stage === 'page_summary' || r.stage === 'merge_summaries'));
  const total = (rs: LlmRequestRecord[]) => rs.reduce((n, r) => n + r.promptTokens, 0);
  // A merge only follows a page too long for one call: here, the large page.
  return { all: total(reading), withoutLarge: total(reading.filter((r) => r.subject !== largeUrl && r.stage !== 'merge_summaries')) };
}

function info(name: string, value: string): Figure {
  return { name, value, target: 'for information' };
}

/** Corpus paths whose boilerplate or a long window of main text shows up in the history. */
function pageTextIn(history: string, paths: string[]): string[] {
  const found: string[] = [];
  for (const page of CORPUS.filter((c) => paths.includes(c.path))) {
    const text = corpusMainText(page.path);
    const windows = [];
    for (let at = 0; at + PAGE_TEXT_WINDOW <= text.length; at += PAGE_TEXT_WINDOW) windows.push(text.slice(at, at + PAGE_TEXT_WINDOW));
    if (page.boilerplate.some((b) => b.length >= 20 && history.includes(b)) || windows.some((w) => history.includes(w))) found.push(page.path);
  }
  return found;
}
