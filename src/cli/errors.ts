/** Errors the command line shows as one line, without a stack. */
import { ConfigError, type Config, loadConfig } from '../config';

/**
 * The command's exit codes: a report that could not be saved, or a run whose model kept answering what is
 * no answer, is told apart from a failed command, so scripts can act on it.
 */
export const EXIT = { ok: 0, failed: 1, reportNotSaved: 3, modelTrouble: 4, interrupted: 130 } as const;

/** A failure the user can act on: printed as one line, no stack. */
export class UserError extends Error {
  readonly exitCode: number = EXIT.failed;
}

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
