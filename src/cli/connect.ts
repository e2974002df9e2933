/** Reaching the server, and the frame every command on one run shares. */
import {
  Client,
  type Connection,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { researchWorkflow } from '../workflows/research';

/** A research run's handle: its result and queries are typed. */
export type ResearchHandle = WorkflowHandle<typeof researchWorkflow>;
import type { Config } from '../config';
import type { History } from '@temporalio/common/lib/proto-utils';
import { clientDataConverter } from '../temporal/dataConverter';
import { decodeHistory } from '../temporal/history';
import { cannotDecryptLine, decryptionErrorIn } from '../temporal/encryption';
import { openConnection, TemporalConnectionError } from '../temporal/reach';
import type { TemporalTarget } from '../temporal/connection';
import { loadCliConfig, UserError } from './errors';

/**
 * The connection every command makes: to the server the configuration names (profile, TLS, API key), its
 * namespace checked; a failure is one line naming the address and the cause.
 */
export async function connectTemporal(target: TemporalTarget): Promise<Connection> {
  try {
    return await openConnection(target);
  } catch (err) {
    if (err instanceof TemporalConnectionError) throw new UserError(err.message);
    throw err;
  }
}

/** A client on a connection, with the data converter of every client (the encryption codec). */
export function clientOn(connection: Connection, cfg: Pick<Config, 'temporal' | 'encryption'>): Client {
  return new Client({ connection, namespace: cfg.temporal.namespace, dataConverter: clientDataConverter(cfg.encryption) });
}

export async function connectClient(cfg: Config): Promise<Client> {
  return clientOn(await connectTemporal(cfg.temporal), cfg);
}

/** A run's history with its payloads decoded by the handle's client (decrypted when the run is encrypted). */
export async function fetchDecodedHistory(handle: WorkflowHandle): Promise<History> {
  return decodeHistory(await handle.fetchHistory(), handle.client.options.loadedDataConverter);
}

/** A run this client cannot decrypt is one line naming the run, the key file and the key id; other errors pass. */
export function undecryptable(workflowId: string, err: unknown): unknown {
  const decryption = decryptionErrorIn(err);
  return decryption ? new UserError(cannotDecryptLine(workflowId, decryption)) : err;
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
      throw undecryptable(workflowId, err);
    });
    await work(handle, description, client).catch((err: unknown) => {
      throw undecryptable(workflowId, err);
    });
  });
  return 0;
}
