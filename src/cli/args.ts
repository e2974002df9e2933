/** Flags of one subcommand, parsed strictly: a mistyped flag is a one-line error naming it, never a stack trace. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
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
