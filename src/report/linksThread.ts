/**
 * removeUnreadLinks off the worker's event loop: parsing a long report body takes from tens to hundreds
 * of milliseconds of CPU, and the body was written by a model after reading web pages, so it may be built
 * to make the parser slow. A worker thread does the parsing under a time cap; past the cap, or if the
 * thread fails, the body is disarmed without parsing (no foreign URL, no active link or HTML left), so the
 * report is always written.
 */
import { Worker } from 'node:worker_threads';
import { disarm, type LinkScrub, mayHoldLinks, readPredicate, removeUnreadLinks } from './links';

export const LINKS_THREAD_TIMEOUT_MS = 20_000;

/** The thread loads links.ts as it is on disk: compiled JavaScript, or TypeScript through tsx in development and tests. */
const THREAD_MAIN = `
const { parentPort, workerData } = require('node:worker_threads');
if (/\\.ts$/.test(workerData.module)) require('tsx/cjs');
const { removeUnreadLinks } = require(workerData.module);
parentPort.postMessage(removeUnreadLinks(workerData.markdown, workerData.readUrls));
`;

export async function removeUnreadLinksOffThread(
  markdown: string,
  readUrls: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<LinkScrub> {
  // Nothing that could be a link: no parse, no thread.
  if (!mayHoldLinks(markdown)) return removeUnreadLinks(markdown, readUrls);
  const fallback = () => disarm(markdown, readPredicate(readUrls));
  return new Promise<LinkScrub>((resolve) => {
    let settled = false;
    const worker = new Worker(THREAD_MAIN, {
      eval: true,
      workerData: { module: require.resolve('./links'), markdown, readUrls: [...readUrls] },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const settle = (result: LinkScrub) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle(fallback()), options.timeoutMs ?? LINKS_THREAD_TIMEOUT_MS);
    worker.once('message', (result: LinkScrub) => settle(result));
    worker.once('error', () => settle(fallback()));
    worker.once('exit', () => settle(fallback()));
  });
}
