/** Helpers for the offline-world tests: page text as an extractor sees it, decoding, word counts. */
import { load } from 'cheerio';
import { Worker } from 'node:worker_threads';
import type { CorpusPage } from '../corpus';
import { decodeWindows1252 } from '../corpus/charset';

export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Decodes a corpus body with the charset its Content-Type declares. */
export function decodeBody(page: CorpusPage, body: Uint8Array): string {
  const charset = /charset=([\w-]+)/i.exec(page.contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  return charset === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(charset).decode(body);
}

/** The text of the page's <article>: what the corpus calls main text. */
export function articleTextOf(html: string): string {
  return normalize(load(html)('article').text());
}

/** All text of the document, entities decoded. */
export function pageTextOf(html: string): string {
  return normalize(load(html).root().text());
}

/** unpdf loads pdf.js with a dynamic import(), which Jest's sandbox refuses; a worker thread is plain Node. */
const PDF_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { getDocumentProxy, extractText } = require(workerData.unpdfPath);
getDocumentProxy(workerData.data, { verbosity: 0 })
  .then((pdf) => extractText(pdf, { mergePages: true }))
  .then(({ text }) => parentPort.postMessage({ text }), (error) => parentPort.postMessage({ error: String(error) }));
`;

/** The PDF's text as pdf.js extracts it, whitespace collapsed. */
export function pdfText(body: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PDF_WORKER, { eval: true, workerData: { data: new Uint8Array(body), unpdfPath: require.resolve('unpdf') } });
    worker.once('message', (reply: { text?: string; error?: string }) => {
      void worker.terminate();
      if (reply.text !== undefined) resolve(normalize(reply.text));
      else reject(new Error(reply.error));
    });
    worker.once('error', reject);
  });
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Every [n] citation number in a Markdown text. */
export function citedIds(markdown: string): number[] {
  return [...markdown.matchAll(/\[(\d+)\](?!\()/g)].map((m) => Number(m[1]));
}
