/**
 * Depth 1 against depth 2 on the same offline world (`npx tsx bench/rounds.ts [--profile tokens] [--topics a,b]`,
 * or `npm run bench -- --only rounds`): per topic, one run each way, side by side: the world's facts the report
 * carries (share of the topic's facts, the follow-up-only pages' included), sources cited, wall time ÷ the run's
 * own critical path (from the stand-ins' records), cost at gpt-4o-mini prices with real token counts, and tokens
 * per fact in the report.
 */
import { parseArgs } from 'node:util';
import { CORPUS, CORPUS_TOPICS } from '../offline/corpus';
import type { LatencyProfileName } from '../offline/latency';
import { usageCost } from '../src/domain/budget';
import type { ResearchResult } from '../src/domain/types';
import { knownModel } from '../src/llm/models';
import { criticalPath } from './criticalPath';
import { type Figure, ratio } from './figures';
import { type Server, startServer, startSetup } from './harness';
import { countTokens } from './tokenizer';

interface RunFigures {
  facts: number;
  worldFacts: number;
  followUpFacts: number;
  cited: number;
  wallMs: number;
  criticalMs: number;
  costUsd: number;
  tokens: number;
}

/** The URLs the report's reference list cites. */
function citedUrls(report: string): string[] {
  const section = report.split('## References')[1]?.split('## Appendix')[0] ?? '';
  return [...section.matchAll(/from <(http[^\s>]+)>/g)].map((m) => m[1]);
}

export async function roundsFigures(server: Server, profile: LatencyProfileName = 'tokens', topics: readonly string[] = CORPUS_TOPICS): Promise<Figure[]> {
  const setup = await startSetup(server, { world: { siteHosts: true, latencyProfile: profile, slowPageDelayMs: 0, countTokens } });
  const price = knownModel('gpt-4o-mini')!.price;
  const redirects = new Map(CORPUS.filter((p) => p.redirectTo).map((p) => [p.path, p.redirectTo!]));
  const figures: Figure[] = [];
  try {
    const { world } = setup;
    const measure = async (topic: string, depth: number): Promise<RunFigures> => {
      world.llm.resetStats();
      world.web.resetRequests();
      world.search.requests.length = 0;
      const { result, ms } = await setup.run(topic, { depth });
      const cp = criticalPath(result as ResearchResult, { llm: world.llm.requests, search: world.search.requests, web: world.web.log }, redirects);
      const totals = world.llm.stats().totals;
      const pages = CORPUS.filter((p) => p.topic === topic);
      const facts = pages.flatMap((p) => p.facts);
      const inReport = facts.filter((f) => result.report.markdown.includes(f));
      const followUpFacts = pages.filter((p) => p.followUpOf).flatMap((p) => p.facts).filter((f) => inReport.includes(f)).length;
      return {
        facts: inReport.length,
        worldFacts: facts.length,
        followUpFacts,
        cited: citedUrls(result.report.markdown).length,
        wallMs: ms,
        criticalMs: cp.ms,
        costUsd: usageCost(price, { calls: 0, promptTokens: totals.promptTokens, completionTokens: totals.completionTokens }),
        tokens: totals.promptTokens + totals.completionTokens,
      };
    };
    for (const topic of topics) {
      const one = await measure(topic, 1);
      const two = await measure(topic, 2);
      const side = (f: (r: RunFigures) => string) => `depth 1 ${f(one)} | depth 2 ${f(two)}`;
      const share = (r: RunFigures) => `${r.facts}/${r.worldFacts} (${((100 * r.facts) / r.worldFacts).toFixed(0)}%, follow-up-only ${r.followUpFacts})`;
      const overPath = (r: RunFigures) => ratio(r.wallMs / r.criticalMs);
      const perFact = (r: RunFigures) => (r.facts > 0 ? Math.round(r.tokens / r.facts).toLocaleString('en-US') : 'n/a');
      figures.push(
        { name: `rounds "${topic}" facts in report`, value: side(share), target: 'depth 2 > depth 1' , met: two.facts > one.facts },
        { name: `rounds "${topic}" sources cited`, value: side((r) => String(r.cited)), target: 'depth 2 ≥ depth 1', met: two.cited >= one.cited },
        { name: `rounds "${topic}" wall ÷ own critical path`, value: side(overPath), target: '≤ 1.1', met: two.wallMs / two.criticalMs <= 1.1 },
        { name: `rounds "${topic}" cost`, value: side((r) => `$${r.costUsd.toFixed(4)}`), target: 'reported' },
        { name: `rounds "${topic}" tokens per fact in report`, value: side(perFact), target: 'reported' },
      );
    }
  } finally {
    await setup.close();
  }
  return figures;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { profile: { type: 'string', default: 'tokens' }, topics: { type: 'string' } } });
  const topics = values.topics?.split(',').map((t) => t.trim()) ?? [...CORPUS_TOPICS];
  void (async () => {
    const server = await startServer();
    try {
      const { line } = await import('./figures');
      for (const f of await roundsFigures(server, values.profile as LatencyProfileName, topics)) console.log(line(f));
    } finally {
      await server.stop();
    }
  })().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
