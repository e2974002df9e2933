/** How runs look in the terminal: progress lines, results, links to the Temporal UI. */
import type { ResearchProgress, ResearchResult } from '../domain/types';

export function watchProgress(poll: () => Promise<ResearchProgress>): () => void {
  let last = '';
  const timer = setInterval(() => {
    poll()
      .then((p) => {
        const line = formatProgress(p);
        if (line !== last) console.log(line);
        last = line;
      })
      .catch(() => undefined); // a query can fail while no worker is polling; the next tick tries again
  }, 500);
  return () => clearInterval(timer);
}

export function formatProgress(p: ResearchProgress): string {
  const pages = p.pagesPlanned > 0 ? `  pages ${p.pagesDone}/${p.pagesPlanned} read, ${p.pagesSummarized} useful` : '';
  const budget = p.stoppedByBudget ? '  (budget reached: no new pages)' : '';
  return `  [${p.stage}]${pages}  $${p.costUsd.toFixed(4)} of $${p.maxBudgetUsd}${budget}`;
}

export function printResult(r: ResearchResult): void {
  const used = r.pages.filter((p) => p.status === 'summarized').length;
  console.log('');
  console.log(`Report: ${r.report.path ?? '(no copy on this machine: `npm run client -- report <workflow-id>` prints it)'}`);
  console.log(
    `${r.report.words} words from ${used} of ${r.pages.length} pages; ${r.cost.total.calls} LLM calls, ` +
      `${r.cost.total.promptTokens} prompt + ${r.cost.total.completionTokens} completion tokens, $${r.cost.total.costUsd.toFixed(4)}` +
      (r.stoppedByBudget ? '; cut short by the budget' : ''),
  );
}

export function uiLink(address: string, namespace: string, workflowId: string): string {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.split(':').pop())];
  const uiHost = host === '127.0.0.1' ? 'localhost' : host;
  return `http://${uiHost}:${port + 1000}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
