/**
 * The critical path of a run's dependent calls, from the stand-ins' own records of when each call came and
 * went: keywords → the slowest keyword search → planning → for each page read: the earliest of the queries
 * that chose it (its search, then its ranking) → the page's loads (redirects included) → its summary calls
 * (chunk after chunk, then the merge of a long page's chunk summaries) → the report calls (one call; or,
 * sectioned: the plan → the slowest section and its continuations → the slower of summary and conclusion →
 * the verify pass). With follow-up rounds, after the first pass's pages: per round, its gap analysis → the
 * longest chain of its pages (its query's search and ranking, the page's loads and summary). What a run takes
 * beyond this is orchestration and waiting on caps.
 */
import type { LlmRequestRecord } from '../offline/llmServer';
import type { SearchRequestRecord } from '../offline/searchServer';
import type { WebRequestRecord } from '../offline/webServer';
import type { ResearchResult } from '../src/domain/types';

export interface Records {
  llm: readonly LlmRequestRecord[];
  search: readonly SearchRequestRecord[];
  web: readonly WebRequestRecord[];
}

export interface CriticalPath {
  ms: number;
  /** The named parts of the longest chain, ms each. */
  parts: Record<string, number>;
}

const took = (r: { receivedAt: number; answeredAt: number }) => (r.answeredAt > 0 ? r.answeredAt - r.receivedAt : 0);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const max = (xs: number[]) => Math.max(0, ...xs);

export function criticalPath(result: ResearchResult, records: Records, redirects: ReadonlyMap<string, string>): CriticalPath {
  const llmOf = (stage: LlmRequestRecord['stage']) => records.llm.filter((r) => r.stage === stage && r.status === 200);
  const searchOf = (q: string) => records.search.filter((r) => r.q === q).map(took);
  const keywords = sum(llmOf('search_keywords').map(took));
  const keywordSearch = max(result.keywords.flatMap(searchOf));
  const plan = sum(llmOf('research_queries').map(took));
  const followUps = (result.rounds ?? []).filter((r) => r.round > 1);
  const allQueries = [...result.queries, ...followUps.flatMap((r) => r.gaps.map((g) => g.query))];
  const queryReady = new Map(allQueries.map((q) => [q, max(searchOf(q)) + sum(llmOf('ranked_results').filter((r) => r.subject === q).map(took))]));
  // A long page's chunk summaries are merged by one more call, which names no page: it is the merge of the
  // page whose chunk answered last before it was asked (the activity asks it the moment its last chunk is in).
  const merges = llmOf('merge_summaries');
  const mergedPage = new Map(
    merges.map((m) => {
      const before = llmOf('page_summary').filter((r) => r.answeredAt > 0 && r.answeredAt <= m.receivedAt);
      return [m, before.reduce<LlmRequestRecord | undefined>((last, r) => (!last || r.answeredAt > last.answeredAt ? r : last), undefined)?.subject];
    }),
  );
  let pages = 0;
  let longest = { ready: 0, load: 0, summary: 0 };
  const roundLongest = new Map<number, number>();
  for (const page of result.pages) {
    if (page.status === 'budget' || page.status === 'cancelled') continue;
    const path = new URL(page.url).pathname;
    const paths = [path, ...(redirects.has(path) ? [redirects.get(path)!] : [])];
    const load = sum(paths.map((p) => max(records.web.filter((r) => r.path === p).map(took))));
    const finalUrl = new URL(paths.at(-1)!, page.url).toString();
    const chunks = llmOf('page_summary').filter((r) => r.subject === page.url || r.subject === finalUrl);
    const summary = sum(chunks.map(took)) + sum(merges.filter((m) => mergedPage.get(m) === chunks.at(-1)?.subject).map(took));
    const ready = Math.min(...page.queries.map((q) => queryReady.get(q) ?? 0));
    if (page.round !== undefined) {
      roundLongest.set(page.round, Math.max(roundLongest.get(page.round) ?? 0, ready + load + summary));
      continue;
    }
    if (ready + load + summary > pages) {
      pages = ready + load + summary;
      longest = { ready, load, summary };
    }
  }
  // Sections are written at once, and so are the summary and the conclusion: each step costs its slowest call.
  const report =
    sum(llmOf('report').map(took)) +
    sum(llmOf('report_plan').map(took)) +
    max(llmOf('report_section').map(took)) +
    max(llmOf('report_section_more').map(took)) +
    max(llmOf('report_framing').map(took)) +
    sum(llmOf('report_verify').map(took));
  // Rounds follow one another: each its gap analysis, then its longest page chain.
  const rounds = sum(llmOf('gap_analysis').map(took)) + sum([...roundLongest.values()]);
  const parts = { keywords, keywordSearch, plan, rankReady: longest.ready, pageLoad: longest.load, pageSummary: longest.summary, rounds, report };
  return { ms: sum(Object.values(parts)), parts };
}
