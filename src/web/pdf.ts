/**
 * PDF to text with unpdf (a maintained, dependency-free build of Mozilla's pdf.js).
 *
 * The parse runs in a worker thread:
 * - a hostile or huge PDF cannot block the event loop (activity heartbeats keep flowing),
 *   and it is stopped by a deadline and a heap limit;
 * - unpdf's CommonJS entry loads pdf.js with a real dynamic `import()`, which works in Node
 *   but not inside Jest's module sandbox; a worker thread is plain Node in both.
 * unpdf's pdf.js bundle polyfills what Node 20 lacks (e.g. Promise.withResolvers) itself.
 */
import { Worker } from 'node:worker_threads';

export interface PdfText {
  title?: string;
  text: string;
}

export interface PdfOptions {
  /** Gives up on the parse after this long (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class PdfError extends Error {
  override readonly name = 'PdfError';
}

const DEFAULT_TIMEOUT_MS = 30_000;
const WORKER_HEAP_MB = 512;

/** Plain JavaScript evaluated in the worker; `unpdfPath` is resolved here so it works from any cwd. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { getDocumentProxy, getMeta, extractText } = require(workerData.unpdfPath);
(async () => {
  const pdf = await getDocumentProxy(workerData.data, { verbosity: 0 });
  try {
    const meta = await getMeta(pdf).catch(() => undefined);
    const title = meta && meta.info && typeof meta.info.Title === 'string' ? meta.info.Title : undefined;
    const { text } = await extractText(pdf, { mergePages: false });
    parentPort.postMessage({ ok: true, title, pages: text });
  } finally {
    await pdf.destroy();
  }
})().catch((error) => parentPort.postMessage({ ok: false, message: String((error && error.message) || error) }));
`;

type WorkerReply = { ok: true; title?: string; pages: string[] } | { ok: false; message: string };

function tidyPage(page: string): string {
  return page
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Extracts the text of every page (pages separated by blank lines) and the document title. */
export function pdfToText(data: Uint8Array, options: PdfOptions = {}): Promise<PdfText> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<PdfText>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // A copy of just these bytes (a Buffer may be a view into a larger pooled ArrayBuffer).
      workerData: { data: new Uint8Array(data), unpdfPath: require.resolve('unpdf') },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      stdout: true, // pdf.js warnings about odd fonts are not ours to print
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => finish(() => reject(options.signal?.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => finish(() => reject(new PdfError(`the PDF could not be read within ${timeoutMs} ms`))), timeoutMs);

    worker.once('message', (reply: WorkerReply) => {
      finish(() => {
        if (!reply.ok) return reject(new PdfError(`unreadable PDF: ${reply.message}`));
        const text = reply.pages.map(tidyPage).filter(Boolean).join('\n\n');
        const title = reply.title?.replace(/\s+/g, ' ').trim();
        resolve({ ...(title ? { title } : {}), text });
      });
    });
    worker.once('error', (error) => finish(() => reject(new PdfError(`unreadable PDF: ${error.message}`, { cause: error }))));
    worker.once('exit', (code) => finish(() => reject(new PdfError(`the PDF reader stopped unexpectedly (exit code ${code})`))));
  });
}
