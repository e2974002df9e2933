/**
 * Replay safety: the recorded histories of representative runs (test/histories/*.json: normal,
 * budget-cut, cancelled, reviewed, with retries, reset, recorded before sectioned reports existed, so they
 * replay through the `sectioned-report` patch, and through `follow-up-rounds` as the one pass they were (their
 * inputs have no depth); a sectioned one; and a depth-2 run with its follow-up round as a child workflow) replay against the current workflow code. A
 * change that alters their command sequence fails here; it needs `patched()` (or a deliberate re-record
 * with test/histories/record.ts, reviewed).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowIdInHistory } from '../../src/cli/history';

const DIR = path.join(__dirname, '..', 'histories');

// Replay workers' lifecycle chatter would bury the test output; errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // already installed in this process
}
const EXPECTED = ['budget-cut', 'cancelled', 'normal', 'reset', 'reviewed', 'rounds', 'sectioned', 'with-retries'];

describe('recorded research histories', () => {
  it('cover the representative runs', async () => {
    const names = (await fs.readdir(DIR)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(names.sort()).toEqual(EXPECTED);
  });

  it.each(EXPECTED)('%s replays deterministically against the current workflow code', async (name) => {
    const history = historyFromJSON(JSON.parse(await fs.readFile(path.join(DIR, `${name}.json`), 'utf8')));
    // A run with rounds named its children after its own workflow ID: it replays under that ID.
    await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } }, history, workflowIdInHistory(history) ?? `replay-${name}`);
  });
});
