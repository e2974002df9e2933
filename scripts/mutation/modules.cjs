/**
 * The modules a mutation run scores (`npm run test:mutation`), each with the server-free test files that
 * exercise it. Add a module here and both the Stryker configuration and the score report pick it up; a
 * listed source file that does not exist yet is skipped, and the run says so.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** @type {{ source: string, guards: string, tests: string[] }[]} */
const MODULES = [
  { source: 'src/domain/markdown.ts', guards: 'web text in the Temporal UI', tests: ['test/domain/markdown*.test.ts', 'test/client/startOptions.test.ts'] },
  { source: 'src/domain/ledger.ts', guards: 'every dollar a run spends', tests: ['test/domain/ledger*.test.ts', 'test/domain/budget*.test.ts', 'test/domain/planner*.test.ts'] },
  { source: 'src/domain/roundBudget.ts', guards: "a follow-up round's share of the budget", tests: ['test/domain/roundBudget*.test.ts'] },
  { source: 'src/domain/budget.ts', guards: 'when a run stops spending', tests: ['test/domain/budget*.test.ts', 'test/domain/ledger*.test.ts', 'test/domain/planner*.test.ts'] },
  { source: 'src/domain/planner.ts', guards: 'what each step of a run may spend (issue 15)', tests: ['test/domain/planner*.test.ts', 'test/domain/ledger*.test.ts', 'test/domain/budget*.test.ts'] },
  { source: 'src/domain/reportCost.ts', guards: "the report's estimated cost (issue 15)", tests: ['test/domain/planner*.test.ts', 'test/domain/budget*.test.ts'] },
  { source: 'src/report/grounded.ts', guards: 'verification decisions and the grounded report', tests: ['test/report/grounded*.test.ts', 'test/report/grounding*.test.ts'] },
  { source: 'src/report/grounding.ts', guards: 'a cited figure no cited source gives is flagged', tests: ['test/report/grounding*.test.ts', 'test/report/grounded*.test.ts'] },
  { source: 'src/web/safeFetch.ts', guards: 'which addresses may be fetched', tests: ['test/web/safeFetch*.test.ts', 'test/web/fetch*.test.ts', 'test/web/metadata.test.ts'] },
  { source: 'src/report/citations.ts', guards: 'citation numbers point at sources read', tests: ['test/report/citations*.test.ts', 'test/report/report.test.ts'] },
  { source: 'src/llm/parse.ts', guards: "reading a model's JSON", tests: ['test/llm/parse*.test.ts'] },
  { source: 'src/report/links.ts', guards: 'no URL the run did not read', tests: ['test/report/links.test.ts', 'test/report/unreadLinks*.test.ts'] },
  { source: 'src/web/address.ts', guards: 'private and reserved address ranges', tests: ['test/web/address*.test.ts', 'test/web/metadata.test.ts'] },
  { source: 'src/web/allowedHosts.ts', guards: 'the private hosts a user named (RESEARCH_ALLOWED_HOSTS)', tests: ['test/web/metadata.test.ts'] },
  { source: 'src/web/render/guard.ts', guards: 'what a rendered page may request', tests: ['test/web/renderGuard.test.ts'] },
  { source: 'src/activities/paid.ts', guards: 'what an activity paid, across its attempts', tests: ['test/activities/paid.test.ts'] },
  { source: 'src/paidUsage.ts', guards: 'paid usage carried by failures and cancellations', tests: ['test/paidUsage.test.ts'] },
  { source: 'src/llm/completion.ts', guards: 'a model answer that is no answer (empty, HTML, refusal, cut off)', tests: ['test/llm/completion.test.ts', 'test/llm/answers.test.ts'] },
  { source: 'src/report/escape.ts', guards: 'web text in the report Markdown', tests: ['test/report/escape*.test.ts', 'test/report/report.test.ts'] },
  { source: 'src/report/html.ts', guards: 'web text and citation links in the HTML export', tests: ['test/report/html*.test.ts'] },
  { source: 'src/metrics/research.ts', guards: "the workers' spend and token metrics", tests: ['test/metrics/research.test.ts'] },
  { source: 'src/text/hygiene.ts', guards: 'text hygiene (issue 23)', tests: ['test/text/**/*.test.ts'] },
  { source: 'src/report/evidence.ts', guards: 'the quote behind each cited figure, and grounding by quotes', tests: ['test/report/evidence.test.ts', 'test/report/changes.test.ts'] },
  { source: 'src/report/changes.ts', guards: "what changed between a schedule's runs", tests: ['test/report/changes.test.ts'] },
  { source: 'src/report/changeSection.ts', guards: "citations and web text in the report's What changed section", tests: ['test/report/changes.test.ts'] },
];

const present = MODULES.filter((m) => fs.existsSync(path.join(ROOT, m.source)));
const missing = MODULES.filter((m) => !fs.existsSync(path.join(ROOT, m.source)));

module.exports = { MODULES, present, missing, ROOT };
