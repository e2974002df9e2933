/**
 * The command line: `research "<topic>"` starts a run and follows it to its report; `server` runs the
 * local Temporal dev server; the other commands look at, export, replay and steer runs.
 */
import { argumentError } from './cli/args';
import { EXIT, UserError } from './cli/errors';
import { searchAttributeHelp } from './temporal/searchAttributes';
import { decryptionErrorIn } from './temporal/encryption';
import { TemporalConnectionError } from './temporal/reach';

export const USAGE = `Usage:
  npm run research -- "<topic>" [--budget USD] [--language en-us] [--words N] [--no-worker] [--detach] [--review] [--report-mode sections|single] [--verify] [--yes] [--format md|html|pdf]
  npm run server                          run the local Temporal dev server (UI on http://localhost:8233)
  npm run client -- list [--json] [--limit N] [--query "ResearchStage='done'"]   recent research runs;
                                          --query filters on the run's search attributes:
${searchAttributeHelp().map((line) => `                                            ${line}`).join('\n')}
  npm run client -- status <id> [--json]  progress of one run, or its outcome
  npm run client -- watch <id> [--format md|html|pdf]   follow a run until it ends, then save its report here (working it if its own process is gone)
  npm run client -- report <id> [--out FILE] [--format md|html|pdf]   print or save a finished (or cancelled) run's report
  npm run client -- budget <id> <USD>     change the spending cap of a run under way
  npm run client -- cancel <id> [--now]   stop a run; it still writes its report from what it gathered (--now: stop at once, no report)
  npm run client -- history <id> [--out FILE]  export a run's event history as JSON
  npm run client -- replay <id|FILE>      replay a run's (or an exported) history against the current workflow code
  npm run client -- review <id> [--approve] [--drop 2,5] [--add URL] [--add-query Q] [--drop-query Q]
                                          show or answer the shortlist of a run started with --review
  npm run client -- reset <id> --to <stage>   run again from a stage (keywords, search, plan, rank, browse, report)
  npm run client -- revise <id> [--words N] [--language L] [--instructions "..."] [--out FILE]
                                          a new report from a finished run's sources, without re-research
  npm run client -- schedule create "<topic>" --every 7d [--budget USD] [--words N] [--language L] [--depth N] [--breadth M] [--json]
                                          research the topic again on a Temporal Schedule; each report starts with what changed
  npm run client -- schedule list [--json] | show <id> [--json] | pause <id> | resume <id> | trigger <id> | delete <id>
                                          the schedules, one schedule's past runs (cost, what changed), and its state`;

type Command = (args: string[]) => Promise<number>;

/**
 * Each command's module loads when that command runs: `research` does not load what only the others use
 * (the history replayer's @temporalio/workflow, the schedules, the review and revise helpers).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  research: async () => (await import('./cli/research')).research,
  server: async () => {
    const { server } = await import('./cli/runs');
    return () => server();
  },
  list: async () => (await import('./cli/list')).list,
  status: async () => (await import('./cli/runs')).status,
  watch: async () => (await import('./cli/runs')).watch,
  report: async () => (await import('./cli/report')).report,
  budget: async () => (await import('./cli/runs')).budget,
  cancel: async () => (await import('./cli/runs')).cancel,
  history: async () => (await import('./cli/history')).history,
  replay: async () => (await import('./cli/history')).replay,
  review: async () => (await import('./cli/review')).review,
  reset: async () => (await import('./cli/reset')).reset,
  revise: async () => (await import('./cli/revise')).revise,
  schedule: async () => (await import('./cli/schedule')).schedule,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) throw new UserError(`unknown command "${command}": npm run client -- help lists the commands`);
  return (await load())(rest);
}

/** One line for anything the user can act on; a stack only for a bug. */
export function errorLine(err: unknown): string {
  const known = argumentError('client', err);
  if (known instanceof UserError || known instanceof TemporalConnectionError) return `error: ${known.message}`;
  // A payload no key here opens, met outside a command's run frame (which names the run).
  const decryption = decryptionErrorIn(err);
  if (decryption) return `error: cannot decrypt${decryption.keysFile ? ` with the keys in ${decryption.keysFile}` : ''}: ${decryption.message}`;
  return `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(errorLine(err));
      process.exit(err instanceof UserError ? err.exitCode : EXIT.failed);
    },
  );
}
