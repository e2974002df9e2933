/**
 * Following a run to its end (`research`, `watch`): progress lines, the report saved where the user runs
 * the command, and a server that goes away mid-run (restarted, network) waited for instead of failing:
 * the run is kept on the server, so the command reconnects, or says how to reattach.
 */
import { CancelledFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { ResearchResult } from '../domain/types';
import type { TemporalTarget } from '../temporal/connection';
import { isPortOpen } from '../temporal/devServer';
import { isServerUp } from '../temporal/reach';
import { progressQuery } from '../workflows/definitions';
import { fetchDecodedHistory, type ResearchHandle } from './connect';
import { EXIT, rootMessage, UserError } from './errors';
import { printResult, watchProgress } from './format';
import { type ReportFormat, reportLine, saveReport } from './report';
import { reviewInTerminal } from './review';
import { reportFromHistory, reportFromResult, runTopic } from './reportSource';

export interface FollowOptions {
  /** Ask for the run's review in this terminal when it waits for one (`research --review`, attached). */
  reviewPrompt?: (question: string) => Promise<string>;
  /** The server (spoken to as the connection does: TLS or not), to tell a lost server from a failed call. */
  server: TemporalTarget;
  /** Where the report is saved (RESEARCH_OUTPUT_DIR, resolved where the command runs). */
  outputDir: string;
  /** `--format`: html or pdf also saves that export next to the Markdown. */
  format?: ReportFormat;
  /** How long to wait for a lost server before giving up (saying how to reattach). */
  reconnectTimeoutMs?: number;
}

const DEFAULT_RECONNECT_MS = 10 * 60_000;

export async function followRun(handle: ResearchHandle, options: FollowOptions): Promise<number> {
  const server = new ServerWatch(options.server, handle.workflowId);
  const stopProgress = watchProgress(() => handle.query(progressQuery));
  const stopReview = options.reviewPrompt ? reviewInTerminal(handle, options.reviewPrompt) : () => undefined;
  const stopWatching = () => {
    stopProgress();
    stopReview();
    server.stop();
  };
  try {
    const result = await resultSurvivingRestarts(handle, server, options.reconnectTimeoutMs ?? DEFAULT_RECONNECT_MS);
    stopWatching();
    const found = await reportFromResult(result);
    const saved = found
      ? await reportLine(saveReport(options.outputDir, result.topic, handle.workflowId, found, options.format))
      : { line: `The run returned no report (npm run client -- report ${handle.workflowId} tries again).`, exitCode: EXIT.ok };
    printResult(result, saved.line, found?.words ?? result.report.words);
    // The run ended, but part of its report is missing because of the model: a script must not take it for a success.
    if (result.modelTrouble) {
      console.error(`error: ${result.modelTrouble}`);
      return EXIT.modelTrouble;
    }
    return saved.exitCode;
  } catch (err) {
    if (err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure) {
      // Cancelled from elsewhere (the UI, `client cancel`): the run wrote its report from what it had.
      const history = await fetchDecodedHistory(handle);
      const found = await reportFromHistory(history);
      const saved = found ? await saveReport(options.outputDir, runTopic(history) ?? handle.workflowId, handle.workflowId, found, options.format) : undefined;
      throw new UserError(`the run was cancelled; ${saved ? `its report from what it gathered: ${saved}` : 'it ended without a report'}`);
    }
    if (err instanceof WorkflowFailedError) throw new UserError(`research failed: ${rootMessage(err)}`);
    throw err;
  } finally {
    stopWatching();
  }
}

/** The run's result; while the server is away, waits for it to answer again and goes on. */
async function resultSurvivingRestarts(handle: ResearchHandle, server: ServerWatch, timeoutMs: number): Promise<ResearchResult> {
  for (;;) {
    try {
      return await handle.result();
    } catch (err) {
      if (err instanceof WorkflowFailedError || (await isServerUp(server.target))) throw err;
      await server.waitUntilBack(timeoutMs);
    }
  }
}

/** Tells the user once when the server is lost and when it is back. */
class ServerWatch {
  private lost = false;
  private checking = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly target: TemporalTarget,
    private readonly workflowId: string,
  ) {
    // Calls to a vanished server are retried quietly for a while; a port probe notices at once.
    this.timer = setInterval(() => void this.check(), 1_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      if (!this.lost && !(await isPortOpen(this.target.address))) this.markLost();
      else if (this.lost && (await isServerUp(this.target))) this.markBack();
    } finally {
      this.checking = false;
    }
  }

  async waitUntilBack(timeoutMs: number): Promise<void> {
    this.markLost();
    const deadline = Date.now() + timeoutMs;
    while (!(await isServerUp(this.target))) {
      if (Date.now() > deadline) {
        throw new UserError(
          `the Temporal server at ${this.target.address} has not answered for ${Math.round(timeoutMs / 60_000)} minutes; ` +
            `the run is kept on the server: once it is back, reattach with npm run client -- watch ${this.workflowId}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    this.markBack();
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    console.log(`  Lost the Temporal server at ${this.target.address}: waiting for it to come back. The run is kept on the server;`);
    console.log(`  Ctrl-C stops waiting, and npm run client -- watch ${this.workflowId} reattaches later.`);
  }

  private markBack(): void {
    if (!this.lost) return;
    this.lost = false;
    console.log(`  The Temporal server at ${this.target.address} answers again: following the run.`);
  }
}
