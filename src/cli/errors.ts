/** Errors the command line shows as one line, without a stack. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, type Config, loadConfig } from '../config';

/** A failure the user can act on: printed as one line, no stack. */
export class UserError extends Error {}

export function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && (e as { cause?: unknown }).cause) e = (e as { cause?: unknown }).cause;
  return e instanceof Error ? e.message : String(e);
}

export function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} must be a positive number (got "${value}")`);
  return n;
}

export function loadCliConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message);
    throw err;
  }
}

/**
 * Node's own argument parser (util.parseArgs: strict, no dependency, typed results), with its errors
 * (an unknown flag, a flag missing its value) turned into one-line UserErrors naming the command.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      const allowed = Object.keys(config.options ?? {}).map((name) => `--${name}`).join(', ');
      const first = (err as Error).message.split(/(?<=\.)\s/)[0];
      throw new UserError(`${first.replace(/\.$/, '')}: ${command} takes ${allowed || 'no options'}`);
    }
    throw err;
  }
}
