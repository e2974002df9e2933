/**
 * The command line: `research "<topic>"` starts a run and follows it to its report; `server` runs the
 * local Temporal dev server; `list`, `status`, `watch`, `replay` and `budget` look at and steer runs.
 */
import { research } from './cli/research';
import { revise } from './cli/revise';
import { budget, cancel, list, replay, server, status, watch } from './cli/runs';
import { UserError } from './cli/errors';

const USAGE = `Usage:
  npm run research -- "<topic>" [--budget USD] [--language en-us] [--words N] [--report-mode sections|single] [--verify] [--yes] [--no-worker]
  npm run server                      run the local Temporal dev server (UI on http://localhost:8233)
  npm run client -- list              recent research runs
  npm run client -- status <id>       progress of one run
  npm run client -- budget <id> <USD> change the spending cap of a run under way
  npm run client -- watch <id>        follow a run's progress until it ends
  npm run client -- cancel <id>       stop a run; it still writes its report from what it gathered
  npm run client -- replay <id>       replay a run's history against the current workflow code
  npm run client -- revise <id> [--words N] [--language L] [--instructions "..."] [--out FILE]
                                      a new report from a finished run's sources, without re-research`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'research':
      return research(rest);
    case 'server':
      return server();
    case 'list':
      return list();
    case 'status':
      return status(rest[0]);
    case 'budget':
      return budget(rest[0], rest[1]);
    case 'watch':
      return watch(rest[0]);
    case 'cancel':
      return cancel(rest[0]);
    case 'replay':
      return replay(rest[0]);
    case 'revise':
      return revise(rest);
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof UserError ? `error: ${err.message}` : `error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
