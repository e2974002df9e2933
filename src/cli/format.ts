/** How runs look in the terminal: progress lines, results, links to the Temporal UI. */
import type { ResearchProgress, ResearchResult } from '../domain/types';
import { splitAddress } from '../temporal/devServer';

/** Prints each new progress line; `onError` hears failed polls (a query fails while no worker polls, or the server is away). */
export function watchProgress(poll: () => Promise<ResearchProgress>, onError?: (err: unknown) => void): () => void {
  let last = '';
  const timer = setInterval(() => {
    poll()
      .then((p) => {
        const line = formatProgress(p);
        if (line !== last) console.log(line);
        last = line;
      })
      .catch((err: unknown) => onError?.(err)); // the next tick tries again
  }, 500);
  return () => clearInterval(timer);
}

export function formatProgress(p: ResearchProgress): string {
  const pages = p.pagesPlanned > 0 ? `  pages ${p.pagesDone}/${p.pagesPlanned} read, ${p.pagesSummarized} useful` : '';
  const budget = p.stoppedByBudget ? '  (budget reached: no new pages)' : '';
  return `  [${p.stage}]${pages}  $${p.costUsd.toFixed(4)} of $${p.maxBudgetUsd}${budget}`;
}

/** The run's outcome in two lines: where its report is (`reportLine`), then words, pages and cost. */
export function printResult(r: ResearchResult, reportLine: string, words: number): void {
  const used = r.pages.filter((p) => p.status === 'summarized').length;
  console.log('');
  console.log(reportLine);
  console.log(
    `${words} words from ${used} of ${r.pages.length} pages; ${r.cost.total.calls} LLM calls, ` +
      `${r.cost.total.promptTokens} prompt + ${r.cost.total.completionTokens} completion tokens, $${r.cost.total.costUsd.toFixed(4)}` +
      (r.stoppedByBudget ? '; cut short by the budget' : ''),
  );
}

/**
 * The run's page in the Temporal UI: under TEMPORAL_UI_URL when set; on Temporal Cloud, its web UI; on a
 * local server, the dev server's UI (gRPC port + 1000). Another server's UI address cannot be guessed:
 * undefined, and the caller says how to get a link.
 */
export function uiLink(server: { address: string; namespace: string; uiUrl?: string }, workflowId: string): string | undefined {
  const page = `namespaces/${encodeURIComponent(server.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  if (server.uiUrl) return `${server.uiUrl.replace(/\/+$/, '')}/${page}`;
  const [host, port] = splitAddress(server.address);
  if (/\.tmprl\.cloud$/i.test(host)) return `https://cloud.temporal.io/${page}`;
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1') return `http://localhost:${port + 1000}/${page}`;
  return undefined;
}

/** The "Temporal UI:" line printed when a run starts. */
export function uiLine(server: { address: string; namespace: string; uiUrl?: string }, workflowId: string): string {
  return `Temporal UI: ${uiLink(server, workflowId) ?? 'set TEMPORAL_UI_URL to your Temporal UI (e.g. https://temporal.example.com) to get a link to this run'}`;
}
