/** Flags of one subcommand, parsed strictly: a mistyped flag is a one-line error naming it, never a stack trace. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args: withNegativeValues(args, options), options, allowPositionals: true, strict: true });
  } catch (err) {
    throw argumentError(command, err, Object.keys(options));
  }
}

/** node:util's parse errors (unknown flag, missing value) as one line that says what to do. */
export function argumentError(command: string, err: unknown, flags?: string[]): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return err;
  const message = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '').replace(/\.$/, '');
  const takes = flags ? `${command} takes ${flags.map((f) => `--${f}`).join(', ') || 'no flags'}` : 'npm run client -- help lists the commands and their flags';
  return new UserError(`${command}: ${message}; ${takes}`);
}

/**
 * `--words -5` as `--words=-5`: node:util reads a value starting with "-" as a missing one ("argument is
 * ambiguous"), so a negative number would be refused for the wrong reason; joined, the flag's own check
 * says what is wrong with it.
 */
function withNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const next = args[i + 1];
    if (flag.startsWith('--') && options[flag.slice(2)]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${flag}=${next}`);
      i++;
    } else out.push(flag);
  }
  return out;
}
