/** Reaching the server, and the frame every command on one run shares. */
import {
  Client,
  Connection,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { researchWorkflow } from '../workflows/research';

/** A research run's handle: its result and queries are typed. */
export type ResearchHandle = WorkflowHandle<typeof researchWorkflow>;
import type { Config } from '../config';
import { isServerUp } from '../temporal/devServer';
import { loadCliConfig, UserError } from './errors';

export async function connectClient(cfg: Config): Promise<Client> {
  if (!(await isServerUp(cfg.temporal.address))) {
    throw new UserError(`cannot reach a Temporal server at ${cfg.temporal.address}: start one with npm run server, or set TEMPORAL_ADDRESS`);
  }
  const connection = await Connection.connect({ address: cfg.temporal.address });
  return new Client({ connection, namespace: cfg.temporal.namespace });
}

/** Runs `work` with a connected client, closing the connection afterwards. */
export async function withClient<T>(work: (client: Client, cfg: Config) => Promise<T>): Promise<T> {
  const cfg = loadCliConfig();
  const client = await connectClient(cfg);
  try {
    return await work(client, cfg);
  } finally {
    await client.connection.close();
  }
}

/**
 * The frame every command on one run shares: the ID is given, the server answers, the run exists
 * (else a one-line error saying where to find IDs), and the connection is closed afterwards.
 */
export async function withRun(
  command: string,
  workflowId: string | undefined,
  work: (handle: ResearchHandle, description: WorkflowExecutionDescription, client: Client) => Promise<void>,
): Promise<number> {
  if (!workflowId) throw new UserError(`${command} needs a workflow ID: npm run client -- ${command} <id> (npm run client -- list shows them)`);
  await withClient(async (client) => {
    const handle = client.workflow.getHandle<typeof researchWorkflow>(workflowId);
    const description = await handle.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) {
        throw new UserError(`no research run "${workflowId}" on this server (npm run client -- list shows them)`);
      }
      throw err;
    });
    await work(handle, description, client);
  });
  return 0;
}
