/** `list [--json] [--limit N] [--query FILTER]`: recent research runs with their topic, stage and cost. */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { isEncrypted } from '../temporal/encryption';
import { RESEARCH_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { type ResearchAttribute, SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../workflows/definitions';
import { parseCommandArgs } from './args';
import { withClient } from './connect';
import { rootMessage, UserError } from './errors';

export interface RunRow {
  workflowId: string;
  runId: string;
  status: string;
  topic?: string;
  stage?: string;
  costUsd?: number;
  pagesRead?: number;
  model?: string;
  startTime: string;
  closeTime?: string;
  /** The run's payloads are encrypted (RESEARCH_ENCRYPTION_KEYS): its topic is in no search attribute unless indexed. */
  encrypted?: boolean;
}

/** One run as `list` shows it, from its visibility record (search attributes; no worker needed). */
export function runRow(
  info: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'status' | 'typedSearchAttributes' | 'startTime' | 'closeTime'>,
): RunRow {
  const value = (attribute: ResearchAttribute): unknown => info.typedSearchAttributes.get(SEARCH_ATTRIBUTES[attribute].key as never);
  const text = (attribute: ResearchAttribute) => {
    const v = value(attribute);
    return typeof v === 'string' ? v : undefined;
  };
  const num = (attribute: ResearchAttribute) => {
    const v = value(attribute);
    return typeof v === 'number' ? v : undefined;
  };
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    status: info.status.name,
    topic: text('topic'),
    stage: text('stage'),
    costUsd: num('costUsd'),
    pagesRead: num('pagesRead'),
    model: text('model'),
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString(),
  };
}

export function formatRows(rows: RunRow[]): string[] {
  const cells = rows.map((r) => [
    r.status,
    r.stage ?? '-',
    r.costUsd === undefined ? '-' : `$${r.costUsd.toFixed(4)}`,
    r.startTime.replace('T', ' ').slice(0, 19),
    oneLine(r.topic ?? (r.encrypted ? '(encrypted)' : '-'), 48),
    r.workflowId,
  ]);
  const header = ['STATUS', 'STAGE', 'COST', 'STARTED (UTC)', 'TOPIC', 'WORKFLOW ID'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [header, ...cells].map((c) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('  '));
}

export async function list(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('list', args, {
    json: { type: 'boolean', default: false },
    limit: { type: 'string', default: '20' },
    query: { type: 'string' },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit must be a whole number of runs, 1 or more (got "${values.limit}")`);
  const query = `WorkflowType = '${WORKFLOW_TYPE}'${values.query ? ` AND (${values.query})` : ''}`;
  const rows = await withClient(async (client) => {
    const found: RunRow[] = [];
    try {
      for await (const { info, encrypted } of listRuns(client, query)) {
        found.push({ ...runRow(info), ...(encrypted ? { encrypted } : {}) });
        if (found.length >= limit) break;
      }
    } catch (err) {
      if (values.query) {
        const names = RESEARCH_SEARCH_ATTRIBUTES.map((a) => a.name).join(', ');
        throw new UserError(`the server refused --query "${values.query}": ${rootMessage(err)} (filters can use ${names}, and Temporal's own such as ExecutionStatus)`);
      }
      throw err;
    }
    return found;
  });
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) console.log('No research runs on this server yet: npm run research -- "<topic>" starts one.');
  else for (const line of formatRows(rows)) console.log(line);
  return 0;
}

/**
 * The runs a visibility query finds, as the SDK's list gives them but without their memo: on a shared
 * server some runs are encrypted with keys this user does not hold, and the SDK's list decodes every memo
 * (and fails on the first it cannot open). The rows need only the search attributes.
 */
async function* listRuns(client: Client, query: string): AsyncIterable<{ info: Awaited<ReturnType<typeof executionInfoFromRaw>>; encrypted: boolean }> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const response = await client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query, nextPageToken, pageSize: 100 });
    for (const raw of response.executions ?? []) {
      const encrypted = Object.values(raw.memo?.fields ?? {}).some((payload) => isEncrypted(payload));
      yield { info: await executionInfoFromRaw(withoutMemo(raw), client.options.loadedDataConverter, raw, client.options.namespace), encrypted };
    }
    nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
  } while (nextPageToken);
}

/**
 * A visibility record without its memo. Not a spread: protobuf's decoded messages keep their default values (a
 * running run's history length of 0, say) on the prototype, which a spread drops.
 */
export function withoutMemo<T extends object>(raw: T): T {
  return Object.assign(Object.create(raw) as T, { memo: undefined });
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
