/**
 * How the extraction passes combine. A pass reads the flags of what earlier passes took out (read only) and
 * returns the nodes it takes out; the caller applies them, in an order it writes down, with these two
 * functions. So which pass sees which other's work is said in one place, not left to call order on a
 * shared array.
 */
import type { Removed } from './tree';

/** A pass, bound to its tree and arguments: given what is already taken out, the nodes it takes out. */
export type Pass = (removed: Removed) => readonly number[];

/** A copy of `removed` with the `marked` nodes taken out too. */
export function withRemoved(removed: Removed, marked: readonly number[]): Uint8Array {
  const flags = removed.slice();
  for (const i of marked) flags[i] = 1;
  return flags;
}

/** A copy of `removed` after each pass in turn, each reading what those before it took out. */
export function afterPasses(removed: Removed, passes: readonly Pass[]): Uint8Array {
  const flags = removed.slice();
  for (const pass of passes) {
    for (const i of pass(flags)) flags[i] = 1;
  }
  return flags;
}
