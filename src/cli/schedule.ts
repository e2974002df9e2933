/**
 * `schedule create|list|show|pause|resume|trigger|delete`: research a topic again on a Temporal Schedule. Each
 * run the schedule starts is an ordinary research run (on the shared task queue, worked by `npm run worker`)
 * whose report begins with what changed since the schedule's last completed run.
 */
import { randomBytes } from 'node:crypto';
import { type Client, type Connection, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleDescription, type WorkflowExecutionInfo } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type { Config } from '../config';
import type { ResearchResult } from '../domain/types';
import { offlineTaskQueue } from '../offlineWorld';
import { scheduledRunsQuery } from '../schedules/query';
import { formatDuration, parseEvery, policyFor, scheduleIdFor } from '../schedules/plan';
import { ensureSearchAttributes } from '../temporal/searchAttributes';
import { SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../workflows/definitions';
import type { ResearchWorkflowInput } from '../workflows/research';
import { parseCommandArgs } from './args';
import { clientOn, connectTemporal, undecryptable } from './connect';
import { loadCliConfig, UserError } from './errors';
import { checkedInput } from './research';
import { staticDetails, staticSummary } from './startOptions';

const SUBCOMMANDS = ['create', 'list', 'show', 'pause', 'resume', 'trigger', 'delete'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

export async function schedule(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new UserError(`schedule needs one of ${SUBCOMMANDS.join(', ')}${sub ? ` (got "${sub}")` : ''}: e.g. npm run client -- schedule create "<topic>" --every 7d`);
  }
  return SUBCOMMAND[sub as Subcommand](rest);
}

const SUBCOMMAND: Record<Subcommand, (args: string[]) => Promise<number>> = {
  create,
  list: listSchedules,
  show,
  pause: (args) => onSchedule('pause', args, (h) => h.pause('paused with client schedule pause'), 'paused: no run starts until `schedule resume`'),
  resume: (args) => onSchedule('resume', args, (h) => h.unpause('resumed with client schedule resume'), 'resumed'),
  trigger: (args) => onSchedule('trigger', args, (h) => h.trigger(ScheduleOverlapPolicy.SKIP), 'triggered: a run starts now (skipped if one is still going)'),
  delete: (args) =>
    onSchedule('delete', args, (h) => h.delete(), 'deleted: no more runs start; its past runs and their reports stay readable (`schedule show <id>` lists them)'),
};

async function withScheduleClient<T>(work: (client: Client, cfg: Config, connection: Connection) => Promise<T>): Promise<T> {
  const cfg = loadCliConfig();
  const connection = await connectTemporal(cfg.temporal);
  try {
    return await work(clientOn(connection, cfg), cfg, connection);
  } finally {
    await connection.close();
  }
}

async function create(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('schedule create', args, {
    every: { type: 'string' },
    budget: { type: 'string' },
    words: { type: 'string' },
    language: { type: 'string' },
    depth: { type: 'string' },
    breadth: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.every === undefined) throw new UserError('schedule create needs --every, e.g. npm run client -- schedule create "<topic>" --every 7d');
  const every = parseEvery(values.every);
  if (!every.ok) throw new UserError(every.message);
  const cfg = loadCliConfig();
  const { topic, settings } = checkedInput(positionals.join(' '), cfg, { ...values, review: false, verify: false });
  const policy = policyFor(every.seconds);
  return withScheduleClient(async (client, _cfg, connection) => {
    const scheduleId = scheduleIdFor(topic, randomBytes(4).toString('hex'), Boolean(cfg.encryption));
    const taskQueue = cfg.offline ? offlineTaskQueue(cfg.temporal.taskQueue) : cfg.temporal.taskQueue;
    const searchAttributes = await ensureSearchAttributes(connection, cfg.temporal.namespace);
    const input: ResearchWorkflowInput = { topic, settings, searchAttributes, scheduleId };
    const attributes: SearchAttributePair[] = [
      ...(!cfg.encryption || cfg.indexTopic ? [{ key: SEARCH_ATTRIBUTES.topic.key, value: topic }] : []),
      { key: SEARCH_ATTRIBUTES.model.key, value: settings.model },
    ];
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: policy.everyMs }], jitter: policy.jitterMs },
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPE,
        // The server appends the scheduled time, so each run has its own ID.
        workflowId: `${scheduleId}-run`,
        taskQueue,
        args: [input],
        staticSummary: staticSummary(topic),
        staticDetails: staticDetails(settings),
        ...(searchAttributes ? { typedSearchAttributes: attributes } : {}),
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: policy.catchupWindowMs },
      memo: { topic },
    });
    if (values.json) {
      console.log(JSON.stringify({ scheduleId, topic, taskQueue, ...policy, overlap: 'SKIP' }));
      return 0;
    }
    console.log(`Schedule created: ${scheduleId}`);
    console.log(`  researches "${topic}" every ${formatDuration(policy.everyMs)} (jitter up to ${formatDuration(policy.jitterMs)}, catch-up window ${formatDuration(policy.catchupWindowMs)}, a run still going makes the next one skip)`);
    console.log(`  on task queue ${taskQueue}: npm run worker serves it${cfg.offline ? ' (offline: it also serves the corpus)' : ''}`);
    console.log(`  npm run client -- schedule show ${scheduleId}   lists its runs with cost and what changed`);
    return 0;
  });
}

/** What `list` and `show` print of a schedule's timing and state. */
export interface ScheduleRow {
  scheduleId: string;
  topic: string;
  every: string;
  jitter: string;
  catchupWindow: string;
  overlap: string;
  paused: boolean;
  note?: string;
  nextRun?: string;
}

