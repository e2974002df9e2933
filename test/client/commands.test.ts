/**
 * The client's subcommands as a user runs them, from their own folder, against the suite's real Temporal
 * server, with the work done by a separate worker (the bench's, whose output folder stands for another
 * machine's disk): detach and reattach, list and status for scripts, the report from the server, cancel,
 * history export and replay.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type Bench, startBench } from '../harness/research';
import { progressQuery, WORKFLOW_TYPE } from '../../src/workflows/definitions';
import { cli, oneLineError, separateWorkerEnv, tempDir } from './cli';

let bench: Bench;
beforeAll(async () => {
  // Slow enough answers that a run is still reading pages when a command a few seconds later reaches it.
  bench = await startBench({ world: { llmLatencyMs: 1_500 } });
});
afterAll(async () => {
  await bench?.close();
});

describe('research --detach, then watch, list and status', () => {
  it('starts the run with its topic and settings on the server, exits at once, and watch saves the report in the user\'s folder', async () => {
    const user = await tempDir('user-');
    const env = separateWorkerEnv(bench, { RESEARCH_OUTPUT_DIR: 'my-reports' });
    const started = await cli(['research', 'tensorflow vs pytorch', '--detach', '--budget', '2', '--words', '800'], { env, cwd: user });
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const id = /Research run started: (\S+)/.exec(started.stdout)?.[1];
    expect(id).toBeDefined();
    expect(started.stdout).toMatch(new RegExp(`Temporal UI: http://\\S+/namespaces/default/workflows/${id}`));
    expect(started.stdout).toContain(`npm run client -- watch ${id}`);
    expect(started.stdout).not.toMatch(/\[browse\]|Report:/);

    const description = await bench.client.workflow.getHandle(id!).describe();
    expect(description.status.name).toBe('RUNNING'); // the command left before the run ended
    expect(await description.staticSummary()).toBe('tensorflow vs pytorch');
    const details = await description.staticDetails();
    expect(details).toContain(`**Model:** ${bench.settings.model}`);
    expect(details).toContain('**Budget:** $2');
    expect(details).toContain('**Words:** 800');
    expect(details).toContain(`**Language:** ${bench.settings.language}`);
    expect(description.typedSearchAttributes.getAll().find((p) => p.key.name === 'ResearchTopic')?.value).toBe('tensorflow vs pytorch');

    const watched = await cli(['watch', id!], { env, cwd: user });
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    const saved = path.join(await fs.realpath(user), 'my-reports', 'tensorflow-vs-pytorch.md');
    expect(watched.stdout).toContain(`Report: ${saved}`);
    expect(await fs.readFile(saved, 'utf8')).toContain(`research-run: ${id} `);

    // list: the finished run with its status, stage, cost and topic; --json and filters for scripts
    const listed = await cli(['list', '--limit', '50'], { env });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^STATUS\s+STAGE\s+COST\s+STARTED \(UTC\)\s+TOPIC\s+WORKFLOW ID$/);
    expect(listed.stdout).toMatch(new RegExp(`COMPLETED\\s+done\\s+\\$0\\.\\d{4}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+tensorflow vs pytorch\\s+${id}`));
    const json = await cli(['list', '--json', '--query', `WorkflowId = '${id}' AND ResearchStage = 'done' AND ResearchCostUsd > 0`], { env });
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({ workflowId: id, status: 'COMPLETED', topic: 'tensorflow vs pytorch', stage: 'done', model: bench.settings.model }),
    ]);
    expect(rows[0].costUsd).toBeGreaterThan(0);
    const none = await cli(['list', '--json', '--query', `WorkflowId = '${id}' AND ResearchStage = 'browse'`], { env });
    expect(JSON.parse(none.stdout)).toEqual([]);

    const status = await cli(['status', id!, '--json'], { env });
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout) as { status: string; topic: string; result: { pages: unknown[]; report?: Record<string, unknown> } };
    expect(s).toMatchObject({ workflowId: id, status: 'COMPLETED', topic: 'tensorflow vs pytorch' });
    expect(s.result.pages.length).toBeGreaterThan(0);
    expect(status.stdout).not.toContain('## References'); // the Markdown is for `report`, not for status
  }, 240_000);
});

describe('report <id>', () => {
  it("prints and saves a finished run's report from the server after the worker's disk is gone", async () => {
    const { handle } = await bench.run('solid-state batteries');
    await fs.rm(bench.outputDir, { recursive: true, force: true }); // the worker's machine is gone
    const elsewhere = await tempDir('elsewhere-');
    const printed = await cli(['report', handle.workflowId], { cwd: elsewhere });
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^# /m);
    expect(printed.stdout).toContain(`research-run: ${handle.workflowId} `);

    const saved = await cli(['report', handle.workflowId, '--out', 'r.md'], { cwd: elsewhere });
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/saved to .*r\.md/);
    expect((await fs.readFile(path.join(elsewhere, 'r.md'), 'utf8')).trimEnd()).toBe(printed.stdout.trimEnd());
    const again = await cli(['report', handle.workflowId, '--out', 'r.md'], { cwd: elsewhere });
    expect(again.code).not.toBe(0);
    expect(oneLineError(again)).toMatch(/^error: .*r\.md already exists: choose another --out file or remove it$/);
  }, 240_000);

  it("cancel saves the cancelled run's report in the user's folder, and report reads it from the history", async () => {
    const handle = await bench.start('remote work productivity');
    const user = await tempDir('cancel-');
    await waitForStage(handle, 'browse');
    const cancelled = await cli(['cancel', handle.workflowId], { cwd: user, env: { RESEARCH_OUTPUT_DIR: 'out' } });
    expect(cancelled.stderr).toBe('');
    expect(cancelled.code).toBe(0);
    const saved = /Report: (.+\.md)/.exec(cancelled.stdout)?.[1];
    expect(saved).toBe(path.join(await fs.realpath(user), 'out', 'remote-work-productivity.md'));
    const markdown = await fs.readFile(saved!, 'utf8');
    expect(markdown).toContain('**Cancelled:**');
    expect((await handle.describe()).status.name).toBe('CANCELLED');

    const printed = await cli(['report', handle.workflowId], { cwd: user });
    expect(printed.code).toBe(0);
    expect(printed.stdout.trimEnd()).toBe(markdown.trimEnd());
  }, 240_000);


  it('says a run under way has no report yet, and how to follow it', async () => {
    // No worker polls this queue: the run stays where it is.
    const handle = await bench.client.workflow.start(WORKFLOW_TYPE, { taskQueue: `${bench.taskQueue}-idle`, workflowId: `${bench.taskQueue}-idle`, args: [{}] });
    try {
      const early = await cli(['report', handle.workflowId]);
      expect(early).toMatchObject({ code: 1, stdout: '' });
      expect(oneLineError(early)).toBe(`error: research run "${handle.workflowId}" is still running: npm run client -- watch ${handle.workflowId} follows it to its report`);
    } finally {
      await handle.terminate('test done');
    }
  });
});

describe('history and replay', () => {
  it('exports a run\'s history, replays it and the live run as deterministic, and catches a history the code no longer matches', async () => {
    const { handle } = await bench.run('tensorflow vs pytorch', { maxBudgetUsd: 0.5 });
    const dir = await tempDir('history-');
    const exported = await cli(['history', handle.workflowId, '--out', 'run.json'], { cwd: dir });
    expect(exported.code).toBe(0);
    const json = JSON.parse(await fs.readFile(path.join(dir, 'run.json'), 'utf8')) as { events: Record<string, any>[] };
    expect(json.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(json.events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'summarizePage')).toBe(true);
    expect(exported.stdout).toContain(`History of ${handle.workflowId} (${json.events.length} events) saved to`);

    const fromFile = await cli(['replay', 'run.json'], { cwd: dir });
    expect(fromFile.stderr).toBe('');
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/^run\.json: deterministic: \d+ events replay cleanly with the current workflow code\./);
    const live = await cli(['replay', handle.workflowId]);
    expect(live.code).toBe(0);
    expect(live.stdout).toContain(`${handle.workflowId}: deterministic:`);

    // The same history as if recorded by code that called another activity first: the current code diverges.
    const first = json.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    first.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    await fs.writeFile(path.join(dir, 'changed.json'), JSON.stringify(json));
    const changed = await cli(['replay', 'changed.json'], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^changed\.json: NOT deterministic with the current workflow code: .*someOtherActivity/m);
    expect(changed.stdout).toContain('patched()');
  }, 240_000);
});

describe('mistakes get one line that says what to do', () => {
  it.each([
    ['an unknown subcommand', ['reprot', 'x'], /^error: unknown command "reprot": npm run client -- help lists the commands$/],
    ['an unknown run', ['report', 'no-such-run'], /^error: no research run "no-such-run" on this server \(npm run client -- list shows them\)$/],
    ['an unknown run (history)', ['history', 'no-such-run'], /^error: no research run "no-such-run" on this server/],
    ['an unknown run (status --json)', ['status', 'no-such-run', '--json'], /^error: no research run "no-such-run" on this server/],
    ['a missing ID', ['history'], /^error: history needs a workflow ID: npm run client -- history <id>/],
    ['an unknown flag', ['list', '--jsn'], /^error: list: Unknown option '--jsn'; list takes --json, /],
    ['a flag without its value', ['report', 'x', '--out'], /^error: report: Option '--out <value>' argument missing/],
    ['a history file that is not there', ['replay', 'nowhere.json'], /^error: cannot read nowhere\.json: no such file \(npm run client -- history <id> --out nowhere\.json exports one\)$/],
    ['a filter the server refuses', ['list', '--query', 'ResearchStage ==='], /^error: the server refused --query "ResearchStage ===": /],
    ['a bad --limit', ['list', '--limit', '0'], /^error: --limit must be a whole number of runs, 1 or more \(got "0"\)$/],
  ])('%s', async (_what, args, message) => {
    const r = await cli(args);
    expect(r.code).not.toBe(0);
    expect(oneLineError(r)).toMatch(message);
  });

  it('a file that is not a history', async () => {
    const dir = await tempDir('not-history-');
    await fs.writeFile(path.join(dir, 'notes.json'), '{"hello": "world"}');
    const r = await cli(['replay', 'notes.json'], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(oneLineError(r)).toMatch(/^error: notes\.json is not an exported workflow history .*: export one with npm run client -- history <id> --out FILE$/);
  });

  it('help lists every subcommand', async () => {
    const r = await cli(['help']);
    expect(r.code).toBe(0);
    for (const command of ['list', 'status', 'watch', 'report', 'budget', 'cancel', 'history', 'replay', '--detach']) expect(r.stdout).toContain(command);
  });
});

async function waitForStage(handle: Awaited<ReturnType<Bench['start']>>, stage: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress?.stage === stage) return;
    if (Date.now() > deadline) throw new Error(`the run did not reach ${stage} within a minute (at ${progress?.stage})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
