/**
 * findEvidence off the worker's event loop for long pages: reading every sentence's figures of a long page is
 * CPU work on web text, which may be built to make it slow. Short pages are read in place (a thread costs
 * more than they do). Past the time cap, or if the thread fails, the page gives no quotes: its figures count as
 * unverified, and the run goes on.
 */
import { Worker } from 'node:worker_threads';
import type { EvidenceQuote, RecheckedQuote } from '../domain/types';
import { pageEvidence } from './evidence';

export const EVIDENCE_THREAD_TIMEOUT_MS = 20_000;
/** Page text up to this many characters is read on the calling thread (a few milliseconds at most). */
export const IN_PLACE_CHARS = 20_000;

/** The thread loads evidence.ts as it is on disk: compiled JavaScript, or TypeScript through tsx in development and tests. */
const THREAD_MAIN = `
const { parentPort, workerData } = require('node:worker_threads');
if (/\\.ts$/.test(workerData.module)) require('tsx/cjs');
const { pageEvidence } = require(workerData.module);
parentPort.postMessage(pageEvidence(workerData.summary, workerData.pageText, workerData.recheck));
`;

type PageEvidence = { evidence: EvidenceQuote[]; rechecked?: RecheckedQuote[] };

export async function findEvidenceOffThread(
  summary: string,
  pageText: string,
  options: { timeoutMs?: number; inPlaceChars?: number; recheck?: readonly EvidenceQuote[] } = {},
): Promise<PageEvidence> {
  if (pageText.length <= (options.inPlaceChars ?? IN_PLACE_CHARS)) return pageEvidence(summary, pageText, options.recheck);
  // Without an answer: no quote (figures unverified), and the last run's quotes not found now.
  const none: PageEvidence = { evidence: [], ...(options.recheck ? { rechecked: options.recheck.map((q) => ({ quote: q.quote, figure: q.figure, given: false })) } : {}) };
  return new Promise<PageEvidence>((resolve) => {
    let settled = false;
    const worker = new Worker(THREAD_MAIN, {
      eval: true,
      workerData: { module: require.resolve('./evidence'), summary, pageText, recheck: options.recheck ? [...options.recheck] : undefined },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const settle = (found: PageEvidence) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(found);
    };
    const timer = setTimeout(() => settle(none), options.timeoutMs ?? EVIDENCE_THREAD_TIMEOUT_MS);
    worker.once('message', (found: PageEvidence) => settle(found));
    worker.once('error', () => settle(none));
    worker.once('exit', () => settle(none));
  });
}
