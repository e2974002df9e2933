/**
 * `history <id> [--out FILE]` exports a run's event history as JSON (the format the Temporal CLI and UI
 * export; an encrypted run's payloads stay encrypted, as stored); `replay <id|FILE>` replays a live run's or an exported history against the current workflow
 * code and says whether it is deterministic.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON, historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import { runIdOfRound } from '../domain/rounds';
import { parseCommandArgs } from './args';
import { clientDataConverter } from '../temporal/dataConverter';
import { decodeHistory } from '../temporal/history';
import { fetchDecodedHistory, undecryptable, withRun } from './connect';
import { loadCliConfig, rootMessage, UserError } from './errors';

export async function history(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('history', args, { out: { type: 'string' } });
  return withRun('history', positionals[0], async (handle) => {
    const json = historyToJSON(await handle.fetchHistory());
    if (values.out === undefined) {
      process.stdout.write(`${json}\n`);
      return;
    }
    const file = path.resolve(values.out);
    await fs.writeFile(file, json, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`cannot write ${file}: ${err.code === 'ENOENT' ? 'its folder does not exist' : err.message}`);
    });
    console.log(`History of ${handle.workflowId} (${countEvents(json)} events) saved to ${file}`);
  });
}

/** A workflow ID, or a history file (a path that exists, or one ending in .json). */
export async function replay(args: string[]): Promise<number> {
  const { positionals } = parseCommandArgs('replay', args, {});
  const target = positionals[0];
  if (target && (existsSync(target) || target.endsWith('.json'))) {
    const loaded = await readHistoryFile(target);
    // An exported history holds its payloads as stored: encrypted ones are opened with this user's keys.
    const decoded = await decodeHistory(loaded, clientDataConverter(loadCliConfig().encryption)).catch((err: unknown) => {
      throw undecryptable(path.basename(target), err);
    });
    return replayHistory(decoded, workflowIdInHistory(decoded) ?? path.basename(target), `${path.basename(target)}`);
  }
  let code = 0;
  await withRun('replay', target, async (handle) => {
    code = await replayHistory(await fetchDecodedHistory(handle), handle.workflowId, handle.workflowId);
  });
  return code;
}

/**
 * The workflow ID a history was recorded under, where its commands name it: a run with follow-up rounds started
 * its children as `<its ID>-round-<n>`, so it replays only under its own ID. (Other histories replay under any.)
 */
export function workflowIdInHistory(history: History): string | undefined {
  for (const event of history.events ?? []) {
    const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
    const run = child ? runIdOfRound(child) : undefined;
    if (run) return run;
  }
  return undefined;
}

async function readHistoryFile(file: string): Promise<History> {
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message} (npm run client -- history <id> --out ${file} exports one)`);
  });
  try {
    const loaded = historyFromJSON(JSON.parse(text));
    if (!loaded.events?.length) throw new Error('no events');
    return loaded;
  } catch (err) {
    throw new UserError(`${file} is not an exported workflow history (${rootMessage(err)}): export one with npm run client -- history <id> --out FILE`);
  }
}

/** 0 when the history replays deterministically; 1 (with the reason) when the current code diverges. */
async function replayHistory(events: History, workflowId: string, label: string): Promise<number> {
  const { DefaultLogger, Runtime, Worker } = await import('@temporalio/worker');
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // a runtime is already installed in this process
  }
  try {
    await Worker.runReplayHistory({ workflowsPath: require.resolve('../workflows') }, events, workflowId);
  } catch (err) {
    if (err instanceof DeterminismViolationError || (err as Error).name === 'DeterminismViolationError') {
      console.log(`${label}: NOT deterministic with the current workflow code: ${rootMessage(err)}`);
      console.log('  A change to the workflow alters what this run already recorded: guard it with patched() (or worker versioning).');
      return 1;
    }
    throw new UserError(`${label} could not be replayed: ${rootMessage(err)}`);
  }
  console.log(`${label}: deterministic: ${events.events?.length ?? 0} events replay cleanly with the current workflow code.`);
  return 0;
}

function countEvents(json: string): number {
  return (JSON.parse(json) as { events?: unknown[] }).events?.length ?? 0;
}
