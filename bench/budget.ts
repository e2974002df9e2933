/**
 * Issue 15's figures (`npx tsx bench/budget.ts [--topics a,b]`, or `npm run bench -- --only budget`): per model
 * personality of the offline world (offline/llm/personality.ts), an unbounded run at gpt-4o prices, 2,000 words,
 * sectioned, then runs at 25%, 50%, 75% and 95% of its cost. For each: whether the client accepts the budget, pages
 * read, the share of the budget spent, and the report's words as a share of those asked (and whether the report
 * states a shortfall). Targets: at least 1 page at every accepted budget, at least 70% spent, words at least 0.9 of
 * those asked or the shortfall stated. One real Temporal dev server, one worker process, the offline world here.
 */
import { parseArgs } from 'node:util';
import { minimumBudget } from '../src/domain/newRun';
import type { ResearchResult, ResearchSettings } from '../src/domain/types';
import { PERSONALITIES } from '../offline/llm/personality';
import { type Figure, line } from './figures';
import { startServer, startSetup } from './harness';

const SHARES = [0.25, 0.5, 0.75, 0.95];
const WORDS = 2_000;
const GPT_4O: Partial<ResearchSettings> = { price: { inputPerMillion: 2.5, outputPerMillion: 10 }, reportWords: WORDS, reportMode: 'sections' };

const pagesRead = (r: ResearchResult) => r.pages.filter((p) => p.status === 'summarized').length;
const statesShortfall = (r: ResearchResult) => /\*\*Shorter than asked:\*\*/.test(r.report.markdown);
/** The words the budget paid for, when its line says it shortened the report. */
const paidWords = (r: ResearchResult) => Number(/shortened from [\d,]+ words to ([\d,]+) words/.exec(r.report.markdown)?.[1].replace(/,/g, '') ?? WORDS);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { topics: { type: 'string', default: 'tensorflow vs pytorch,solid-state batteries' } } });
  const topics = values.topics.split(',').map((t) => t.trim()).filter(Boolean);
  const server = await startServer();
  const setup = await startSetup(server, { world: { siteHosts: true } });
  const figures: Figure[] = [];
  const show = (f: Figure) => {
    console.log(line(f));
    figures.push(f);
  };
  try {
    for (const topic of topics) {
      for (const personality of PERSONALITIES) {
        setup.world.llm.personality = personality;
        const { result: full } = await setup.run(topic, { ...GPT_4O, maxBudgetUsd: 100 });
        const cost = full.cost.total.costUsd;
        const words = (r: ResearchResult) => `${(r.report.words / WORDS).toFixed(2)} of asked${statesShortfall(r) ? ', shortfall stated' : ''}`;
        const wordsMet = (r: ResearchResult) => r.report.words >= 0.9 * WORDS || statesShortfall(r);
        const name = `budget ${topic} ${personality}`;
        show({ name: `${name} unbounded`, value: `$${cost.toFixed(4)}, ${pagesRead(full)} pages, report $${full.cost.stages.report.costUsd.toFixed(4)} / pages $${full.cost.stages.browse.costUsd.toFixed(4)}, words ${words(full)}`, target: 'words ≥ 0.9 or stated', met: wordsMet(full) });
        for (const share of SHARES) {
          const budget = cost * share;
          const minimum = minimumBudget({ ...setup.settings, ...GPT_4O, maxBudgetUsd: budget });
          if (budget < minimum) {
            show({ name: `${name} at ${share * 100}%`, value: `refused by the client (minimum $${minimum.toFixed(4)})`, target: 'accepted budgets only' });
            continue;
          }
          const { result } = await setup.run(topic, { ...GPT_4O, maxBudgetUsd: budget });
          const spent = result.cost.total.costUsd / budget;
          const paid = paidWords(result);
          const met = pagesRead(result) >= 1 && spent >= 0.7 && spent <= 1.05 && (result.report.words >= 0.9 * paid || statesShortfall(result));
          show({
            name: `${name} at ${share * 100}%`,
            value:
              `${pagesRead(result)} pages, spent ${spent.toFixed(2)} of budget, words ${(result.report.words / WORDS).toFixed(2)} of asked` +
              `${paid < WORDS ? ` (the budget paid for ${paid}: ${(result.report.words / paid).toFixed(2)} of those)` : ''}${statesShortfall(result) ? ' (shortfall stated)' : ''}`,
            target: '≥ 1 page, spent 0.70–1.05, words ≥ 0.9 of what the budget paid or stated',
            met,
          });
        }
      }
    }
  } finally {
    await setup.close();
    await server.stop();
  }
  const missed = figures.filter((f) => f.met === false).length;
  console.log(`budget: ${figures.length} figures, ${missed} missed`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench/budget: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
