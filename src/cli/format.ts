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

export function uiLink(address: string, namespace: string, workflowId: string): string {
  const [host, port] = splitAddress(address);
  const uiHost = host === '127.0.0.1' ? 'localhost' : host;
  return `http://${uiHost}:${port + 1000}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
