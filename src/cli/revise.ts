/**
 * `revise <id> [--words N] [--language L] [--instructions "..."] [--out FILE]`: a new report from a
 * finished run's sources, as its own workflow (reviseWorkflow), without searching or reading again.
 */
import { type Client, WorkflowFailedError, type WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { LanguageSchema, ResearchInputSchema, type ResearchResult, type ResearchSettings, type SourceSummary } from '../domain/types';
import { offlineTaskQueue } from '../offlineWorld';
import { ensureSearchAttributes } from '../temporal/searchAttributes';
import type { RunMemo } from '../workflows/memo';
import { REVISE_WORKFLOW_TYPE, REVISION_OF, type ReviseResult, type ReviseWorkflowInput } from '../workflows/revise';
import { parseCommandArgs } from './args';
import { clientOn, connectTemporal, fetchDecodedHistory, type ResearchHandle, undecryptable } from './connect';
import { legacySourcesAndSettings } from './legacyHistory';
import { EXIT, loadCliConfig, rootMessage, UserError } from './errors';
import { leavingLines, type OwnWorker, startOwnWorker, worldFor } from './ownWorker';
import { uiLine } from './format';
import { reportLine, saveReport, writeOutFile } from './report';

export interface RevisionOptions {
  reportWords?: number;
  language?: string;
  instructions?: string;
  maxBudgetUsd?: number;
}

/**
 * What a finished run read: its typed result, with the sources' summaries and its settings (runs recorded
 * before the result carried them: read from their report step's input in the history).
 */
export async function readFinishedRun(handle: ResearchHandle): Promise<{ result: ResearchResult; sources: SourceSummary[]; settings: ResearchSettings }> {
  const result = await handle.result();
  if (result.sources && result.settings) return { result, sources: result.sources, settings: result.settings };
  const legacy = legacySourcesAndSettings(await fetchDecodedHistory(handle));
  if (!legacy) throw new UserError(`run "${handle.workflowId}" has no report step in its history to take sources from`);
  return { result, ...legacy };
}

/** Starts the revision of a finished run on `taskQueue`; linked by memo and, when registered, search attribute. */
export async function startRevision(
  client: Client,
  originalId: string,
  taskQueue: string,
  options: RevisionOptions,
  withSearchAttribute: boolean,
): Promise<WorkflowHandle<(input: ReviseWorkflowInput) => Promise<ReviseResult>>> {
  const original = client.workflow.getHandle(originalId);
  const description = await original.describe().catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) throw new UserError(`no research run "${originalId}" on this server (npm run client -- list shows them)`);
    throw err;
  });
  if (description.status.name !== 'COMPLETED') {
    throw new UserError(`run "${originalId}" is ${description.status.name.toLowerCase()}: only a completed run can be revised`);
  }
  const { result, sources, settings } = await readFinishedRun(original).catch((err: unknown) => {
    throw undecryptable(originalId, err);
  });
  const overrides: Partial<ResearchSettings> = {};
  if (options.reportWords !== undefined) overrides.reportWords = options.reportWords;
  if (options.language !== undefined) {
    const language = LanguageSchema.safeParse(options.language);
    if (!language.success) throw new UserError(`--language ${language.error.issues[0].message}`);
    overrides.language = language.data;
  }
  if (options.maxBudgetUsd !== undefined) overrides.maxBudgetUsd = options.maxBudgetUsd;
  const checked = ResearchInputSchema.safeParse({ topic: result.topic, settings: { ...settings, ...overrides } });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UserError(`${FLAG_OF[String(issue.path[issue.path.length - 1])] ?? issue.path.join('.')} ${issue.message}`);
  }
  const input: ReviseWorkflowInput = {
    revisionOf: originalId,
    topic: checked.data.topic,
    sources,
    pages: result.pages,
    queries: result.queries,
    notes: result.notes,
    settings: checked.data.settings,
    ...(options.instructions ? { instructions: options.instructions } : {}),
  };
  return client.workflow.start<(input: ReviseWorkflowInput) => Promise<ReviseResult>>(REVISE_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: `${originalId}-revision-${Date.now().toString(36)}`,
    args: [input],
    memo: { revisionOf: originalId } satisfies RunMemo,
    ...(withSearchAttribute ? { typedSearchAttributes: [{ key: REVISION_OF, value: originalId }] } : {}),
  });
}

const FLAG_OF: Record<string, string> = { reportWords: '--words', language: '--language', maxBudgetUsd: '--budget' };

export async function revise(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('revise', args, {
    words: { type: 'string' },
    language: { type: 'string' },
    instructions: { type: 'string' },
    budget: { type: 'string' },
    out: { type: 'string' },
    'no-worker': { type: 'boolean', default: false },
  });
  const originalId = positionals[0];
  if (!originalId) throw new UserError('revise needs the ID of a finished run: npm run client -- revise <id> [--words N] (npm run client -- list shows them)');
  const options: RevisionOptions = {
    ...(values.words !== undefined ? { reportWords: Number(values.words) } : {}),
    ...(values.language !== undefined ? { language: values.language } : {}),
    ...(values.budget !== undefined ? { maxBudgetUsd: Number(values.budget) } : {}),
    ...(values.instructions ? { instructions: values.instructions.slice(0, 2_000) } : {}),
  };
  const cfg = loadCliConfig();
  const connection = await connectTemporal(cfg.temporal);
  const client = clientOn(connection, cfg);
  let world: Awaited<ReturnType<typeof worldFor>> = undefined;
  let worker: OwnWorker | undefined;
  try {
    world = values['no-worker'] ? undefined : await worldFor(cfg);
    // The revision is this user's, like a research run: on a task queue of its own, worked by this process.
    worker = values['no-worker'] ? undefined : await startOwnWorker(cfg, cfg.temporal, { world });
    const taskQueue = worker?.taskQueue ?? (cfg.offline ? offlineTaskQueue(cfg.temporal.taskQueue) : cfg.temporal.taskQueue);
    const linked = await ensureSearchAttributes(connection, cfg.temporal.namespace);
    const handle = await startRevision(client, originalId, taskQueue, options, linked);
    console.log(`Revision started: ${handle.workflowId} (from ${originalId}; no new searches or page reads)`);
    console.log(uiLine(cfg.temporal, handle.workflowId));
    const outcome = worker ? await worker.runWhile(() => handle.result(), leavingLines, () => handle.workflowId) : await handle.result();
    if (outcome === 'interrupted') return EXIT.interrupted;
    const result = outcome;
    const found = { markdown: result.report.markdown, words: result.report.words };
    const saved = await reportLine(values.out ? writeOutFile(values.out, found.markdown) : saveReport(cfg.outputDir, result.topic, handle.workflowId, found));
    console.log(`\n${saved.line}`);
    console.log(`${result.report.words} words; ${result.cost.total.calls} LLM calls, $${result.cost.total.costUsd.toFixed(4)}`);
    return saved.exitCode;
  } catch (err) {
    if (err instanceof WorkflowFailedError) throw new UserError(`revise failed: ${rootMessage(err)}`);
    throw err;
  } finally {
    await connection.close();
    await worker?.close();
    await world?.close();
  }
}