function topicOf(memo: Record<string, unknown> | undefined, args?: readonly unknown[]): string {
  const fromArgs = (args?.[0] as { topic?: unknown } | undefined)?.topic;
  return typeof memo?.topic === 'string' ? memo.topic : typeof fromArgs === 'string' ? fromArgs : '(unknown topic)';
}

function rowOf(d: ScheduleDescription): ScheduleRow {
  const every = d.spec.intervals?.[0]?.every;
  return {
    scheduleId: d.scheduleId,
    topic: topicOf(d.memo, d.action.type === 'startWorkflow' ? d.action.args : undefined),
    every: typeof every === 'number' ? formatDuration(every) : String(every ?? '?'),
    jitter: formatDuration(d.spec.jitter ?? 0),
    catchupWindow: formatDuration(d.policies.catchupWindow),
    overlap: String(d.policies.overlap ?? 'SKIP'),
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    ...(d.info.nextActionTimes[0] ? { nextRun: d.info.nextActionTimes[0].toISOString() } : {}),
  };
}

function rowLine(r: ScheduleRow): string {
  const state = r.paused ? 'paused' : `next ${r.nextRun ?? '—'}`;
  return `${r.scheduleId}  every ${r.every} (jitter ${r.jitter}, catch-up ${r.catchupWindow}, overlap ${r.overlap})  ${state}  ${r.topic}`;
}

async function listSchedules(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('schedule list', args, { json: { type: 'boolean', default: false } });
  return withScheduleClient(async (client) => {
    const rows: ScheduleRow[] = [];
    for await (const summary of client.schedule.list()) {
      if (summary.action?.type !== 'startWorkflow' || summary.action.workflowType !== WORKFLOW_TYPE) continue;
      rows.push(rowOf(await client.schedule.getHandle(summary.scheduleId).describe()));
    }
    if (values.json) console.log(JSON.stringify(rows));
    else if (rows.length === 0) console.log('No research schedules: npm run client -- schedule create "<topic>" --every 7d makes one.');
    else rows.forEach((r) => console.log(rowLine(r)));
    return 0;
  });
}

/** One past run of a schedule: what `show` prints. */
export interface PastRun {
  workflowId: string;
  status: string;
  startedAt: string;
  costUsd?: number;
  changes?: string;
}

async function pastRun(client: Client, run: WorkflowExecutionInfo): Promise<PastRun> {
  const row: PastRun = { workflowId: run.workflowId, status: run.status.name, startedAt: run.startTime.toISOString() };
  if (run.status.name === 'COMPLETED') {
    // The run's typed result: its cost and its one-line comparison.
    const result = (await client.workflow.getHandle(run.workflowId, run.runId).result().catch((err: unknown) => {
      throw undecryptable(run.workflowId, err);
    })) as ResearchResult;
    return { ...row, costUsd: result.cost.total.costUsd, ...(result.changes ? { changes: result.changes.line } : {}) };
  }
  const cost = run.typedSearchAttributes.get(SEARCH_ATTRIBUTES.costUsd.key);
  return { ...row, ...(typeof cost === 'number' ? { costUsd: cost } : {}) };
}

async function show(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('schedule show', args, { json: { type: 'boolean', default: false } });
  const scheduleId = requireId('show', positionals);
  return withScheduleClient(async (client) => {
    const description = await client.schedule
      .getHandle(scheduleId)
      .describe()
      .catch((err: unknown) => {
        if (err instanceof ScheduleNotFoundError) return undefined;
        throw err;
      });
    const runs: PastRun[] = [];
    for await (const run of client.workflow.list({ query: scheduledRunsQuery(scheduleId) })) runs.push(await pastRun(client, run));
    runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    if (!description && runs.length === 0) throw new UserError(`no research schedule "${scheduleId}" on this server (npm run client -- schedule list shows them)`);
    const schedule = description ? rowOf(description) : undefined;
    if (values.json) {
      console.log(JSON.stringify({ schedule: schedule ?? null, skippedOverlap: description?.info.numActionsSkippedOverlap ?? null, runs }));
      return 0;
    }
    if (schedule) {
      console.log(rowLine(schedule));
      console.log(`  runs started: ${description!.info.numActionsTaken}, skipped while one was going: ${description!.info.numActionsSkippedOverlap}, missed the catch-up window: ${description!.info.numActionsMissedCatchupWindow}`);
    } else console.log(`${scheduleId}: deleted; its past runs stay readable (npm run client -- report <id>)`);
    if (runs.length === 0) console.log('  no run yet');
    for (const r of runs) {
      const cost = r.costUsd !== undefined ? `$${r.costUsd.toFixed(4)}` : '—';
      console.log(`  ${r.startedAt}  ${r.status.toLowerCase().padEnd(10)} ${cost.padStart(9)}  ${r.workflowId}${r.changes ? `  ${r.changes}` : ''}`);
    }
    return 0;
  });
}

function requireId(command: string, positionals: string[]): string {
  const [id] = positionals;
  if (!id) throw new UserError(`schedule ${command} needs a schedule ID: npm run client -- schedule ${command} <id> (schedule list shows them)`);
  return id;
}

async function onSchedule(command: string, args: string[], act: (handle: ReturnType<Client['schedule']['getHandle']>) => Promise<void>, said: string): Promise<number> {
  const { positionals } = parseCommandArgs(`schedule ${command}`, args, {});
  const scheduleId = requireId(command, positionals);
  return withScheduleClient(async (client) => {
    await act(client.schedule.getHandle(scheduleId)).catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) throw new UserError(`no research schedule "${scheduleId}" on this server (npm run client -- schedule list shows them)`);
      throw err;
    });
    console.log(`${scheduleId}: ${said}`);
    return 0;
  });
}
