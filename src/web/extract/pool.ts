/**
 * A small pool of worker threads (piscina) that extracts pages off the event loop, one page per
 * thread at a time, with a heap cap and a time cap per page. A page past either cap is reported as
 * too large; its thread is replaced and the pool carries on.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Piscina } from 'piscina';
import type { PageExtraction, PageInput } from './page';

export interface ExtractionPoolOptions {
  /** Threads; default: the machine's cores. */
  threads?: number;
  /** Old-generation heap per thread, in MB: a page that needs more is skipped as too large. */
  maxHeapMb?: number;
  /** Longest extraction of one page before it is skipped as too large. */
  timeoutMs?: number;
}

export type PoolExtraction = PageExtraction | { ok: false; status: 'too-large'; reason: string };

export const DEFAULT_MAX_HEAP_MB = 512;
export const DEFAULT_EXTRACT_TIMEOUT_MS = 30_000;

/** The task module beside this one: compiled JS as is, TypeScript sources through tsx's loader. */
function taskModule(): { filename: string; execArgv: string[] } {
  const ext = extname(__filename);
  const filename = join(__dirname, `task${ext}`);
  return { filename, execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [] };
}

export class ExtractionPool {
  private readonly pool: Piscina;
  private readonly maxHeapMb: number;
  private readonly timeoutMs: number;

  constructor(options: ExtractionPoolOptions = {}) {
    const threads = options.threads ?? Math.max(1, availableParallelism());
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_EXTRACT_TIMEOUT_MS;
    this.pool = new Piscina({
      ...taskModule(),
      minThreads: 0,
      maxThreads: threads,
      // One page per thread at a time; queued pages wait for a free thread.
      concurrentTasksPerWorker: 1,
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
    });
  }

  /**
   * Extracts one page. The time cap counts from the moment a thread takes the page, not from the
   * queue: pages beyond the thread count wait here, each starting its clock when it gets a thread.
   */
  async extract(input: PageInput, signal?: AbortSignal): Promise<PoolExtraction> {
    await this.acquire(signal);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return (await this.pool.run(input, { signal: combined })) as PageExtraction;
    } catch (error) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : error;
      if (timeout.aborted) {
        return { ok: false, status: 'too-large', reason: `the page took more than ${this.timeoutMs / 1000} s to extract` };
      }
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return { ok: false, status: 'too-large', reason: `the page needs more than ${this.maxHeapMb} MB to extract` };
      }
      throw error;
    } finally {
      this.release();
    }
  }

  private running = 0;
  private readonly waiting: Array<() => void> = [];

  private async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.running < this.threads) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(start);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      this.waiting.push(start);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  get threads(): number {
    return this.pool.options.maxThreads;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

let shared: ExtractionPool | undefined;

/** The process-wide pool, created on first use (its idle threads do not keep the process alive). */
export function sharedExtractionPool(): ExtractionPool {
  shared ??= new ExtractionPool();
  return shared;
}

export async function closeSharedExtractionPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
